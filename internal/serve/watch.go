package serve

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/kokeilu/kokeilu/internal/content"
)

// watcher reports changed paths under content/, layouts/ and assets/ of a
// site root, in batches: a batch is sent once no event came for the quiet
// period, so that an editor's save (a temporary file renamed over the
// original, a backup, a probe file) becomes one rebuild.
type watcher struct {
	root  string
	fsn   *fsnotify.Watcher
	quiet time.Duration
	grace time.Duration // more waiting when a file vanished, for its replacement to arrive
	log   *slog.Logger
	dirs  map[string]bool // watched folders, slash paths from the root ("" is the root)
}

func newWatcher(root string, quiet time.Duration, log *slog.Logger) (*watcher, error) {
	fsn, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fsn: fsn, quiet: quiet, grace: 5 * quiet, log: log, dirs: map[string]bool{}}
	if err := w.add(""); err != nil {
		fsn.Close()
		return nil, err
	}
	for _, top := range []string{contentDir, layoutDir, assetDir} {
		if _, err := w.addTree(top); err != nil {
			fsn.Close()
			return nil, err
		}
	}
	return w, nil
}

func (w *watcher) abs(rel string) string { return filepath.Join(w.root, filepath.FromSlash(rel)) }

func (w *watcher) add(rel string) error {
	if err := w.fsn.Add(w.abs(rel)); err != nil {
		return err
	}
	w.dirs[rel] = true
	return nil
}

// addTree watches a folder and every folder below it, and returns the
// files found in them (those created before the watch began).
func (w *watcher) addTree(rel string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(w.abs(rel), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone again, or not there at all
			}
			return err
		}
		r, _ := filepath.Rel(w.root, p)
		r = filepath.ToSlash(r)
		if r != rel && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, r)
			return nil
		}
		if w.dirs[r] {
			return nil
		}
		if err := w.add(r); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
	return files, err
}

// forget stops watching a folder that was removed or renamed, and every
// folder below it.
func (w *watcher) forget(rel string) {
	for d := range w.dirs {
		if d == rel || strings.HasPrefix(d, rel+"/") {
			_ = w.fsn.Remove(w.abs(d)) // may be gone already
			delete(w.dirs, d)
		}
	}
}

// relevant turns an event's name into a slash path from the root, and says
// whether a change there matters to the site.
func (w *watcher) relevant(name string) (string, bool) {
	r, err := filepath.Rel(w.root, name)
	if err != nil || !filepath.IsLocal(r) {
		return "", false
	}
	r = filepath.ToSlash(r)
	return r, area(r) != "" && !hidden(r) && !content.Ignored(r)
}

// run sends batches of changed paths to changes until ctx is done. An
// overflow of the kernel's queue reports every folder as changed.
func (w *watcher) run(ctx context.Context, changes chan<- []string) error {
	defer w.fsn.Close()
	pending := map[string]fsnotify.Op{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	graced := false
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case ev, ok := <-w.fsn.Events:
			if !ok {
				return nil
			}
			rel, ok := w.relevant(ev.Name)
			if !ok || ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				w.forget(rel)
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					// A new folder (or one moved in): watch it, and report
					// what is already in it.
					files, err := w.addTree(rel)
					if err != nil {
						w.log.Warn("cannot watch a new folder", "folder", rel, "err", err)
					}
					for _, f := range files {
						if r, ok := w.relevant(w.abs(f)); ok {
							pending[r] |= fsnotify.Create
						}
					}
				}
			}
			pending[rel] |= ev.Op
			timer.Reset(w.quiet)
		case err, ok := <-w.fsn.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.log.Warn("too many changes at once; reading the whole site again")
				for _, top := range []string{content.ConfigFile, contentDir, layoutDir, assetDir} {
					pending[top] |= fsnotify.Write
				}
				timer.Reset(w.quiet)
				continue
			}
			w.log.Warn("watching the site folder", "err", err)
		case <-timer.C:
			if len(pending) == 0 {
				continue
			}
			if !graced && w.vanished(pending) {
				// An editor that renames the old file away before moving
				// the new one in: wait a little for the new one.
				graced = true
				timer.Reset(w.grace)
				continue
			}
			batch := slices.Sorted(maps.Keys(pending))
			clear(pending)
			graced = false
			select {
			case changes <- batch:
			case <-ctx.Done():
				return nil
			}
		}
	}
}

// vanished reports whether a file that was removed or renamed is missing.
func (w *watcher) vanished(pending map[string]fsnotify.Op) bool {
	for rel, op := range pending {
		if op.Has(fsnotify.Remove) || op.Has(fsnotify.Rename) {
			if _, err := os.Lstat(w.abs(rel)); errors.Is(err, fs.ErrNotExist) {
				return true
			}
		}
	}
	return false
}

// area says which part of the site root a slash path is in, or "".
func area(p string) string {
	top, _, _ := strings.Cut(p, "/")
	switch {
	case p == content.ConfigFile:
		return "config"
	case top == contentDir || top == layoutDir || top == assetDir:
		return top
	}
	return ""
}

// hidden reports whether a path is or is inside a hidden file or folder.
func hidden(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}
