package site

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
)

const siteYAML = `baseURL: https://kokeilu.example.fi
defaultLanguage: fi
languages:
  - {code: fi, name: Suomeksi, title: Kokeilun paikka, sections: {experiments: kokeilut, campaigns: kampanjat, contacts: yhteystiedot, tags: aiheet, failday: epaonnistumisen-paiva, browse: selaa, stage: vaihe, municipality: kunta, region: maakunta, year: vuosi, role: rooli}}
  - {code: sv, name: På svenska, title: Plats för försök, sections: {experiments: forsok, campaigns: kampanjer, contacts: kontakter, tags: amnen, failday: dagen-for-misslyckande, browse: bladdra, stage: skede, municipality: kommun, region: landskap, year: ar, role: roll}}
`

func exp(title, date, extra string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\nsummary: S\ntags: [t]\nstatus: idea\n" + extra + "---\n"
}

func load(t *testing.T, files map[string]string, opt Options) (*Site, []problem.Problem) {
	t.Helper()
	fsys := fstest.MapFS{"content/site.yaml": {Data: []byte(siteYAML)},
		"content/tags/t.fi.md": {Data: []byte("---\ntitle: Aihe\n---\n")},
		"content/tags/t.sv.md": {Data: []byte("---\ntitle: Ämne\n---\n")}}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	var probs problem.List
	set, err := content.Load(context.Background(), fsys, &probs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Build(set, opt, &probs), probs.All()
}

func TestTranslationsAndURLs(t *testing.T) {
	s, probs := load(t, map[string]string{
		"content/experiments/a.fi.md": exp("A", "2018-01-01", ""),
		"content/experiments/a.sv.md": exp("A sv", "2018-01-01", ""),
		"content/experiments/b.fi.md": exp("B", "2018-02-01", ""),
		"content/pages/about.fi.md":   "---\ntitle: Tietoa\nslug: tietoa\n---\n",
		"content/pages/about.sv.md":   "---\ntitle: Om\nslug: om-webbplatsen\n---\n",
	}, Options{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	fi, sv := s.Lang("fi"), s.Lang("sv")
	a := s.Lookup(content.Experiment, "a", "fi")
	if a.URL != "/fi/kokeilut/a/" || a.Translation(sv).URL != "/sv/forsok/a/" || a.Translation(fi) != a {
		t.Errorf("urls %s, %s", a.URL, a.Translation(sv).URL)
	}
	if b := s.Lookup(content.Experiment, "b", "fi"); b.Translation(sv) != nil {
		t.Error("b has no Swedish version")
	}
	if p := s.Lookup(content.Page, "about", "sv"); p.URL != "/sv/om-webbplatsen/" {
		t.Errorf("page url %s", p.URL)
	}
	if len(fi.Experiments) != 2 || fi.Experiments[0].Slug != "b" || len(sv.Experiments) != 1 {
		t.Errorf("lists: fi %d (first %s), sv %d", len(fi.Experiments), fi.Experiments[0].Slug, len(sv.Experiments))
	}
	if tag := s.Lookup(content.Tag, "t", "fi"); len(tag.Experiments) != 2 || tag.Experiments[0].Slug != "b" {
		t.Errorf("tag lists %d experiments", len(tag.Experiments))
	}
}

func TestSiteProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		opt   Options
		want  string // the first line of the only problem
	}{
		{"neutral field differs", map[string]string{
			"content/experiments/a.fi.md": exp("A", "2018-01-01", ""),
			"content/experiments/a.sv.md": exp("A", "2018-01-02", ""),
		}, Options{}, "content/experiments/a.sv.md:3:1: date is 2018-01-02 here but 2018-01-01 in the fi version"},
		{"contact phone differs in spacing only is fine, digits not", map[string]string{
			"content/contacts/m.fi.md": "---\nname: M\ntitle: T\norganisation: O\nphone: 012 345 6781\n---\n",
			"content/contacts/m.sv.md": "---\nname: M\ntitle: T\norganisation: O\nphone: 012 345 6782\n---\n",
		}, Options{}, "content/contacts/m.sv.md:5:1: phone is 012 345 6782 here but 012 345 6781 in the fi version"},
		{"unknown tag with a near name", map[string]string{
			"content/experiments/a.fi.md": "---\ntitle: A\ndate: 2018-01-01\nsummary: S\ntags: [tt]\nstatus: idea\n---\n",
		}, Options{}, `content/experiments/a.fi.md:5:8: tag "tt" does not exist in fi`},
		{"reference to a draft", map[string]string{
			"content/experiments/a.fi.md": exp("A", "2018-01-01", "contacts: [m]\n"),
			"content/contacts/m.fi.md":    "---\nname: M\ntitle: T\norganisation: O\ndraft: true\n---\n",
		}, Options{}, `content/experiments/a.fi.md:7:12: contact "m" does not exist in fi`},
		{"page slug takes a section's address", map[string]string{
			"content/pages/x.fi.md": "---\ntitle: X\nslug: kokeilut\n---\n",
		}, Options{}, "content/pages/x.fi.md:3:1: the page's address /fi/kokeilut/ is the experiments section's"},
		{"two pages at one address", map[string]string{
			"content/pages/x.fi.md": "---\ntitle: X\nslug: sama\n---\n",
			"content/pages/y.fi.md": "---\ntitle: Y\nslug: sama\n---\n",
		}, Options{}, "content/pages/y.fi.md:3:1: content/pages/y.fi.md has the same address /fi/sama/ as content/pages/x.fi.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := load(t, tt.files, tt.opt)
			if len(probs) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(probs), probs)
			}
			if got, _, _ := strings.Cut(probs[0].String(), "\n"); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if probs[0].Hint == "" {
				t.Error("no hint")
			}
		})
	}
}

