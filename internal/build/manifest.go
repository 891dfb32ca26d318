package build

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/kokeilu/kokeilu/internal/output"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// A manifest is what the state remembers of the files on both sides of a
// build: every input under the engine's folders and every file of the
// output folder, each with its size, modification time and a hash of its
// bytes. When the inputs are as they were and the output folder holds
// exactly what the last build left, a build need not read the site at all:
// nothing changed, so nothing is written (about 0.3 CPU-seconds at 10,000
// experiments per language instead of the engine's 8).
//
// Size and time are only a quick look, as git's index uses them: a file
// whose size or time differ is read and hashed, so a file that was only
// touched, or restored from a cache with new times, counts as unchanged.
// A time too close to the moment it was taken (racy: a change within the
// file system's timestamp granularity would not show in it) is not
// remembered, and the file is hashed next time.
//
// The output side repairs the output folder: a file truncated, edited or
// removed after the build is rendered again, and a file or folder added to
// it makes the build replace the folder (which is kokeilu's, see package
// output), so "unchanged" always means "equal to a fresh build".
type manifest struct {
	Key     uint64             // the program and options the build ran with (see buildKey)
	Inputs  map[string]fileSig // slash paths from the site root
	Outputs map[string]fileSig // slash paths from the output folder; folders with Dir set
	// What the build reported, for a build that finds nothing changed.
	Pages    map[string]int
	Files    int
	Problems []problem.Problem
}

type fileSig struct {
	Size  int64
	Mtime int64 // Unix nanoseconds; 0: hash the file next time
	Hash  uint64
	Dir   bool
}

// inputRoots are the folders of the site root the engine reads (see
// package engine); a change anywhere else cannot change the output.
var inputRoots = []string{"content", "layouts", "assets"}

// racy is how close to the moment files were looked at a modification
// time must be for the file to be hashed next time however it looks.
const racy = 100 * time.Millisecond

func hashReader(r io.Reader, buf []byte) (uint64, error) {
	h := xxhash.New()
	// Not io.Copy: an *os.File hands it to its WriteTo, which makes a new
	// 32 KB buffer for every file, 1.3 GB of garbage for the inputs and
	// outputs of a 10,000-experiment build. The callers walk their files
	// one at a time and pass one buffer for all (newHashBuf).
	for {
		n, err := r.Read(buf)
		h.Write(buf[:n])
		if err == io.EOF {
			return h.Sum64(), nil
		}
		if err != nil {
			return 0, err
		}
	}
}

func newHashBuf() []byte { return make([]byte, 32<<10) }

// sigOf returns fi's signature, taking the hash from old when the size and
// time say the file is the one old describes, else from read.
func sigOf(fi fs.FileInfo, old fileSig, hadOld bool, taken time.Time, read func() (uint64, error)) (fileSig, error) {
	s := fileSig{Size: fi.Size(), Mtime: fi.ModTime().UnixNano()}
	if hadOld && old.Mtime != 0 && old.Size == s.Size && old.Mtime == s.Mtime && !old.Dir {
		s.Hash = old.Hash
	} else {
		h, err := read()
		if err != nil {
			return s, err
		}
		s.Hash = h
	}
	if fi.ModTime().IsZero() || !fi.ModTime().Before(taken.Add(-racy)) {
		s.Mtime = 0 // no time (an in-memory tree) or a racy one
	}
	return s, nil
}

// scanInputs returns the signatures of every file under inputRoots and
// whether any differs from old (a file changed, came or went). A file that
// cannot be looked at counts as a change: the engine then reads it and
// reports what is wrong.
func scanInputs(fsys fs.FS, old map[string]fileSig, taken time.Time) (map[string]fileSig, bool) {
	now := make(map[string]fileSig, len(old))
	changed := false
	buf := newHashBuf()
	for _, root := range inputRoots {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root && errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if d.IsDir() {
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			o, had := old[p]
			if d.Type()&fs.ModeSymlink != 0 {
				had = false // the link's own time says nothing of its target
			}
			s, err := sigOf(fi, o, had, taken, func() (uint64, error) {
				f, err := fsys.Open(p)
				if err != nil {
					return 0, err
				}
				defer f.Close()
				return hashReader(f, buf)
			})
			if err != nil {
				return err
			}
			now[p] = s
			if !had || o.Hash != s.Hash {
				changed = true
			}
			return nil
		})
		if err != nil {
			changed = true
		}
	}
	if len(now) != len(old) {
		changed = true
	}
	return now, changed
}

