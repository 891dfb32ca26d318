// Package sitefs opens the site root for reading: an fs.FS over os.Root
// that reads nothing but regular files inside the root. Content, layouts
// and assets are untrusted input (a pull request builds a deploy preview
// with the build's environment), so a file that is not a plain file of the
// site is refused with a *Refusal, never opened:
//
//   - a symlink that leads outside the root (to /proc/self/environ, to
//     ~/.ssh, to ../../secret) — os.Root refuses every path that leaves the
//     root, through any link in any folder of the path;
//   - a device, a FIFO or a socket (a FIFO would block the build forever,
//     /dev/zero would fill the memory), also when a link inside the root
//     points at one.
//
// Symlinks inside the root are followed when they point at a regular file
// inside the root: a site may link layouts/partials/x.html to a shared
// copy in the same repository. Links to folders are not walked (fs.WalkDir
// does not descend into them), so a folder cannot appear twice or loop.
//
// Input: a folder. Output: an fs.FS (with ReadFile, ReadDir and Stat) whose
// read errors for refused files are *Refusal values that name the file and
// say what to do.
package sitefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/kokeilu/kokeilu/internal/problem"
)

// Refusal is the error for a file that kokeilu does not read.
type Refusal struct {
	Path   string // slash path from the site root
	Reason string // a plain sentence for the editor
	Hint   string // what to do
}

func (r *Refusal) Error() string { return r.Path + ": " + r.Reason }

// Is makes errors.Is(err, fs.ErrPermission) true: a refused file is one
// the build may not read.
func (r *Refusal) Is(target error) bool { return target == fs.ErrPermission }

// Explain returns the refusal in err, if there is one.
func Explain(err error) (*Refusal, bool) {
	var r *Refusal
	ok := errors.As(err, &r)
	return r, ok
}

// FS reads the site root.
type FS struct {
	root *os.Root
	dir  fs.FS // root.FS(), for ReadDir
	fast beneath
}

// Open opens the folder dir as a site root. The FS keeps the folder open
// until Close (or until it is garbage-collected).
func Open(dir string) (*FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	fast := openBeneath(dir)
	if !fast.same(r) {
		// The folder was replaced between the two opens: read the long way.
		fast.close()
		fast = -1
	}
	return &FS{root: r, dir: r.FS(), fast: fast}, nil
}

// Close releases the folder.
func (f *FS) Close() error {
	f.fast.close()
	f.fast = -1
	return f.root.Close()
}

// Open opens a regular file or a folder; anything else is refused.
func (f *FS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	fi, err := f.check(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return f.root.Open(name)
	}
	// The file was regular a moment ago; open it without blocking, should
	// it have been replaced by a FIFO since, and look again.
	file, err := f.root.OpenFile(name, openFlags, 0)
	if err != nil {
		return nil, f.refusal(name, err)
	}
	if fi, err = file.Stat(); err != nil || !fi.Mode().IsRegular() {
		file.Close()
		if err != nil {
			return nil, err
		}
		return nil, irregular(name, fi.Mode())
	}
	return file, nil
}

// ReadFile reads a regular file.
func (f *FS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	if data, ok, err := f.fast.readFast(name); ok {
		return data, err
	}
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	fi, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder")}
	}
	data := make([]byte, 0, fi.Size()+1)
	for {
		n, err := file.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if errors.Is(err, io.EOF) {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// ReadDir lists a folder.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	if _, err := f.check(name); err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(f.dir, name)
	if err != nil {
		return nil, f.refusal(name, err)
	}
	return entries, nil
}

// Stat describes a file through a link inside the root. A link that
// leads outside (or cannot be followed) is described as the link itself,
// and a FIFO or a device as what it is: that opens nothing and tells
// nothing about the outside, and a caller that finds the file goes on to
// read it and reports the refusal instead of taking it for missing.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	fi, err := f.stat(name)
	if _, refused := err.(*Refusal); refused {
		if link, lerr := f.root.Lstat(name); lerr == nil {
			return link, nil
		}
	}
	return fi, err
}

// check looks at name without opening it: it must be a folder or a regular
// file, itself or at the end of a link that stays inside the root.
func (f *FS) check(name string) (fs.FileInfo, error) {
	fi, err := f.stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() && !fi.Mode().IsRegular() {
		return nil, irregular(name, fi.Mode())
	}
	return fi, nil
}

// stat is Lstat, and Stat through a link that stays inside the root.
func (f *FS) stat(name string) (fs.FileInfo, error) {
	fi, err := f.root.Lstat(name)
	if err != nil {
		return nil, f.refusal(name, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, _ := f.root.Readlink(name)
		if fi, err = f.root.Stat(name); err != nil {
			_, escaped := f.refusal(name, err).(*Refusal)
			switch {
			case escaped || escapes(name, target):
				return nil, &Refusal{Path: name,
					Reason: fmt.Sprintf("is a link to %s, outside the site folder; kokeilu reads only files inside it", target),
					Hint:   "copy the file into the site instead of linking to it"}
			case errors.Is(err, fs.ErrNotExist):
				return nil, err
			}
			return nil, &Refusal{Path: name,
				Reason: fmt.Sprintf("is a link to %s that cannot be followed (%v)", target, errors.Unwrap(err)),
				Hint:   "replace the link with the file itself"}
		}
	}
	return fi, nil
}

// refusal turns os.Root's "path escapes from parent" (a folder on the way
// is a link that leaves the root) into a Refusal; other errors stay.
func (f *FS) refusal(name string, err error) error {
	if err == nil || !strings.Contains(err.Error(), "escapes from parent") {
		return err
	}
	return &Refusal{Path: name,
		Reason: "is reached through a link that leads outside the site folder; kokeilu reads only files inside it",
		Hint:   "replace the linked folder with a real one inside the site"}
}

// escapes reports whether a link at name with target leaves the root on its
// first step (later steps are os.Root's to judge).
func escapes(name, target string) bool {
	if target == "" || path.IsAbs(target) || strings.HasPrefix(target, `\`) {
		return true
	}
	p := path.Join(path.Dir(name), target)
	return p == ".." || strings.HasPrefix(p, "../")
}

func irregular(name string, mode fs.FileMode) *Refusal {
	kind := "not a regular file"
	switch {
	case mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		kind = "a socket"
	case mode&fs.ModeCharDevice != 0:
		kind = "a character device"
	case mode&fs.ModeDevice != 0:
		kind = "a device"
	}
	return &Refusal{Path: name,
		Reason: "is " + kind + ", not a file; kokeilu reads only regular files and did not open it",
		Hint:   "remove it from the site folder"}
}

// Report adds a file's read error to probs as an editor reads it: a
// refusal with its reason and hint, anything else as unreadable. It
// reports whether there was an error.
func Report(probs *problem.List, name string, err error) bool {
	if err == nil {
		return false
	}
	if r, ok := Explain(err); ok {
		probs.Errorf(name, 0, 0, r.Hint, "%s", r.Reason)
	} else {
		probs.Errorf(name, 0, 0, "check the file's permissions", "cannot read: %v", err)
	}
	return true
}
