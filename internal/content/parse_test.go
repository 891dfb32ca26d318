package content

import (
	"strings"
	"testing"
	"time"

	"github.com/kokeilu/kokeilu/internal/problem"
)

var langs = []string{"fi", "sv"}

func parse(t *testing.T, name, src string) (*Document, []problem.Problem) {
	t.Helper()
	var probs problem.List
	d := ParseFile(name, []byte(src), langs, &probs)
	return d, probs.All()
}

const good = `---
title: Ekobetoni
date: 2018-04-06
summary: Pihalaattoja.
tags: [kiertotalous, rakentaminen]
status: completed
links:
  - title: Raportti
    url: https://example.fi/r.pdf
failday: true
lesson: Opimme.
---
Teksti.
`

func TestParseGood(t *testing.T) {
	d, probs := parse(t, "content/experiments/ekobetoni.fi.md", good)
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	want := Meta{Title: "Ekobetoni", Date: time.Date(2018, 4, 6, 0, 0, 0, 0, time.UTC), Summary: "Pihalaattoja.",
		Tags: []string{"kiertotalous", "rakentaminen"}, Status: "completed", Failday: true, Lesson: "Opimme.",
		Links: []Link{{Title: "Raportti", URL: "https://example.fi/r.pdf"}}}
	if d.Meta.Title != want.Title || !d.Meta.Date.Equal(want.Date) || strings.Join(d.Meta.Tags, ",") != "kiertotalous,rakentaminen" ||
		d.Meta.Status != want.Status || !d.Meta.Failday || d.Meta.Lesson != want.Lesson || len(d.Meta.Links) != 1 || d.Meta.Links[0] != want.Links[0] {
		t.Errorf("meta = %+v", d.Meta)
	}
	if d.Kind != Experiment || d.Slug != "ekobetoni" || d.Lang != "fi" {
		t.Errorf("kind, slug, lang = %s, %s, %s", d.Kind, d.Slug, d.Lang)
	}
	if string(d.Body) != "Teksti.\n" || d.BodyLine != 13 {
		t.Errorf("body %q at line %d, want Teksti. at 13", d.Body, d.BodyLine)
	}
	if p := d.PosOf("status"); p != (Pos{6, 1}) {
		t.Errorf("status at %v, want 6:1", p)
	}
	if p := d.ItemPosOf("tags", 1); p != (Pos{5, 22}) {
		t.Errorf("second tag at %v, want 5:22", p)
	}
}

