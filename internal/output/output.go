// Package output writes rendered files: minified, into a staging folder
// beside the output folder that replaces it in one step when the build
// succeeds, so a failed build leaves the previous site as it was and no stale
// file survives a good one. Files whose bytes did not change are hard-linked
// from the previous output instead of written, so their mtimes stay and a
// deploy or rsync sees nothing new. Memory is the same for `kokeilu serve`.
//
// kokeilu replaces only what it made. A folder it made has a marker file
// beside it (.public.kokeilu for public/); a non-empty folder without one
// is refused, never emptied. Staging folders are named .public.build-N and
// made while a lock file beside the output (.public.kokeilu-lock) is held,
// so the next build can tell the ones a killed build left from those of a
// build still running, and removes them. Everything that can fail is
// checked before the swap; after a failure the previous output is as it was.
//
// The output the swap replaces is kept beside it as the spare
// (.public.kokeilu-spare), and the next build stages into the spare instead
// of a new folder: it compares each file with the output's and touches only
// those that differ, then removes what this build did not put there. A build
// after one edit then writes a few files instead of linking every file of
// the site into a new folder and removing the old one, 23,000 of each at
// 10,000 experiments. The spare is never live, so nothing that happens to it
// can change the output, and a build that reuses it trusts none of it: a file
// the spare shares with the output (a hard link) holds the output's bytes, and
// every other one is replaced.
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
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"

	"github.com/kokeilu/kokeilu/internal/minify"
)

// Sink receives the site's files: Write minifies them, WriteRaw takes
// bytes that are final. Neither may keep data after it returns.
type Sink interface {
	Write(name string, data []byte) error
	WriteRaw(name string, data []byte) error
}

// Dir writes to a staging folder and swaps it in on Commit.
//
// It uses plain paths, not os.Root: every name is checked with
// filepath.IsLocal, and the staging folder is new and holds only what this
// build writes, so no symlink can lead out of it; os.Root would resolve each
// path component with its own system call, 20,000 times over.
type Dir struct {
	out, tmp string
	lock     *os.File // held from NewDir to Commit or Abort
	hasOld   bool     // a previous output exists to compare with
	reuse    bool     // tmp is the spare, holding an earlier output, not a new folder
	pruned   bool     // the spare holds only this build's files (see prune)
	found    []spareEntry
	spareDir map[string]bool   // with reuse: the spare's real folders when it was listed
	spareIno map[string]uint64 // with reuse: the inode of each regular file of the spare
	outDirs  []string          // the previous output's folders, when the caller knows them (OutputFolders)
	outIno   map[string]uint64 // the previous output's files' inodes, when the caller knows them (OutputInodes)
	min      *minify.Minifier
	dirs     sync.Map // folders made (or found to be folders, in the spare)
	files    sync.Map // with reuse: the files this build put in the spare
	sums     sync.Map // name → Sum of the bytes this build wrote
	bufs     sync.Pool

	written, kept atomic.Int64
}

// ErrNotOutput means the output folder holds files and was not made by
// kokeilu: kokeilu refuses to replace it.
var ErrNotOutput = errors.New("the folder is not empty and was not made by kokeilu build, " +
	"which replaces the whole folder and would delete its files; choose a new or empty folder with -out, " +
	"or move this folder's files away first")

// ErrBusy means another build is writing the same output folder.
var ErrBusy = errors.New("another kokeilu build is writing this output folder; wait for it to finish")

// markerPath is the file beside out that says kokeilu made out.
func markerPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".kokeilu")
}

func lockPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".kokeilu-lock")
}

// stagingPrefix starts the name of every staging folder of out; os.MkdirTemp
// ends it with digits.
func stagingPrefix(out string) string { return "." + filepath.Base(out) + ".build-" }

const markerText = "kokeilu made the folder beside this file and replaces it on every build.\n"

