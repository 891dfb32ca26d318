package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/output"
	"github.com/kokeilu/kokeilu/internal/sitefs"
)

// BenchmarkRunAfterEdit measures one engine run after a body edit and after
// a title edit (the whole run: read, link, views, keys, render; first-ms is
// the time to the edited page) on a site written beforehand
// by `go run ./cmd/corpus -n 5000 -out DIR`, named by KOKEILU_BENCH_SITE.
// The file is restored afterwards.
func BenchmarkRunAfterEdit(b *testing.B) {
	dir := os.Getenv("KOKEILU_BENCH_SITE")
	if dir == "" {
		b.Skip("set KOKEILU_BENCH_SITE to a site written by cmd/corpus")
	}
	fsys, err := sitefs.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "content/experiments/*.fi.md"))
	f := files[len(files)/2]
	orig, _ := os.ReadFile(f)
	b.Cleanup(func() { os.WriteFile(f, orig, 0o644) })
	rel, _ := filepath.Rel(dir, f)
	m := minify.New()
	e := New(fsys, testOptions, m, nil)
	out := output.NewMemory(m)
	ctx := context.Background()
	if _, err := e.Run(ctx, nil, out, nil, nil); err != nil {
		b.Fatal(err)
	}
	page := "fi/kokeilut/" + strings.TrimSuffix(filepath.Base(f), ".fi.md") + "/index.html"
	i := 0
	edit := func(b *testing.B, kind string) {
		var first time.Duration
		n := 0
		for b.Loop() {
			i, n = i+1, n+1
			text := string(orig) + fmt.Sprintf("\nMuokkaus %d.\n", i)
			if kind == "title" {
				text = strings.Replace(string(orig), "title: ", fmt.Sprintf("title: Muokattu %d ", i), 1)
			}
			os.WriteFile(f, []byte(text), 0o644)
			res, err := e.Run(ctx, []string{filepath.ToSlash(rel)}, out, []string{page}, nil)
			if err != nil || !res.Rendered {
				b.Fatal(err, res.Problems[:min(3, len(res.Problems))])
			}
			first += res.First
		}
		b.ReportMetric(float64(first.Microseconds())/1000/float64(n), "first-ms/op")
	}
	b.Run("text", func(b *testing.B) { edit(b, "text") })
	b.Run("title", func(b *testing.B) { edit(b, "title") })
}