// TestParseProblems: each case is a file and the one problem it must give,
// as path:line:col: message (hint not compared).
func TestParseProblems(t *testing.T) {
	exp := func(front string) string {
		return "---\ntitle: T\ndate: 2018-01-01\nsummary: S\ntags: [a]\nstatus: idea\n" + front + "---\n"
	}
	tests := []struct {
		name, file, src, want string
	}{
		{"unknown field with a near name", "content/experiments/x.fi.md", exp("summray: x\n"),
			`content/experiments/x.fi.md:7:1: an experiment has no field "summray"`},
		{"impossible date", "content/experiments/x.fi.md", exp("start: 2018-02-30\n"),
			`content/experiments/x.fi.md:7:8: "2018-02-30" is not a real date`},
		{"date in the wrong form", "content/experiments/x.fi.md", exp("end: 6.4.2018\n"),
			`content/experiments/x.fi.md:7:6: "6.4.2018" is a date, but not written as YYYY-MM-DD`},
		{"date without leading zeros", "content/experiments/x.fi.md", exp("end: 2018-4-6\n"),
			`content/experiments/x.fi.md:7:6: "2018-4-6" is a date, but not written as YYYY-MM-DD`},
		{"day-first date that is no date", "content/experiments/x.fi.md", exp("end: 31.2.2018\n"),
			`content/experiments/x.fi.md:7:6: "31.2.2018" is not a real date`},
		{"status typo", "content/experiments/x.fi.md", "---\ntitle: T\ndate: 2018-01-01\nsummary: S\ntags: [a]\nstatus: compleet\n---\n",
			`content/experiments/x.fi.md:6:9: "compleet" is not a valid status`},
		{"role not allowed", "content/experiments/x.fi.md", exp("role: boss\n"),
			`content/experiments/x.fi.md:7:7: "boss" is not a valid role`},
		{"failday without lesson", "content/experiments/x.fi.md", exp("failday: true\n"),
			`content/experiments/x.fi.md:7:1: an experiment on the Day for Failure needs a lesson`},
		{"failday not a bool", "content/experiments/x.fi.md", exp("failday: kyllä\n"),
			`content/experiments/x.fi.md:7:10: failday should be true or false, not "kyllä"`},
		{"end before start", "content/experiments/x.fi.md", exp("start: 2018-05-20\nend: 2018-05-14\n"),
			`content/experiments/x.fi.md:8:1: the end date 2018-05-14 is before the start date 2018-05-20`},
		{"tags not a list of text", "content/experiments/x.fi.md", "---\ntitle: T\ndate: 2018-01-01\nsummary: S\ntags: {a: b}\nstatus: idea\n---\n",
			`content/experiments/x.fi.md:5:7: tags should be a list`},
		{"field twice", "content/experiments/x.fi.md", exp("title: Toinen\n"),
			`content/experiments/x.fi.md:7:1: the field "title" is given twice`},
		{"missing required", "content/contacts/x.fi.md", "---\nname: N\ntitle: T\n---\n",
			`content/contacts/x.fi.md:1:1: the required field "organisation" is missing`},
		{"bad email", "content/contacts/x.fi.md", "---\nname: N\ntitle: T\norganisation: O\nemail: maija(at)example.fi\n---\n",
			`content/contacts/x.fi.md:5:8: "maija(at)example.fi" is not an email address`},
		{"bad registration url", "content/campaigns/x.fi.md", "---\ntitle: T\nstart: 2018-01-01\nend: 2018-01-02\nregistration: www.example.fi\n---\n",
			`content/campaigns/x.fi.md:5:15: "www.example.fi" is not a web address`},
		{"link without url", "content/experiments/x.fi.md", exp("links:\n  - title: X\n"),
			`content/experiments/x.fi.md:8:5: the link "X" has no valid url`},
		{"no frontmatter", "content/tags/x.fi.md", "Vain tekstiä.\n",
			`content/tags/x.fi.md:1:1: the file has no frontmatter`},
		{"frontmatter not closed", "content/tags/x.fi.md", "---\ntitle: X\n",
			`content/tags/x.fi.md:1:1: the frontmatter is not closed`},
		{"unquoted colon", "content/tags/x.fi.md", "---\ntitle: Aihe: alaotsikko: lisää\n---\n",
			`content/tags/x.fi.md:2:12: the value of title has a colon and a space (": ") in it, which YAML reads as the start of another field`},
		{"bad indentation", "content/tags/x.fi.md", "---\ntitle: X\n  draft: true\nfoo\n---\n",
			`content/tags/x.fi.md:3:3: the field "draft" is indented more than the line above it, so YAML reads it as part of that line's text`},
		{"frontmatter is a list", "content/tags/x.fi.md", "---\n- a\n- b\n---\n",
			`content/tags/x.fi.md:2:1: the frontmatter must be a list of fields`},
		{"not UTF-8", "content/tags/x.fi.md", "---\ntitle: K\xe4\xe4nn\xf6s\n---\n",
			`content/tags/x.fi.md:2:9: the file is not valid UTF-8 text`},
		{"no language in name", "content/tags/x.md", "---\ntitle: X\n---\n",
			`content/tags/x.md: the file name has no language part`},
		{"unknown language", "content/tags/x.en.md", "---\ntitle: X\n---\n",
			`content/tags/x.en.md: unknown language "en" in the file name`},
		{"slug with capitals", "content/tags/Kierto.fi.md", "---\ntitle: X\n---\n",
			`content/tags/Kierto.fi.md: the file name "Kierto" cannot be used in a web address`},
		{"numeric slug", "content/tags/2.fi.md", "---\ntitle: X\n---\n",
			`content/tags/2.fi.md: the file name "2" cannot be used in a web address`},
		{"unknown folder", "content/news/x.fi.md", "---\ntitle: X\n---\n",
			`content/news/x.fi.md: this file is not in a content folder kokeilu knows`},
		{"TOML type error", "content/pages/x.fi.md", "+++\ntitle = \"X\"\nslug = \"Iso Kirjain\"\n+++\n",
			`content/pages/x.fi.md:3:8: "Iso Kirjain" is not a valid slug`},
		{"TOML syntax error", "content/pages/x.fi.md", "+++\ntitle = \"X\nslug = 1\n+++\n",
			`content/pages/x.fi.md:2:11: the frontmatter cannot be read: strings cannot contain newlines`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := parse(t, tt.file, tt.src)
			if len(probs) != 1 {
				t.Fatalf("got %d problems, want 1: %v", len(probs), probs)
			}
			got, _, _ := strings.Cut(probs[0].String(), "\n")
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if probs[0].Hint == "" {
				t.Errorf("no hint for %q", got)
			}
		})
	}
}