// NewDir prepares a staging folder beside out, after removing the ones
// killed builds left there.
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
	lock, err := lockOutput(lockPath(out))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", out, err)
	}
	removeStaging(out, lock != nil)
	d := &Dir{out: out, min: m, lock: lock}
	// Only a build holding the lock may change the spare.
	spare := sparePath(out)
	var found []spareEntry
	ok := false
	if lock != nil {
		found, ok = reusable(spare)
	}
	if ok {
		d.tmp, d.reuse, d.found = spare, true, found
		d.known(found)
	} else {
		if lock != nil {
			_ = os.RemoveAll(spare) // unusable: a new one is kept after the swap
		}
		tmp, err := os.MkdirTemp(filepath.Dir(out), stagingPrefix(out))
		if err != nil {
			unlock(lock)
			return nil, err
		}
		if err := os.Chmod(tmp, 0o755); err != nil {
			os.RemoveAll(tmp)
			unlock(lock)
			return nil, err
		}
		d.tmp = tmp
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		d.hasOld = true
	}
	d.bufs.New = func() any { return new(bytes.Buffer) }
	return d, nil
}

// checkReplaceable refuses an output folder that kokeilu did not make,
// unless it is empty.
func checkReplaceable(out string) error {
	fi, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder; choose another -out", out)
	}
	if made(out) {
		return nil
	}
	f, err := os.Open(out)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Readdirnames(1); errors.Is(err, io.EOF) {
		return nil
	}
	return fmt.Errorf("%s: %w", out, ErrNotOutput)
}

// made reports whether kokeilu made the folder out: the marker is beside
// it, or the build cache of a kokeilu from before the marker.
func made(out string) bool {
	if _, err := os.Lstat(markerPath(out)); err == nil {
		return true
	}
	f, err := os.Open(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".kokeilu-cache"))
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len("kokeilu-cache "))
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == "kokeilu-cache "
}

// removeStaging removes the staging folders of out that killed builds
// left: only folders named as NewDir names them, and only while the lock
// is held (locked), so none is a running build's.
func removeStaging(out string, locked bool) {
	if !locked {
		return
	}
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), stagingPrefix(out))
		if !ok || rest == "" || strings.Trim(rest, "0123456789") != "" || !e.IsDir() || e.Type()&fs.ModeSymlink != 0 {
			continue
		}
		_ = os.RemoveAll(filepath.Join(filepath.Dir(out), e.Name())) // what stays is tried again next time
	}
}

// Tidy removes what killed builds left beside out, for a build that finds
// out up to date and does not call NewDir.
func Tidy(out string) {
	out, err := filepath.Abs(out)
	if err != nil {
		return
	}
	if _, err := os.Lstat(lockPath(out)); err != nil {
		return // no build ever ran here
	}
	lock, err := lockOutput(lockPath(out))
	if err != nil {
		return
	}
	removeStaging(out, lock != nil)
	unlock(lock)
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
	if d.reuse && d.spareDir[dir] {
		// A real folder of the spare when it was listed (and so are the
		// ones above it, which must be marked as this build's too):
		// nothing removed it since, as no name is a file and a folder in
		// one build.
		if err := d.mkdir(path.Dir(dir)); err != nil {
			return err
		}
		d.dirs.Store(dir, true)
		return nil
	}
	// One mkdir when the parent is known to be there (the usual case: a
	// page's folder below its section's); MkdirAll stats every level first.
	if err := d.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(dir))
	err := os.Mkdir(p, 0o755)
	if errors.Is(err, fs.ErrExist) && d.reuse {
		// In the spare, what is there may be a file, or a link: only
		// a real folder will do.
		if fi, lerr := os.Lstat(p); lerr == nil && !fi.IsDir() {
			if err = os.Remove(p); err == nil {
				err = os.Mkdir(p, 0o755)
			}
		}
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
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
	if d.reuse {
		d.files.Store(name, true)
	}
	if d.hasOld {
		old := filepath.Join(d.out, filepath.FromSlash(name))
		if d.same(old, data) {
			// Same bytes as the previous build: link the old file in so
			// that nothing is written and its mtime is kept.
			if err := d.linkOld(name, old, dst); err == nil {
				d.kept.Add(1)
				return nil
			}
		}
	}
	d.written.Add(1)
	if d.reuse {
		if err := makeRoom(dst); err != nil {
			return err
		}
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return err
	}
	d.sums.Store(name, Sum{Size: int64(len(data)), Hash: xxhash.Sum64(data)})
	return nil
}

// Sum is the size and xxhash of the bytes a build wrote to a file.
type Sum struct {
	Size int64
	Hash uint64
}

