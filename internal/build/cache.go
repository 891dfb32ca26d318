package build

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/render"
)

// The build cache lets a rebuild skip rendering files whose inputs did not
// change: for every output file it remembers one number that sums up
// everything the file depends on, and a file whose number is the same as in
// the previous build is linked from the previous output instead of being
// rendered. The cache lives beside the output folder (never deployed); it
// is only a speed-up: when it is missing, stale or unreadable, every file is
// rendered.
//
// A file's key covers: the kokeilu program itself, the options, layouts/,
// assets/, content/site.yaml, the footer's pages, every entry's address (a
// body's links follow them), the job's own signature (title, list items,
// pager, versions, counts) and the text of every content file it shows.

const cacheMagic = "kokeilu-cache 1\n"

func cachePath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".kokeilu-cache")
}

type cache map[string]uint64 // output path → key

func readCache(out string) cache {
	f, err := os.Open(cachePath(out))
	if err != nil {
		return nil
	}
	defer f.Close()
	r := bufio.NewReader(f)
	if magic, err := r.ReadString('\n'); err != nil || magic != cacheMagic {
		return nil
	}
	c := cache{}
	for {
		line, err := r.ReadString('\n')
		if errors.Is(err, io.EOF) {
			return c
		}
		if err != nil {
			return nil
		}
		k, name, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		n, perr := strconv.ParseUint(k, 16, 64)
		if !ok || perr != nil {
			return nil
		}
		c[name] = n
	}
}

func (c cache) write(out string) error {
	var b strings.Builder
	b.WriteString(cacheMagic)
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range c {
			if !yield(k) {
				return
			}
		}
	}) {
		fmt.Fprintf(&b, "%016x %s\n", c[name], name)
	}
	tmp := cachePath(out) + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, cachePath(out))
}

// globalKey sums up what every output file depends on.
func globalKey(fsys fs.FS, p *Prepared, opt Options, docs map[string]uint64) uint64 {
	h := fnv.New64a()
	word := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	num := func(n uint64) { var b [8]byte; binary.LittleEndian.PutUint64(b[:], n); h.Write(b[:]) }
	// The program itself: a new kokeilu may render the same input otherwise.
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			io.Copy(h, f) // streamed: the binary is larger than most sites
			f.Close()
		}
	}
	word(fmt.Sprintf("%t %s %s", opt.Drafts, opt.BaseURL, opt.Today.Format("2006-01-02")))
	for _, root := range []string{render.LayoutDir, "assets", content.ConfigFile} {
		_ = fs.WalkDir(fsys, root, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := fs.ReadFile(fsys, name)
			if err == nil {
				word(name)
				h.Write(data)
			}
			return nil
		})
	}
	for _, path := range p.Renderer.Shared() {
		word(path)
		num(docs[path])
	}
	num(p.Renderer.URLs())
	return h.Sum64()
}

// upToDate reports whether the output folder holds exactly what next
// describes: the same files with the same inputs as the previous build, all
// still there. Assets are part of every key (layouts and assets/ are in the
// global key), so they are covered too.
func upToDate(out string, prev, next cache) bool {
	if prev == nil || len(prev) != len(next) {
		return false
	}
	for name, k := range next {
		if prev[name] != k {
			return false
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(name))); err != nil {
			return false
		}
	}
	return true
}

func docHashes(set *content.Set) map[string]uint64 {
	m := make(map[string]uint64, len(set.Docs))
	for _, d := range set.Docs {
		m[d.Path] = d.Hash
	}
	return m
}

// jobKey sums up one output file's inputs. docs maps a content path to its
// text's hash.
func jobKey(global uint64, j render.Job, docs map[string]uint64) uint64 {
	h := fnv.New64a()
	var b [8]byte
	num := func(n uint64) { binary.LittleEndian.PutUint64(b[:], n); h.Write(b[:]) }
	num(global)
	num(j.Signature())
	h.Write([]byte(j.Path))
	for _, s := range j.Sources {
		h.Write([]byte(s))
		num(docs[s])
	}
	return h.Sum64()
}
