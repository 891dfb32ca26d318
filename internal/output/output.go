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
	"io"
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
//
// It uses plain paths, not os.Root: every name is checked with
// filepath.IsLocal, and the staging folder is new and holds only what this
// build writes, so no symlink can lead out of it; os.Root would resolve each
// path component with its own system call, 20,000 times over.
type Dir struct {
	out, tmp string
	hasOld   bool // a previous output exists to compare with
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
	d := &Dir{out: out, tmp: tmp, min: m}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		d.hasOld = true
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
	defer d.putBuf(buf)
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

// mkdir makes the folder dir of the staging folder and its parents, once.
func (d *Dir) mkdir(dir string) error {
	if dir == "." {
		return nil
	}
	if _, done := d.dirs.Load(dir); done {
		return nil
	}
	// One mkdir when the parent is known to be there (the usual case: a
	// page's folder below its section's); MkdirAll stats every level first.
	if err := d.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(d.tmp, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.dirs.Store(dir, true)
	return nil
}

func (d *Dir) store(name string, data []byte) error {
	if err := d.mkdir(path.Dir(name)); err != nil {
		return err
	}
	dst := filepath.Join(d.tmp, filepath.FromSlash(name))
	if d.hasOld {
		old := filepath.Join(d.out, filepath.FromSlash(name))
		if d.same(old, data) {
			// Same bytes as the previous build: link the old file in so
			// that nothing is written and its mtime is kept.
			if err := os.Link(old, dst); err == nil {
				d.kept.Add(1)
				return nil
			}
		}
	}
	d.written.Add(1)
	return os.WriteFile(dst, data, 0o644)
}

// same reports whether the regular file old holds exactly data.
func (d *Dir) same(old string, data []byte) bool {
	f, err := os.Open(old)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	buf := d.bufs.Get().(*bytes.Buffer)
	defer d.putBuf(buf)
	buf.Reset()
	buf.Grow(len(data))
	b := buf.AvailableBuffer()[:len(data)]
	_, err = io.ReadFull(f, b)
	return err == nil && bytes.Equal(b, data)
}

// maxPooled is the largest buffer kept for reuse (see render).
const maxPooled = 1 << 20

func (d *Dir) putBuf(b *bytes.Buffer) {
	if b.Cap() <= maxPooled {
		d.bufs.Put(b)
	}
}

// Keep puts the previous build's file name in the staging folder as it
// is, without rendering it again; it reports false when there is none.
func (d *Dir) Keep(name string) bool {
	if !d.hasOld || !filepath.IsLocal(filepath.FromSlash(name)) {
		return false
	}
	if d.mkdir(path.Dir(name)) != nil {
		return false
	}
	if os.Link(filepath.Join(d.out, filepath.FromSlash(name)), filepath.Join(d.tmp, filepath.FromSlash(name))) != nil {
		return false
	}
	d.kept.Add(1)
	return true
}

// Stats returns how many files were written and how many kept unchanged.
func (d *Dir) Stats() (written, kept int) { return int(d.written.Load()), int(d.kept.Load()) }

// Commit puts the staging folder in place of the output folder.
func (d *Dir) Commit() error {
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
