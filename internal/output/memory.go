package output

import (
	"bytes"
	"fmt"
	"sort"
	"sync"

	"github.com/kokeilu/kokeilu/internal/minify"
)

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

// Keep reports whether the file is there: a file kept in memory stays as it is.
func (m *Memory) Keep(name string) bool {
	_, ok := m.Get(name)
	return ok
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
