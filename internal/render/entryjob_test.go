package render

import (
	"bytes"
	"context"
	"os"
	"slices"
	"testing"

	"github.com/kokeilu/kokeilu/internal/assets"
	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// TestEntryJobIsJobsJob checks, for every entry of the sample site, that
// EntryJob makes the job Jobs makes for the entry's page: the same file,
// sources and signature, and the same bytes.
func TestEntryJobIsJobsJob(t *testing.T) {
	fsys := os.DirFS("../..")
	probs := &problem.List{}
	set, err := content.Load(context.Background(), fsys, probs)
	if err != nil {
		t.Fatal(err)
	}
	s := site.Build(set, site.Options{}, probs)
	r := New(s, LoadTemplates(fsys, set.Config.Codes(), probs), assets.Load(fsys, minify.New(), probs))
	if errs := probs.Errors(); len(errs) > 0 {
		t.Fatal(errs)
	}
	byPath := map[string]Job{}
	for _, j := range r.Jobs() {
		byPath[j.Path] = j
	}
	render := func(j Job) []byte {
		var b bytes.Buffer
		if err := j.render(r, &b, &problem.List{}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	n := 0
	for _, l := range s.Langs {
		for _, e := range s.Entries(l) {
			got, ok := r.EntryJob(e)
			if e == l.Home || e == l.FaildayPage {
				if ok {
					t.Errorf("%s: a job for an introduction", e.Path)
				}
				continue
			}
			want, exists := byPath[got.Path]
			if !ok || !exists {
				t.Errorf("%s: EntryJob %v gives %s, which Jobs does not list", e.Path, ok, got.Path)
				continue
			}
			if !slices.Equal(got.Sources, want.Sources) || got.Signature() != want.Signature() {
				t.Errorf("%s: sources %v, signature %x; Jobs: %v, %x", e.Path, got.Sources, got.Signature(), want.Sources, want.Signature())
			}
			if !bytes.Equal(render(got), render(want)) {
				t.Errorf("%s: EntryJob renders other bytes than Jobs", e.Path)
			}
			n++
		}
	}
	if n < 50 {
		t.Errorf("only %d entries checked", n)
	}
}

// The sitemap lists addresses and dates: its signature changes with them
// and not with what the pages say, so that serve renders it again only
// when it changes.
func TestSitemapSignature(t *testing.T) {
	fsys := os.DirFS("../..")
	sig := func(edit func(*content.Document)) uint64 {
		t.Helper()
		probs := &problem.List{}
		set, err := content.Load(context.Background(), fsys, probs)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range set.Docs {
			if d.Kind == content.Experiment && d.Slug == "huleruoko" {
				edit(d)
			}
		}
		r := New(site.Build(set, site.Options{}, probs), LoadTemplates(fsys, set.Config.Codes(), probs), assets.Load(fsys, minify.New(), probs))
		for _, j := range r.Jobs() {
			if j.Path == "sitemap.xml" {
				if len(j.Sources) > 0 {
					t.Errorf("the sitemap has sources %v", j.Sources)
				}
				return j.Signature()
			}
		}
		t.Fatal("no sitemap")
		return 0
	}
	base := sig(func(*content.Document) {})
	tests := []struct {
		name    string
		edit    func(*content.Document)
		changes bool
	}{
		{"title", func(d *content.Document) { d.Meta.Title += " 2" }, false},
		{"summary", func(d *content.Document) { d.Meta.Summary += " 2" }, false},
		{"updated", func(d *content.Document) { d.Meta.Updated = d.Meta.Date.AddDate(1, 0, 0) }, true},
		{"draft", func(d *content.Document) { d.Meta.Draft = true }, true},
	}
	for _, tt := range tests {
		if got := sig(tt.edit) != base; got != tt.changes {
			t.Errorf("%s edit: signature changes %v, want %v", tt.name, got, tt.changes)
		}
	}
}
