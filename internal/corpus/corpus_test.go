package corpus_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kokeilu/kokeilu/internal/build"
	"github.com/kokeilu/kokeilu/internal/corpus"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// repoRoot is the site root whose layouts/ and assets/ the corpus copies.
const repoRoot = "../.."

func write(t *testing.T, opt corpus.Options) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := corpus.Write(dir, opt); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return dir
}

// TestBuildsWithoutProblems: a small corpus passes build.Check with no
// error and no warning except notes on outdated translations and on
// experiments with no Swedish version, which the corpus writes on purpose.
func TestBuildsWithoutProblems(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		dir := write(t, corpus.Options{Experiments: 60, Seed: seed, Layouts: repoRoot})
		res, err := build.Check(context.Background(), os.DirFS(dir), build.Options{})
		if err != nil {
			t.Fatalf("seed %d: Check: %v", seed, err)
		}
		for _, p := range res.Problems {
			if p.Severity == problem.Warning && (strings.Contains(p.Message, "this translation was updated") ||
				strings.Contains(p.Message, "no sv translation")) {
				continue
			}
			t.Errorf("seed %d: %s", seed, p)
		}
		if res.Pages["fi"] < 60 || res.Pages["sv"] < 50 {
			t.Errorf("seed %d: pages %v, want at least one per experiment", seed, res.Pages)
		}
	}
}

// TestDeterministic: the same options give byte-identical trees, also when
// Write replaces a corpus it wrote before; another seed gives another corpus.
func TestDeterministic(t *testing.T) {
	opt := corpus.Options{Experiments: 60, Seed: 7, Layouts: repoRoot}
	a, b := readTree(t, write(t, opt)), write(t, opt)
	if err := corpus.Write(b, opt); err != nil { // over the first write
		t.Fatalf("Write again: %v", err)
	}
	bt := readTree(t, b)
	if len(a) != len(bt) {
		t.Fatalf("%d files, then %d", len(a), len(bt))
	}
	for name, data := range a {
		if !bytes.Equal(data, bt[name]) {
			t.Errorf("%s differs between two writes", name)
		}
	}
	c := readTree(t, write(t, corpus.Options{Experiments: 60, Seed: 8, Layouts: repoRoot}))
	same := 0
	for name, data := range a {
		if strings.HasPrefix(name, "content/experiments/") && bytes.Equal(data, c[name]) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seeds 7 and 8 share %d identical experiment files", same)
	}
}

// TestShape checks the proportions the benchmarks rely on.
func TestShape(t *testing.T) {
	const n = 400
	tree := readTree(t, write(t, corpus.Options{Experiments: n, Seed: 1}))
	var fiFiles, svFiles, failday int
	for name, data := range tree {
		switch {
		case strings.HasPrefix(name, "content/experiments/") && strings.HasSuffix(name, ".fi.md"):
			fiFiles++
			if bytes.Contains(data, []byte("\nfailday: true\n")) {
				failday++
			}
		case strings.HasPrefix(name, "content/experiments/") && strings.HasSuffix(name, ".sv.md"):
			svFiles++
		}
	}
	if fiFiles != n {
		t.Errorf("%d Finnish experiments, want %d", fiFiles, n)
	}
	if fiOnly := fiFiles - svFiles; fiOnly < n*3/100 || fiOnly > n*7/100 {
		t.Errorf("%d of %d experiments are fi-only, want about 5 %%", fiOnly, n)
	}
	if failday < n*1/100 || failday > n*5/100 {
		t.Errorf("%d of %d experiments are on the Day for Failure, want about 3 %%", failday, n)
	}
	if _, ok := tree["layouts/base.html"]; ok {
		t.Errorf("layouts copied although Options.Layouts is empty")
	}
}

// TestRefusesForeignFolder: Write never empties a folder it did not write.
func TestRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := corpus.Write(dir, corpus.Options{Experiments: 3}); err == nil {
		t.Fatal("Write into a folder with other files succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Fatalf("the folder's file is gone: %v", err)
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
