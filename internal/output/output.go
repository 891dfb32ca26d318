// Package output writes rendered files: minified, into a staging folder
// beside the output folder that replaces it in one step when the build
// succeeds, so a failed build leaves the previous site as it was and no stale
// file survives a good one. Files whose bytes did not change are hard-linked
// from the previous output instead of written, so their mtimes stay and a
// deploy or rsync sees nothing new. Memory is the same for `kokeilu serve`.
//
// Input: slash paths (fi/index.html) and bytes. Output: a folder, or a map.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/kokeilu/kokeilu/internal/minify"
)

// Sink receives the site's files. Write must not keep data after it returns.
type Sink interface {
	Write(name string, data []byte) error
}

// Dir writes to a staging folder and swaps it in on Commit.
type Dir struct {
	out, tmp string
	root     *os.Root // the staging folder: writes cannot leave it
	old      *os.Root // the previous output, if any
	min      *minify.Minifier
	dirs     sync.Map
	bufs     sync.Pool

	written, kept atomic.Int64
}

// ErrNotOutput means the output folder holds files that do not look like a
// previous build: kokeilu refuses to replace it.
var ErrNotOutput = errors.New("the output folder exists and does not look like a kokeilu site; remove it or choose another")

// NewDir prepares a staging folder beside out.
func NewDir(out string, m *minify.Minifier) (*Dir, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	if err := checkReplaceable(out); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".build-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	d := &Dir{out: out, tmp: tmp, root: root, min: m}
	if old, err := os.OpenRoot(out); err == nil {
		d.old = old
	}
	d.bufs.New = func() any { return new(bytes.Buffer) }
	return d, nil
}

func checkReplaceable(out string) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, marker := range []string{"sitemap.xml", "index.html", "404.html"} {
		if _, err := os.Stat(filepath.Join(out, marker)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%s: %w", out, ErrNotOutput)
}

// Write minifies data and stores it as name in the staging folder.
func (d *Dir) Write(name string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("output path %q leaves the output folder", name)
	}
	buf := d.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer d.bufs.Put(buf)
	if err := d.min.Minify(buf, name, data); err != nil {
		return fmt.Errorf("minifying %s: %w", name, err)
	}
	return d.store(name, buf.Bytes())
}

// WriteRaw stores bytes that are already final (minified assets).
func (d *Dir) WriteRaw(name string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("output path %q leaves the output folder", name)
	}
	return d.store(name, data)
}

func (d *Dir) store(name string, data []byte) error {
	if dir := path.Dir(name); dir != "." {
		if _, done := d.dirs.Load(dir); !done {
			if err := d.root.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			d.dirs.Store(dir, true)
		}
	}
	if d.old != nil && d.same(name, data) {
		// Same bytes as the previous build: link the old file in so that
		// nothing is written and its mtime is kept.
		if err := os.Link(filepath.Join(d.out, name), filepath.Join(d.tmp, name)); err == nil {
			d.kept.Add(1)
			return nil
		}
	}
	d.written.Add(1)
	return d.root.WriteFile(name, data, 0o644)
}

func (d *Dir) same(name string, data []byte) bool {
	fi, err := d.old.Stat(name)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	old, err := d.old.ReadFile(name)
	return err == nil && bytes.Equal(old, data)
}

// Stats returns how many files were written and how many kept unchanged.
func (d *Dir) Stats() (written, kept int) { return int(d.written.Load()), int(d.kept.Load()) }

// Commit puts the staging folder in place of the output folder.
func (d *Dir) Commit() error {
	d.root.Close()
	if d.old != nil {
		d.old.Close()
	}
	if _, err := os.Stat(d.out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(d.tmp, d.out)
	}
	if err := exchange(d.tmp, d.out); err != nil {
		return err
	}
	// d.tmp now holds the previous output.
	return os.RemoveAll(d.tmp)
}

// Abort removes the staging folder and leaves the output folder alone.
func (d *Dir) Abort() {
	d.root.Close()
	if d.old != nil {
		d.old.Close()
	}
	os.RemoveAll(d.tmp)
}

// Memory keeps the site in memory, minified, for the preview server.
type Memory struct {
	min   *minify.Minifier
	mu    sync.RWMutex
	files map[string][]byte
}

// NewMemory returns an empty in-memory site.
func NewMemory(m *minify.Minifier) *Memory {
	return &Memory{min: m, files: map[string][]byte{}}
}

// Write minifies and stores a file.
func (m *Memory) Write(name string, data []byte) error {
	out, err := m.min.Bytes(name, data)
	if err != nil {
		return fmt.Errorf("minifying %s: %w", name, err)
	}
	m.mu.Lock()
	m.files[name] = out
	m.mu.Unlock()
	return nil
}

// WriteRaw stores final bytes.
func (m *Memory) WriteRaw(name string, data []byte) error {
	m.mu.Lock()
	m.files[name] = bytes.Clone(data)
	m.mu.Unlock()
	return nil
}

// Get returns a file's bytes.
func (m *Memory) Get(name string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.files[name]
	return b, ok
}

// Delete removes files no longer in the site.
func (m *Memory) Delete(names ...string) {
	m.mu.Lock()
	for _, n := range names {
		delete(m.files, n)
	}
	m.mu.Unlock()
}

// Names lists the stored files, sorted.
func (m *Memory) Names() []string {
	m.mu.RLock()
	out := make([]string, 0, len(m.files))
	for n := range m.files {
		out = append(out, n)
	}
	m.mu.RUnlock()
	sort.Strings(out)
	return out
}
