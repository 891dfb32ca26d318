package site

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// BenchmarkBuild links 10,000 experiments per language: what `kokeilu
// serve` does again after every frontmatter edit.
func BenchmarkBuild(b *testing.B) {
	fsys := fstest.MapFS{"content/site.yaml": {Data: []byte(siteYAML)},
		"content/tags/t.fi.md": {Data: []byte("---\ntitle: Aihe\n---\n")},
		"content/tags/t.sv.md": {Data: []byte("---\ntitle: Ämne\n---\n")}}
	for i := range 10000 {
		for _, l := range []string{"fi", "sv"} {
			fsys[fmt.Sprintf("content/experiments/e%d.%s.md", i, l)] = &fstest.MapFile{
				Data: []byte(exp(fmt.Sprintf("Kokeilu %d", i), fmt.Sprintf("2018-%02d-%02d", 1+i%12, 1+i%28), ""))}
		}
	}
	var probs problem.List
	set, err := content.Load(context.Background(), fsys, &probs, nil)
	if err != nil || probs.Len() > 0 {
		b.Fatal(err, probs.All())
	}
	for b.Loop() {
		Build(set, Options{}, &problem.List{})
	}
	b.ReportMetric(float64(len(set.Docs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}
