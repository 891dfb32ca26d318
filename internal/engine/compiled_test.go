package engine

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kokeilu/kokeilu/internal/corpus"
	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/output"
)

// TestCompiledLayoutsAsHTMLTemplate: the pages made by the compiled layouts
// (internal/tmplexec) are byte for byte the pages html/template makes from
// the same layouts, on the sample site and on a generated corpus, and
// every page and card is made by them: none is left to html/template.
func TestCompiledLayoutsAsHTMLTemplate(t *testing.T) {
	for name, fsys := range sampleAndCorpus(t, 5) {
		t.Run(name, func(t *testing.T) {
			compiled, slow := runWith(t, fsys, Options{LazyBodies: true})
			interpreted, slowAll := runWith(t, fsys, Options{LazyBodies: true, NoPrograms: true})
			if slow != 0 {
				t.Errorf("%d pages and cards were left to html/template", slow)
			}
			if !slices.Equal(compiled.Names(), interpreted.Names()) {
				t.Fatalf("files differ:\n%v\n%v", compiled.Names(), interpreted.Names())
			}
			for _, n := range interpreted.Names() {
				c, _ := compiled.Get(n)
				i, _ := interpreted.Get(n)
				if !bytes.Equal(c, i) {
					at := 0
					for at < len(c) && at < len(i) && c[at] == i[at] {
						at++
					}
					t.Errorf("%s differs at byte %d:\n%q\nhtml/template:\n%q", n, at,
						c[max(0, at-60):min(len(c), at+60)], i[max(0, at-60):min(len(i), at+60)])
				}
			}
			t.Logf("%d files equal; without the compiled layouts html/template made %d pages and cards", len(interpreted.Names()), slowAll)
			if slowAll == 0 {
				t.Error("NoPrograms: html/template made nothing")
			}
		})
	}
}

func runWith(t *testing.T, fsys fs.FS, opt Options) (*output.Memory, int) {
	t.Helper()
	m := minify.New()
	out := output.NewMemory(m)
	res, err := New(fsys, opt, m, nil).Run(context.Background(), nil, out, nil, nil)
	if err != nil || !res.Rendered {
		t.Fatalf("run: %v, rendered %v: %v", err, res != nil && res.Rendered, res)
	}
	return out, res.Slow
}

// sampleAndCorpus is the sample site and a corpus of 150 experiments per
// language (every page type, both languages, many shapes of frontmatter)
// made with the sample's layouts from seed.
func sampleAndCorpus(t *testing.T, seed int64) map[string]fs.FS {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	if err := corpus.Write(dir, corpus.Options{Experiments: 150, Seed: seed, Layouts: filepath.Join("..", "..")}); err != nil {
		t.Fatal(err)
	}
	return map[string]fs.FS{"sample site": sampleSite(t), "corpus": os.DirFS(dir)}
}
