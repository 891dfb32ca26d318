package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The spare: the output a swap replaced, which the next build stages into
// (see the package comment). Nothing in it is trusted.

// sparePath is the folder beside out that holds the output before it.
func sparePath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".kokeilu-spare")
}

// spareEntry is a file or folder found in the spare before staging.
type spareEntry struct {
	name string // slash path in the spare
	dir  bool   // a real folder, not a link to one
	ino  uint64 // a regular file's inode number; 0 when not known
}

// reusable reports whether the spare can be staged into: a real folder in
// which every folder is writable, so that the build can change it. It
// lists what the spare holds on the way, in the order of fs.WalkDir (what
// is below a folder right after it): the one walk of the spare a build
// makes. Nothing but this build writes into the spare afterwards (it holds
// the lock), so the list and what the build stages are all that can be
// there when prune runs, and Keep and mkdir may go by the list.
func reusable(spare string) ([]spareEntry, bool) {
	fi, err := os.Lstat(spare)
	if err != nil || !fi.IsDir() {
		return nil, false
	}
	found, err := listSpare(spare)
	return found, err == nil
}

// walkSpare is listSpare with fs.WalkDir, where the system cannot tell
// inode numbers without a look at each file.
func walkSpare(spare string) ([]spareEntry, error) {
	var found []spareEntry
	err := filepath.WalkDir(spare, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == spare {
			return writable(p)
		}
		rel, err := filepath.Rel(spare, p)
		if err != nil {
			return err
		}
		found = append(found, spareEntry{name: filepath.ToSlash(rel), dir: e.IsDir()})
		if e.IsDir() {
			return writable(p)
		}
		return nil
	})
	return found, err
}

// known sets up what the list of the spare tells: its real folders, and
// the inode of each regular file.
func (d *Dir) known(found []spareEntry) {
	d.spareDir = make(map[string]bool)
	d.spareIno = make(map[string]uint64, len(found))
	for _, e := range found {
		switch {
		case e.dir:
			d.spareDir[e.name] = true
		case e.ino != 0:
			d.spareIno[e.name] = e.ino
		}
	}
}

// OutputInodes tells the build the inode number of each file of the
// previous output (slash paths), as the caller found them. A file of the
// spare with the same number is that file (the two folders are on one
// file system: the spare has no mount point below it, see listSpare), so
// keeping it takes no system call.
func (d *Dir) OutputInodes(inodes map[string]uint64) { d.outIno = inodes }

// linked reports whether the spare's file name is already the previous
// output's file, by the lists alone.
func (d *Dir) linked(name string) bool {
	if !d.reuse || d.outIno == nil {
		return false
	}
	ino, ok := d.spareIno[name]
	return ok && ino == d.outIno[name]
}

// makeRoom makes room in the spare for a new file dst. A file there may be a
// hard link to the output's: it is removed, never written into.
func makeRoom(dst string) error {
	fi, err := os.Lstat(dst)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.IsDir():
		return os.RemoveAll(dst)
	}
	return os.Remove(dst)
}

// linkOld puts the output's file old (name) at dst: nothing to do when the
// spare's file there is the same file.
func (d *Dir) linkOld(name, old, dst string) error {
	if d.linked(name) {
		return nil
	}
	if d.reuse {
		if fo, err := os.Lstat(old); err == nil {
			if fd, err := os.Lstat(dst); err == nil && os.SameFile(fo, fd) {
				return nil
			}
		}
		if err := makeRoom(dst); err != nil {
			return err
		}
	}
	return os.Link(old, dst)
}

// prune removes from the spare what this build did not put there: files
// and folders of earlier outputs that are no longer in the site, and
// anything else found in it. It runs once, after the last file is staged.
func (d *Dir) prune() error {
	if !d.reuse || d.pruned {
		return nil
	}
	d.pruned = true
	gone := "" // a folder removed with all below it
	for _, e := range d.found {
		if gone != "" && strings.HasPrefix(e.name, gone) {
			continue
		}
		_, isDir := d.dirs.Load(e.name)
		_, isFile := d.files.Load(e.name)
		if isDir || isFile {
			// Staged here, whatever was there before: mkdir and
			// makeRoom replaced a file by a folder or a folder (with
			// all below it) by a file.
			if e.dir && isFile {
				gone = e.name + "/"
			}
			continue
		}
		p := filepath.Join(d.tmp, filepath.FromSlash(e.name))
		if e.dir {
			if err := os.RemoveAll(p); err != nil {
				return err
			}
			gone = e.name + "/"
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	d.found = nil
	return nil
}

// remove removes a new staging folder. The spare stays: what this build
// put there does not change the output, and the next build checks it all.
func (d *Dir) remove() {
	if !d.reuse {
		os.RemoveAll(d.tmp)
	}
}