// Editors' habits: a reference written as the title or name it shows, or a
// list written without brackets, gets the fix as its hint; a reference one
// version gets wrong is reported there only, not again in its translation.
func TestReferenceHints(t *testing.T) {
	contact := "---\nname: Pekka Pilotti\ntitle: T\norganisation: O\n---\n"
	tests := []struct {
		name      string
		files     map[string]string
		msg, hint string
	}{
		{"tag as its title", map[string]string{
			"content/experiments/a.fi.md": "---\ntitle: A\ndate: 2018-01-01\nsummary: S\ntags: [aihe]\nstatus: idea\n---\n",
		}, `content/experiments/a.fi.md:5:8: tag "aihe" does not exist in fi`,
			`write its key, "t": a reference names the file (content/tags/t.fi.md), not its title or name`},
		{"contact as a name", map[string]string{
			"content/experiments/a.fi.md":          exp("A", "2018-01-01", "contacts: [Pekka  Pilotti]\n"),
			"content/contacts/pekka-pilotti.fi.md": contact,
		}, `content/experiments/a.fi.md:7:12: contact "Pekka  Pilotti" does not exist in fi`,
			`write its key, "pekka-pilotti": a reference names the file (content/contacts/pekka-pilotti.fi.md), not its title or name`},
		{"list without brackets", map[string]string{
			"content/experiments/a.fi.md": "---\ntitle: A\ndate: 2018-01-01\nsummary: S\ntags: t, ymparisto\nstatus: idea\n---\n",
		}, `content/experiments/a.fi.md:5:7: tags "t, ymparisto" is one name with commas, not a list of 2`,
			`write a list in square brackets: tags: [t, ymparisto]`},
		{"a broken reference is not copied to the translation", map[string]string{
			"content/experiments/a.fi.md": exp("A", "2018-01-01", "contacts: [eiole]\n"),
			"content/experiments/a.sv.md": exp("A", "2018-01-01", ""),
		}, `content/experiments/a.fi.md:7:12: contact "eiole" does not exist in fi`, `create content/contacts/eiole.fi.md or fix the name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := load(t, tt.files, Options{})
			if len(probs) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(probs), probs)
			}
			if got, _, _ := strings.Cut(probs[0].String(), "\n"); got != tt.msg || probs[0].Hint != tt.hint {
				t.Errorf("got  %s\n     hint: %s\nwant %s\n     hint: %s", got, probs[0].Hint, tt.msg, tt.hint)
			}
		})
	}
}

func TestDraftsOption(t *testing.T) {
	files := map[string]string{"content/experiments/d.fi.md": exp("D", "2018-01-01", "draft: true\n")}
	s, _ := load(t, files, Options{})
	if len(s.Lang("fi").Experiments) != 0 {
		t.Error("draft published without -drafts")
	}
	s, _ = load(t, files, Options{Drafts: true})
	if len(s.Lang("fi").Experiments) != 1 {
		t.Error("draft missing with -drafts")
	}
}

func TestOutdatedTranslationNote(t *testing.T) {
	s, probs := load(t, map[string]string{
		"content/experiments/a.fi.md": exp("A", "2018-01-01", "updated: 2019-02-01\n"),
		"content/experiments/a.sv.md": exp("A", "2018-01-01", "updated: 2018-12-01\n"),
	}, Options{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	notes := s.Notes()
	if len(notes) != 1 || notes[0].File != "content/experiments/a.sv.md" || notes[0].Line != 7 || notes[0].Severity != problem.Warning {
		t.Errorf("notes %v", notes)
	}
}

func TestCampaignState(t *testing.T) {
	d := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		tm, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	week := func(opens, closes string) *content.Meta {
		return &content.Meta{Start: d("2018-10-08"), End: d("2018-10-14"), Registration: "https://example.fi/ilmoittaudu",
			RegistrationOpens: d(opens), RegistrationCloses: d(closes)}
	}
	for _, tt := range []struct {
		opens, closes, today, want string
	}{
		{"", "", "", ""},                           // no reference date: no state
		{"", "", "2018-01-01", Open},               // open at once by default
		{"", "", "2018-10-07", Open},               // the day before the week: the last day to sign up
		{"", "", "2018-10-08", Running},            // the first day
		{"", "", "2018-10-14", Running},            // the last day
		{"", "", "2018-10-15", Ended},              // the day after
		{"2018-09-01", "", "2018-08-31", Upcoming}, // before sign-up opens
		{"2018-09-01", "", "2018-09-01", Open},
		{"", "2018-09-30", "2018-10-01", Closed}, // sign-up over, the week still to come
		{"", "2018-09-30", "2018-09-30", Open},
		{"", "2018-10-10", "2018-10-09", Running}, // during the week it is running, whatever sign-up does
	} {
		if got := CampaignState(week(tt.opens, tt.closes), d(tt.today)); got != tt.want {
			t.Errorf("opens %q closes %q on %q: %q, want %q", tt.opens, tt.closes, tt.today, got, tt.want)
		}
	}
	// Without a registration address a week signs up on its own page.
	if got := CampaignState(&content.Meta{Start: d("2018-10-08"), End: d("2018-10-14")}, d("2018-10-01")); got != Open {
		t.Errorf("a week without a registration address is %q, want open (its own sign-up form)", got)
	}
}