// scanOutput compares the output folder with old. It returns the files
// that are not as the last build left them (changed or missing) and
// whether the folder holds anything that build did not put there. It
// looks up each file and folder the last build left instead of walking
// the folder: a folder's time changes when an entry comes or goes, and
// only a folder whose time changed is listed.
//
// It also returns the inode number of each file that is as the last build
// left it, for output.OutputInodes.
func scanOutput(out string, old map[string]fileSig) (damaged map[string]bool, extra bool, inodes map[string]uint64) {
	damaged = map[string]bool{}
	inodes = make(map[string]uint64, len(old))
	buf := newHashBuf()
	if old == nil {
		_, err := os.Lstat(out)
		return damaged, err == nil, nil
	}
	for name, o := range old {
		p := filepath.Join(out, filepath.FromSlash(name))
		fi, err := os.Lstat(p)
		switch {
		case err != nil:
			if o.Dir {
				extra = true // its files are missing too, each found below
			} else {
				damaged[name] = true
			}
		case o.Dir:
			if !fi.IsDir() {
				extra = true
			} else if o.Mtime == 0 || fi.ModTime().UnixNano() != o.Mtime {
				extra = extra || hasOthers(p, name, old)
			}
		case !fi.Mode().IsRegular():
			damaged[name], extra = true, true
		default:
			s, err := sigOf(fi, o, true, time.Now(), func() (uint64, error) { return hashFile(p, buf) })
			if err != nil || s.Hash != o.Hash || s.Size != o.Size {
				damaged[name] = true
			} else if ino := output.InodeOf(fi); ino != 0 {
				inodes[name] = ino
			}
		}
	}
	return damaged, extra, inodes
}

// folders lists the folders of a record of the output.
func folders(sigs map[string]fileSig) []string {
	var dirs []string
	for name, s := range sigs {
		if s.Dir {
			dirs = append(dirs, name)
		}
	}
	sort.Strings(dirs) // the first read-only one is reported as a walk would
	return dirs
}

// hasOthers reports whether the folder p (name in the output) holds an
// entry old does not list.
func hasOthers(p, name string, old map[string]fileSig) bool {
	es, err := os.ReadDir(p)
	if err != nil {
		return true
	}
	for _, e := range es {
		child := e.Name()
		if name != "." {
			child = name + "/" + child
		}
		if _, ok := old[child]; !ok {
			return true
		}
	}
	return false
}

func hashFile(p string, buf []byte) (uint64, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return hashReader(f, buf)
}

// recordOutput returns the signatures of everything in the output folder
// just committed, the folder itself as ".". Files kept from the last build
// (hard links, so the same size and time) keep their hashes; a file of the
// size wrote says this build wrote gets the hash of what it wrote (should
// it have changed since, the next build reads it, its time being racy,
// and finds it damaged); the others are read and hashed.
func recordOutput(out string, old map[string]fileSig, taken time.Time, wrote func(name string) (output.Sum, bool)) (map[string]fileSig, error) {
	now := make(map[string]fileSig, len(old))
	buf := newHashBuf()
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(out, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			s := fileSig{Dir: true, Mtime: fi.ModTime().UnixNano()}
			if !fi.ModTime().Before(taken.Add(-racy)) {
				s.Mtime = 0
			}
			now[name] = s
			return nil
		}
		o, had := old[name]
		s, err := sigOf(fi, o, had, taken, func() (uint64, error) {
			if w, ok := wrote(name); ok && w.Size == fi.Size() {
				return w.Hash, nil
			}
			return hashFile(p, buf)
		})
		now[name] = s
		return err
	})
	return now, err
}
