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

const stateMagic = "kokeilu-state 2"

func statePath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".kokeilu-cache")
}

type stateFile struct {
	Magic string
	State *engine.State
}

func readState(out string) *engine.State {
	f, err := os.Open(statePath(out))
	if err != nil {
		return nil
	}
	defer f.Close()
	var s stateFile
	if gob.NewDecoder(bufio.NewReader(f)).Decode(&s) != nil || s.Magic != stateMagic {
		return nil
	}
	return s.State
}

func writeState(out string, s *engine.State) error {
	tmp := statePath(out) + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	err = gob.NewEncoder(w).Encode(stateFile{Magic: stateMagic, State: s})
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
