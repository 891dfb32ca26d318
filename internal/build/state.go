package build

import (
	"bufio"
	"encoding/gob"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/kokeilu/kokeilu/internal/engine"
	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/output"
)

// The engine's state lives beside the output folder (never deployed): the
// key of every output file and what converting each body found out. It is
// only a speed-up: when it is missing, stale or unreadable, every file is
// rendered.

const stateMagic = "kokeilu-state 3"

func statePath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".kokeilu-cache")
}

// The state file holds three gob values: the magic string, the manifest
// and the engine's state. A build that finds nothing changed reads only
// the first two (the engine's state is most of the file).
type stateFile struct {
	Files *manifest
	dec   *gob.Decoder
	f     *os.File
}

// readState opens what the last build into out left, or returns nil.
// Close it when done.
func readState(out string) *stateFile {
	f, err := os.Open(statePath(out))
	if err != nil {
		return nil
	}
	dec := gob.NewDecoder(bufio.NewReader(f))
	var magic string
	s := &stateFile{dec: dec, f: f}
	if dec.Decode(&magic) != nil || magic != stateMagic || dec.Decode(&s.Files) != nil || s.Files == nil {
		f.Close()
		return nil
	}
	return s
}

// engineState reads the engine's state; nil when it cannot be read.
func (s *stateFile) engineState() *engine.State {
	var st *engine.State
	if s.dec.Decode(&st) != nil {
		return nil
	}
	return st
}

func (s *stateFile) close() { s.f.Close() }

func writeState(out string, s *engine.State, files *manifest) error {
	tmp := statePath(out) + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := gob.NewEncoder(w)
	err = enc.Encode(stateMagic)
	if err == nil {
		err = enc.Encode(files)
	}
	if err == nil {
		err = enc.Encode(s)
	}
	if err == nil {
		err = w.Flush()
	}
	if e := f.Close(); err == nil {
		err = e
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, statePath(out))
}

// lazyDir is the engine's output for a build: it opens the staging folder
// only when the first file must be written, so a build in which nothing
// changed touches nothing. The files kept until then are linked in when it
// opens.
type lazyDir struct {
	out  string
	min  *minify.Minifier
	mu   sync.Mutex
	dir  *output.Dir
	kept []string
	fail error
	// outDirs lists the output's folders when the build checked that the
	// output holds nothing its record does not (see output.OutputFolders).
	outDirs []string
	outIno  map[string]uint64 // the inodes of the output's files that are as recorded
}

func (l *lazyDir) open() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.dir != nil || l.fail != nil {
		return l.fail
	}
	d, err := output.NewDir(l.out, l.min)
	if err != nil {
		l.fail = err
		return err
	}
	if l.outDirs != nil {
		d.OutputFolders(l.outDirs)
	}
	d.OutputInodes(l.outIno) // before the first Keep
	for _, name := range l.kept {
		if !d.Keep(name) {
			// The file was there a moment ago: someone is changing the
			// output folder while it is built.
			d.Abort()
			l.fail = &fs.PathError{Op: "keep", Path: filepath.Join(l.out, name), Err: fs.ErrNotExist}
			return l.fail
		}
	}
	l.kept = nil
	l.dir = d
	return nil
}

func (l *lazyDir) err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fail
}

func (l *lazyDir) Write(name string, data []byte) error {
	if err := l.open(); err != nil {
		return err
	}
	return l.dir.Write(name, data)
}

func (l *lazyDir) WriteRaw(name string, data []byte) error {
	if err := l.open(); err != nil {
		return err
	}
	return l.dir.WriteRaw(name, data)
}

func (l *lazyDir) Keep(name string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.dir != nil {
		return l.dir.Keep(name)
	}
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return false
	}
	if _, ok := l.outIno[name]; ok {
		// The scan at the start found the file as the last build left it.
		l.kept = append(l.kept, name)
		return true
	}
	fi, err := os.Lstat(filepath.Join(l.out, filepath.FromSlash(name)))
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	l.kept = append(l.kept, name)
	return true
}

func (l *lazyDir) Delete(...string) {}

func (l *lazyDir) abort() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.dir != nil {
		l.dir.Abort()
		l.dir = nil
	}
}
