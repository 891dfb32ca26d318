package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// The spare: the output a swap replaced, which the next build stages into
// (see the package comment). Nothing in it is trusted.

// sparePath is the folder beside out that holds the output before it.
func sparePath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".kokeilu-spare")
}

// reusable reports whether the spare can be staged into: a real folder in
// which every folder is writable, so that the build can change it.
func reusable(spare string) bool {
	fi, err := os.Lstat(spare)
	return err == nil && fi.IsDir() && removable(spare) == nil
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

// linkOld puts the output's file old at dst: nothing to do when the
// spare's file there is the same file.
func (d *Dir) linkOld(old, dst string) error {
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
	return filepath.WalkDir(d.tmp, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == d.tmp {
			return nil
		}
		rel, err := filepath.Rel(d.tmp, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if e.IsDir() {
			if _, ok := d.dirs.Load(name); !ok {
				if err := os.RemoveAll(p); err != nil {
					return err
				}
				return filepath.SkipDir
			}
			return nil
		}
		if _, ok := d.files.Load(name); !ok {
			return os.Remove(p)
		}
		return nil
	})
}

// remove removes a new staging folder. The spare stays: what this build
// put there does not change the output, and the next build checks it all.
func (d *Dir) remove() {
	if !d.reuse {
		os.RemoveAll(d.tmp)
	}
}