func TestParseCRLFAndBOM(t *testing.T) {
	src := "\uFEFF---\r\ntitle: Aihe\r\n---\r\nJohdanto.\r\n"
	d, probs := parse(t, "content/tags/x.fi.md", src)
	if len(probs) > 0 || d.Meta.Title != "Aihe" {
		t.Fatalf("title %q, problems %v", d.Meta.Title, probs)
	}
}

func TestHintSuggestsNearestField(t *testing.T) {
	_, probs := parse(t, "content/experiments/x.fi.md", "---\ntitle: T\ndate: 2018-01-01\nsummary: S\ntags: [a]\nstatus: idea\nlessson: x\n---\n")
	if len(probs) != 1 || probs[0].Hint != `did you mean "lesson"?` {
		t.Errorf("problems %v", probs)
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"content/experiments/x.fi.md":                 false,
		"content/experiments/.x.fi.md.swp":            true,
		"content/experiments/x.fi.md~":                true,
		"content/experiments/4913":                    true,
		"content/experiments/x.fi.md___jb_tmp___":     true,
		"content/experiments/.#x.fi.md":               true,
		"content/experiments/x.fi.md.tmp":             true,
		"content/experiments/#x.fi.md#":               true,
		"content/experiments/kokeilu-123.fi.md":       false,
		"content/experiments/.goutputstream-ABC123XY": true,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

// FuzzParseFile: no input may panic, every problem has a file, a message
// and no negative place, and a document that is not broken has a body
// within the bounds. Seeds for YAML, TOML and hostile bodies are in
// testdata/fuzz/FuzzParseFile.
func FuzzParseFile(f *testing.F) {
	f.Add(good)
	f.Add("+++\ntitle = \"X\"\ntags = [\"a\"]\n+++\nBody")
	f.Add("---\n---\n")
	f.Add("---\ntitle: [\n---\n")
	f.Add("---\nlinks:\n  - {title: a, url: 'https://x'}\n  - 7\n---\n")
	f.Add("---\n&a x: *a\n---\n")
	f.Fuzz(func(t *testing.T, src string) {
		var probs problem.List
		for _, name := range []string{"content/experiments/x.fi.md", "content/contacts/x.sv.md", "content/pages/x.fi.md"} {
			d := ParseFile(name, []byte(src), langs, &probs)
			if d != nil && !d.Broken {
				var again problem.List
				if len(d.Body) > MaxBody || !d.checkBody(&again) {
					t.Fatalf("%s: a document that is not broken has a body out of bounds: %v", name, again.All())
				}
			}
		}
		for _, p := range probs.All() {
			if p.File == "" || p.Message == "" || p.Line < 0 || p.Col < 0 {
				t.Fatalf("problem without file, message or place: %+v", p)
			}
		}
	})
}

// A date written by hand, day first (30.11.2026), gets the same date in the
// form files use as its hint.
func TestHintRewritesHandWrittenDate(t *testing.T) {
	for in, want := range map[string]string{"30.11.2026": "2026-11-30", "6.4.2018": "2018-04-06", "2018-4-6": "2018-04-06"} {
		_, probs := parse(t, "content/experiments/x.fi.md", "---\ntitle: T\ndate: "+in+"\nsummary: S\ntags: [a]\nstatus: idea\n---\n")
		if len(probs) != 1 || !strings.HasPrefix(probs[0].Hint, "write it as "+want+":") {
			t.Errorf("date: %s: problems %v, want the hint to start with %q", in, probs, "write it as "+want)
		}
	}
}
