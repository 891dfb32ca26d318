package site

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
)

func TestRelated(t *testing.T) {
	ex := func(date, tags string) string {
		return "---\ntitle: T\ndate: " + date + "\nsummary: S\ntags: " + tags + "\nstatus: idea\n---\n"
	}
	tag := func(title string) string { return "---\ntitle: " + title + "\n---\n" }
	s, probs := load(t, map[string]string{
		"content/tags/u.fi.md": tag("U"), "content/tags/v.fi.md": tag("V"), "content/tags/w.fi.md": tag("W"),
		"content/tags/u.sv.md": tag("U"), "content/tags/v.sv.md": tag("V"), "content/tags/w.sv.md": tag("W"),
		"content/experiments/x.fi.md": ex("2018-06-01", "[t, u, v]"),
		"content/experiments/a.fi.md": ex("2018-01-01", "[v, u, t]"), // all three themes, the oldest
		"content/experiments/b.fi.md": ex("2018-03-01", "[t, u]"),
		"content/experiments/d.fi.md": ex("2018-05-01", "[t]"), // same day as c: by slug
		"content/experiments/c.fi.md": ex("2018-05-01", "[t]"),
		"content/experiments/e.fi.md": ex("2018-09-01", "[w]"), // newest, but nothing in common
		"content/experiments/x.sv.md": ex("2018-06-01", "[t, u, v]"),
		"content/experiments/c.sv.md": ex("2018-05-01", "[t]"),
	}, Options{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	slugs := func(es []*Entry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Slug+"."+e.Lang)
		}
		return out
	}
	x := s.Lookup(content.Experiment, "x", "fi")
	tests := []struct {
		name string
		e    *Entry
		n    int
		want []string
	}{
		{"most shared themes first, then newest, then slug", x, 10, []string{"a.fi", "b.fi", "c.fi", "d.fi"}},
		{"at most n", x, 3, []string{"a.fi", "b.fi", "c.fi"}},
		{"none asked", x, 0, nil},
		{"in its own language only", s.Lookup(content.Experiment, "x", "sv"), 3, []string{"c.sv"}},
		{"no shared theme, no related", s.Lookup(content.Experiment, "e", "fi"), 3, nil},
		{"never itself; one theme each: newest first", s.Lookup(content.Experiment, "c", "fi"), 10, []string{"x.fi", "d.fi", "b.fi", "a.fi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := slugs(Related(tt.e, tt.n)); !slices.Equal(got, tt.want) {
				t.Errorf("Related = %q, want %q", got, tt.want)
			}
		})
	}
}

// Related looks at each theme's RelatedWindow newest experiments only, so
// that a page costs the same on a site of any size.
func TestRelatedWindow(t *testing.T) {
	files := map[string]string{"content/tags/t.fi.md": "---\ntitle: T\n---\n"}
	day := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range RelatedWindow + 2 {
		date := day.AddDate(0, 0, i).Format("2006-01-02") // e0 the oldest
		files[fmt.Sprintf("content/experiments/e%d.fi.md", i)] = "---\ntitle: T\ndate: " + date + "\nsummary: S\ntags: [t]\nstatus: idea\n---\n"
	}
	s, probs := load(t, files, Options{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	newest := s.Lookup(content.Experiment, fmt.Sprintf("e%d", RelatedWindow+1), "fi")
	got := Related(newest, 2*RelatedWindow)
	if len(got) != RelatedWindow-1 {
		t.Fatalf("Related found %d, want the window's %d others", len(got), RelatedWindow-1)
	}
	if last := got[len(got)-1].Slug; last != "e2" {
		t.Errorf("the oldest related is %s, want e2 (e0 and e1 are beyond the window)", last)
	}
}
