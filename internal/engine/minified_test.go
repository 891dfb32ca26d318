package engine

import (
	"bytes"
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/output"
)

// TestPagesAsIfMinifiedWhole: pages are made from minified layouts, their
// bodies minified on their own, and are not minified whole. Minified once
// more, every page must be byte for byte the page made from the layouts as
// written and minified whole, on the sample site and on a generated corpus
// (every page type, both languages, many shapes of frontmatter), and at
// most 1 % larger. Every other file must be equal as it is.
func TestPagesAsIfMinifiedWhole(t *testing.T) {
	for name, fsys := range sampleAndCorpus(t, 3) {
		t.Run(name, func(t *testing.T) {
			fast, whole := renderWith(t, fsys, minify.New()), renderWith(t, fsys, minify.PagesWhole())
			if !slices.Equal(fast.Names(), whole.Names()) {
				t.Fatalf("files differ:\n%v\n%v", fast.Names(), whole.Names())
			}
			m := minify.New()
			var pages, sizeFast, sizeWhole int
			for _, n := range whole.Names() {
				f, _ := fast.Get(n)
				w, _ := whole.Get(n)
				if !strings.HasSuffix(n, ".html") {
					if !bytes.Equal(f, w) {
						t.Errorf("%s differs", n)
					}
					continue
				}
				pages++
				sizeFast, sizeWhole = sizeFast+len(f), sizeWhole+len(w)
				again, err := m.Bytes(n, bytes.Clone(f))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(again, w) {
					i := 0
					for i < len(again) && i < len(w) && again[i] == w[i] {
						i++
					}
					t.Errorf("%s, minified again, differs at byte %d:\n%q\nwhole:\n%q", n, i,
						again[max(0, i-60):min(len(again), i+60)], w[max(0, i-60):min(len(w), i+60)])
				}
			}
			if pages == 0 || float64(sizeFast) > 1.01*float64(sizeWhole) {
				t.Errorf("%d pages: %d bytes, whole %d", pages, sizeFast, sizeWhole)
			}
			t.Logf("%d pages: %d bytes, %+.2f %% against pages minified whole", pages, sizeFast, 100*float64(sizeFast-sizeWhole)/float64(sizeWhole))
		})
	}
}

func renderWith(t *testing.T, fsys fs.FS, m *minify.Minifier) *output.Memory {
	t.Helper()
	out := output.NewMemory(m)
	res, err := New(fsys, Options{LazyBodies: true}, m, nil).Run(context.Background(), nil, out, nil, nil)
	if err != nil || !res.Rendered {
		t.Fatalf("run: %v, rendered %v: %v", err, res != nil && res.Rendered, res)
	}
	return out
}
