package importer

import (
	"errors"
	"fmt"
	"os"
	"path"
	"strings"
)

// Write writes the files under the site root dir, through os.Root so that
// no path can leave it, and only below content/. It never replaces a
// file: each is created exclusively, and when one cannot be, the files
// this call wrote are removed again, so an import is written whole or not
// at all. It returns the paths written.
func Write(dir string, files []File) ([]string, error) {
	for _, f := range files {
		if !strings.HasPrefix(f.Path, "content/") || path.Clean(f.Path) != f.Path || strings.Contains(f.Path, "..") {
			return nil, fmt.Errorf("%s: not a path below content/", f.Path)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var written []string
	undo := func(err error) ([]string, error) {
		var errs []error
		for _, p := range written {
			errs = append(errs, root.Remove(p))
		}
		return nil, errors.Join(append([]error{err}, errs...)...)
	}
	for _, f := range files {
		if err := root.MkdirAll(path.Dir(f.Path), 0o755); err != nil {
			return undo(err)
		}
		w, err := root.OpenFile(f.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			if errors.Is(err, os.ErrExist) {
				err = fmt.Errorf("%s was made while importing; nothing was written, run the import again", f.Path)
			}
			return undo(err)
		}
		written = append(written, f.Path)
		_, err = w.WriteString(f.Text)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return undo(err)
		}
	}
	return written, nil
}
