package render

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// An experiment's view carries its related experiments (site.Related, at
// most RelatedCount) as the same Refs every list shows; other kinds carry
// none.
func TestEntryRelated(t *testing.T) {
	ex := func(date, tags string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: T\ndate: " + date + "\nsummary: S\ntags: " + tags + "\nstatus: running\n---\n")}
	}
	tag := &fstest.MapFile{Data: []byte("---\ntitle: Aihe\n---\n")}
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte(`baseURL: https://kokeilu.example.fi
languages:
  - {code: fi, name: Suomeksi, title: Kokeilun paikka, sections: {experiments: kokeilut, campaigns: kampanjat, contacts: yhteystiedot, tags: aiheet, failday: epaonnistumisen-paiva}}
`)},
		"content/tags/a.fi.md": tag, "content/tags/b.fi.md": tag, "content/tags/c.fi.md": tag,
		"content/experiments/x.fi.md": ex("2018-01-01", "[a, b, c]"),
		"content/experiments/p.fi.md": ex("2018-02-01", "[a, b, c]"),
		"content/experiments/q.fi.md": ex("2018-03-01", "[a, b]"),
		"content/experiments/r.fi.md": ex("2018-04-01", "[a]"),
		"content/experiments/s.fi.md": ex("2018-05-01", "[b]"),
		"content/experiments/u.fi.md": ex("2018-06-01", "[c]"), // one theme in common, as r and s: the newest of them
	}
	var probs problem.List
	set, err := content.Load(context.Background(), fsys, &probs, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := site.Build(set, site.Options{}, &probs)
	if probs.Len() > 0 {
		t.Fatal(probs.All())
	}
	v := newViews(s, nil)
	x := s.Lookup(content.Experiment, "x", "fi")
	ev := v.entry(x, false)
	var got []string
	for _, r := range ev.Related {
		got = append(got, r.Slug)
		if r != v.ref(s.Lookup(content.Experiment, r.Slug, "fi")) {
			t.Errorf("related %s is not the Ref the lists share", r.Slug)
		}
	}
	if want := []string{"p", "q", "u"}; !slices.Equal(got, want) || len(want) != RelatedCount {
		t.Errorf("related = %q, want %q", got, want)
	}
	if tv := v.entry(s.Lookup(content.Tag, "a", "fi"), true); tv.Related != nil {
		t.Errorf("a tag's view has related experiments: %v", tv.Related)
	}
}
