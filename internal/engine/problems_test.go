package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kokeilu/kokeilu/internal/minify"
)

// Template and output problems name the real layout file (partials
// included), once per mistake however many pages it breaks, and a
// document that cannot be read is never rendered (so it causes no template
// problems of its own).
func TestProblemsNameTheRealFileOnce(t *testing.T) {
	// The line after the last one of a sample file: where text appended
	// to it starts, however long the file grows.
	sample := sampleSite(t)
	after := func(name string) int { return strings.Count(string(sample[name].Data), "\n") + 1 }
	tests := []struct {
		name string
		edit func(fstest.MapFS)
		want []string // each problem's first line, in order
	}{
		{"a partial that asks for a field no view has", func(m fstest.MapFS) {
			replace(m, "layouts/partials/items.html", `{{define "card"}}<li class="card">`, `{{define "card"}}<li class="card">{{.E.Nope}}`)
		}, []string{`layouts/partials/items.html:5:38: executing "card" at <.E.Nope>: can't evaluate field Nope in type *render.Ref`}},
		{"a syntax error in a partial", func(m fstest.MapFS) {
			replace(m, "layouts/partials/items.html", `{{define "card"}}`, `{{define "card"}}{{if}}`)
		}, []string{`layouts/partials/items.html:5: missing value for if`}},
		{"the base template removed", func(m fstest.MapFS) {
			delete(m, "layouts/base.html")
		}, nil}, // checked below: one, not one per template
		{"a UI string no language has, beside a content error: both in one run", func(m fstest.MapFS) {
			replace(m, "layouts/partials/items.html", `{{define "card"}}`, `{{define "card"}}{{.P.T "card.nope"}}`)
			replace(m, "content/experiments/ekobetoni-kokeilu.fi.md", "\ntitle:", "\ntitle: [")
		}, []string{
			`content/experiments/ekobetoni-kokeilu.fi.md:2:27: the list that starts with [ is not closed`,
			`layouts/partials/items.html:5:25: the UI string "card.nope" is in no layouts/i18n file`,
		}},
		{"a broken link in a file whose frontmatter is broken too: both in one run", func(m fstest.MapFS) {
			replace(m, "content/experiments/ekobetoni-kokeilu.fi.md", "\ntitle:", "\ntitle: [")
			m["content/experiments/ekobetoni-kokeilu.fi.md"].Data = append(m["content/experiments/ekobetoni-kokeilu.fi.md"].Data, "\n[rikki](olematon.fi.md)\n"...)
		}, []string{
			`content/experiments/ekobetoni-kokeilu.fi.md:2:27: the list that starts with [ is not closed`,
			fmt.Sprintf(`content/experiments/ekobetoni-kokeilu.fi.md:%d:2: the link "olematon.fi.md" leads to no page`, after("content/experiments/ekobetoni-kokeilu.fi.md")+1),
		}},
		{"a UI string given twice", func(m fstest.MapFS) {
			m["layouts/i18n/sv.yaml"].Data = append(m["layouts/i18n/sv.yaml"].Data, "\nnav.main: Huvudmeny igen\n"...)
		}, []string{fmt.Sprintf(`layouts/i18n/sv.yaml:%d:1: the UI string "nav.main" is given twice (first on line 11)`, after("layouts/i18n/sv.yaml")+1)}},
		{"broken frontmatter", func(m fstest.MapFS) {
			replace(m, "content/experiments/ekobetoni-kokeilu.fi.md", "\ntitle:", "\ntitle: [")
		}, []string{`content/experiments/ekobetoni-kokeilu.fi.md:2:27: the list that starts with [ is not closed`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := sampleSite(t)
			tt.edit(fsys)
			res, err := New(fsys, testOptions, minify.New(), nil).Run(context.Background(), nil, Discard{}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range res.Problems {
				if p.Severity == 0 { // errors only: the sample has an outdated translation on purpose
					line, _, _ := strings.Cut(p.String(), "\n")
					got = append(got, line)
				}
			}
			if tt.want == nil {
				if len(got) != 1 {
					t.Errorf("%d problems, want one:\n%s", len(got), strings.Join(got, "\n"))
				}
				for _, g := range got {
					if !strings.HasPrefix(g, "layouts/") {
						t.Errorf("problem %q, want it in layouts/", g)
					}
				}
				return
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func replace(m fstest.MapFS, name, old, new string) {
	s := string(m[name].Data)
	if !strings.Contains(s, old) {
		panic(name + " lacks " + old)
	}
	m[name] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1))}
}
