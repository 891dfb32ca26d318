package site

import (
	"maps"
	"testing"
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// TestRelink edits one file of a small site and checks that Relink either
// gives the entry a whole Build of the edited site gives, or declines.
func TestRelink(t *testing.T) {
	base := map[string]string{
		"content/experiments/a.fi.md": exp("A", "2018-01-01", "contacts: [m]\ncampaign: k\nupdated: 2018-03-01\n"),
		"content/experiments/a.sv.md": exp("A sv", "2018-01-01", "contacts: [m]\ncampaign: k\nupdated: 2018-03-01\n"),
		"content/experiments/b.fi.md": exp("B", "2018-02-01", ""),
		"content/experiments/d.fi.md": exp("D", "2018-02-01", "draft: true\n"),
		"content/tags/u.fi.md":        "---\ntitle: Toinen\n---\n",
		"content/tags/v.fi.md":        "---\ntitle: Luonnos\ndraft: true\n---\n",
		"content/contacts/m.fi.md":    "---\nname: Maija Meikäläinen\ntitle: T\norganisation: O\nemail: m@example.fi\n---\n",
		"content/contacts/m.sv.md":    "---\nname: Maija Meikäläinen\ntitle: T\norganisation: O\nemail: m@example.fi\n---\n",
		"content/campaigns/k.fi.md":   "---\ntitle: Viikko\nstart: 2018-01-01\nend: 2018-01-07\n---\n",
		"content/campaigns/k.sv.md":   "---\ntitle: Vecka\nstart: 2018-01-01\nend: 2018-01-07\n---\n",
		"content/pages/about.fi.md":   "---\ntitle: Tietoa\nslug: tietoa\n---\n",
		"content/pages/home.fi.md":    "---\ntitle: Etusivu\n---\n",
	}
	tests := []struct {
		name, file, text string
		ok               bool
	}{
		{"new title", "content/experiments/a.fi.md", exp("A uusi", "2018-01-01", "contacts: [m]\ncampaign: k\nupdated: 2018-03-01\n"), true},
		{"another tag", "content/experiments/b.fi.md", "---\ntitle: B\ndate: 2018-02-01\nsummary: S\ntags: [t, u]\nstatus: idea\n---\n", true},
		{"joins a campaign", "content/experiments/b.fi.md", exp("B", "2018-02-01", "campaign: k\n"), true},
		{"translation now outdated", "content/experiments/a.sv.md", exp("A sv", "2018-01-01", "contacts: [m]\ncampaign: k\nupdated: 2018-02-01\n"), true},
		{"contact renamed", "content/contacts/m.sv.md", "---\nname: Maija Mäki\ntitle: T\norganisation: O\nemail: m@example.fi\n---\n", true},
		{"page title", "content/pages/about.fi.md", "---\ntitle: Tietoa meistä\nslug: tietoa\n---\n", true},
		{"unknown tag", "content/experiments/b.fi.md", "---\ntitle: B\ndate: 2018-02-01\nsummary: S\ntags: [x]\nstatus: idea\n---\n", false},
		{"draft tag", "content/experiments/b.fi.md", "---\ntitle: B\ndate: 2018-02-01\nsummary: S\ntags: [t, v]\nstatus: idea\n---\n", false},
		{"original's date no longer agrees", "content/experiments/a.fi.md", exp("A", "2018-01-02", "contacts: [m]\ncampaign: k\nupdated: 2018-03-01\n"), false},
		{"translation's date no longer agrees", "content/experiments/a.sv.md", exp("A sv", "2018-01-05", "contacts: [m]\ncampaign: k\nupdated: 2018-03-01\n"), false},
		{"made a draft", "content/experiments/b.fi.md", exp("B", "2018-02-01", "draft: true\n"), false},
		{"a draft", "content/experiments/d.fi.md", exp("D2", "2018-02-01", "draft: true\n"), false},
		{"new address", "content/pages/about.fi.md", "---\ntitle: Tietoa\nslug: meista\n---\n", false},
		{"home introduction", "content/pages/home.fi.md", "---\ntitle: Koti\n---\n", false},
		{"new file", "content/experiments/c.fi.md", exp("C", "2018-02-01", ""), false},
		{"required field missing", "content/experiments/b.fi.md", "---\ntitle: B\ndate: 2018-02-01\n---\n", false},
		{"unreadable field", "content/experiments/b.fi.md", exp("B", "huomenna", ""), false},
	}
	before, probs := load(t, base, Options{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p problem.List
			d := content.ParseFile(tt.file, []byte(tt.text), []string{"fi", "sv"}, &p)
			got, ok := before.Relink(d, Options{})
			if ok != tt.ok {
				t.Fatalf("Relink says %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			files := maps.Clone(base)
			files[tt.file] = tt.text
			after, probs := load(t, files, Options{})
			if len(probs) > 0 {
				t.Fatalf("the edit is not clean: %v", probs)
			}
			want := after.Lookup(d.Kind, d.Slug, d.Lang)
			if g, w := describe(got), describe(want); g != w {
				t.Errorf("Relink gives\n%s\nBuild gives\n%s", g, w)
			}
		})
	}
}

// describe names an entry's links by the files they lead to.
func describe(e *Entry) string {
	s := "url " + e.URL + "\ntitle " + e.Label() + "\ntranslations"
	name := func(x *Entry) string {
		if x == nil {
			return " -"
		}
		return " " + x.Path
	}
	for _, x := range e.Translations {
		s += name(x)
	}
	s += "\ntags"
	for _, x := range e.Tags {
		s += name(x)
	}
	s += "\ncontacts"
	for _, x := range e.Contacts {
		s += name(x)
	}
	s += "\nexperiments"
	for _, x := range e.Experiments {
		s += name(x)
	}
	return s + "\ncampaign" + name(e.Campaign) + "\noutdated" + name(e.Outdated)
}

// neutralEqual must agree with comparing the values the messages show.
func TestNeutralEqual(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	metas := []content.Meta{
		{},
		{Date: day("2018-01-01"), Tags: []string{"a", "b"}, Phone: "012 345 6781", Status: "idea"},
		{Date: day("2018-01-01"), Tags: []string{"b", "a"}, Phone: "012  345 6781", Status: "idea"},
		{Date: day("2018-01-02"), Tags: []string{"a"}, Phone: "0123456781", Status: "completed", Failday: true},
		{Start: day("2018-01-01"), End: day("2018-01-07"), Contacts: []string{"m", "n"}, Campaign: "k", Role: "r", Email: "a@b.fi"},
		{Start: day("2018-01-01"), End: day("2018-01-08"), Contacts: []string{"n", "m"}, Campaign: "k", Role: "s", Email: "a@b.fi"},
	}
	var fields []content.Field
	for _, k := range content.Kinds {
		for f := range content.SchemaOf(k).All() {
			if f.Neutral {
				fields = append(fields, f)
			}
		}
	}
	for i := range metas {
		for j := range metas {
			for _, f := range fields {
				a, b := &metas[i], &metas[j]
				if got, want := neutralEqual(a, b, f), neutralValue(a, f) == neutralValue(b, f); got != want {
					t.Errorf("metas %d and %d, %s: neutralEqual %v, values %q and %q", i, j, f.Name, got, neutralValue(a, f), neutralValue(b, f))
				}
			}
		}
	}
}