// Wrote returns the Sum of what this build wrote to the file name, so that
// it need not be read back to be recorded; false for a file it kept (a
// link to the previous output's) or that something else put there (the
// search index).
func (d *Dir) Wrote(name string) (Sum, bool) {
	v, ok := d.sums.Load(name)
	if !ok {
		return Sum{}, false
	}
	return v.(Sum), true
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
	if d.reuse {
		d.files.Store(name, true)
	}
	if d.linkOld(name, filepath.Join(d.out, filepath.FromSlash(name)), filepath.Join(d.tmp, filepath.FromSlash(name))) != nil {
		return false
	}
	d.kept.Add(1)
	return true
}

// Delete does nothing: the staging folder holds only what this build
// wrote or kept, so a file no longer in the site is simply not there.
func (d *Dir) Delete(...string) {}

// Staging is the staging folder, for a step that writes files of its own
// into the new output before the swap (the search index), once every
// rendered file is in it. It then holds exactly this build's files.
func (d *Dir) Staging() (string, error) { return d.tmp, d.prune() }

// LinkUnchanged replaces each file below sub in the staging folder that
// has the same bytes as the previous output's by a hard link to it, so that
// files another program wrote there (the search index) keep their mtimes
// too when they did not change.
func (d *Dir) LinkUnchanged(sub string) error {
	if !d.hasOld || !filepath.IsLocal(sub) {
		return nil
	}
	root := filepath.Join(d.tmp, sub)
	return filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || !e.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(d.tmp, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		old := filepath.Join(d.out, rel)
		if !d.same(old, data) {
			return nil
		}
		tmp := p + ".kokeilu-link"
		if err := os.Link(old, tmp); err != nil {
			return nil // a copy is as good, only newer
		}
		return os.Rename(tmp, p)
	})
}

// Stats returns how many files were written and how many kept unchanged.
func (d *Dir) Stats() (written, kept int) { return int(d.written.Load()), int(d.kept.Load()) }

// Commit puts the staging folder in place of the output folder. What can
// fail is checked first: when Commit returns an error, the staging folder
// is gone and the output folder is as it was.
func (d *Dir) Commit() error {
	defer unlock(d.lock)
	fail := func(err error) error { d.remove(); return err }
	if err := d.prune(); err != nil {
		return fail(err)
	}
	_, err := os.Lstat(d.out)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fail(err)
	}
	if exists {
		if err := d.removable(); err != nil {
			return fail(err)
		}
	}
	if err := os.WriteFile(markerPath(d.out), []byte(markerText), 0o644); err != nil {
		return fail(fmt.Errorf("cannot mark %s as kokeilu's output: %w", d.out, err))
	}
	if !exists {
		if err := os.Rename(d.tmp, d.out); err != nil {
			return fail(err)
		}
		return nil
	}
	if err := exchange(d.tmp, d.out); err != nil {
		return fail(err)
	}
	// d.tmp now holds the previous output: the next build's spare.
	if !d.reuse && (d.lock == nil || os.Rename(d.tmp, sparePath(d.out)) != nil) {
		// Should a file resist removal (checked above, so only after a
		// change since), the next build removes the staging folder.
		_ = os.RemoveAll(d.tmp)
	}
	return nil
}

// OutputFolders tells Commit which folders the previous output holds
// (slash paths, "." for the folder itself), so that it checks them
// without walking the folder: a build that compared the output with its
// record of the last build knows them, and a walk of 23,000 folders costs
// more than the look at each. The caller vouches that the list is whole.
func (d *Dir) OutputFolders(dirs []string) { d.outDirs = dirs }

// removable checks that the previous output can be removed after the swap:
// every folder in it must be writable. A read-only one is found before the
// new output goes live, not after.
func (d *Dir) removable() error {
	if d.outDirs == nil {
		return removable(d.out)
	}
	for _, name := range d.outDirs {
		if err := writableOutput(filepath.Join(d.out, filepath.FromSlash(name)), d.out); err != nil {
			return err
		}
	}
	return nil
}

func removable(out string) error {
	return filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() {
			return nil
		}
		return writableOutput(p, out)
	})
}

func writableOutput(p, out string) error {
	if err := writable(p); err != nil {
		return fmt.Errorf("%s is read-only, so kokeilu could not remove the previous output after putting the new one in its place; "+
			"make it writable (chmod -R u+w %s) or choose another -out: %w", p, out, err)
	}
	return nil
}

// Abort removes the staging folder and leaves the output folder alone.
func (d *Dir) Abort() {
	d.remove()
	unlock(d.lock)
	d.lock = nil
}
