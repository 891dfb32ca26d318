package build

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// TestSampleCalendarsReadBack builds the sample site and reads every
// campaign week's calendar, and each language's calendar of all weeks,
// with a real iCalendar parser: one all-day event per week, from its
// start to the day after its end, its title in the file's language, the
// same UID in every language.
func TestSampleCalendarsReadBack(t *testing.T) {
	out, set := buildSample(t)
	read := func(path string) []*goical.Event {
		t.Helper()
		f, err := os.Open(filepath.Join(out, filepath.FromSlash(path)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cal, err := goical.NewDecoder(f).Decode()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var es []*goical.Event
		for _, e := range cal.Events() {
			es = append(es, &e)
		}
		return es
	}
	day := func(tm time.Time) string { return tm.Format("2006-01-02") }
	weeks := map[string]int{} // per language
	for _, d := range set.Docs {
		if d.Kind != content.Campaign || d.Meta.Draft {
			continue
		}
		var section string
		for _, l := range set.Config.Languages {
			if l.Code == d.Lang {
				section = l.Sections.Campaigns
			}
		}
		weeks[d.Lang]++
		seg := cmp.Or(d.Meta.Slug, d.Slug) // the week's address in its language
		path := "/" + d.Lang + "/" + section + "/" + seg + "/" + seg + ".ics"
		es := read(path)
		if len(es) != 1 {
			t.Fatalf("%s: %d events, want 1", path, len(es))
		}
		e := es[0]
		start, err1 := e.DateTimeStart(time.UTC)
		end, err2 := e.DateTimeEnd(time.UTC)
		if err1 != nil || err2 != nil || day(start) != day(d.Meta.Start) || day(end) != day(d.Meta.End.AddDate(0, 0, 1)) {
			t.Errorf("%s: %v–%v (%v %v), want %s to the day after %s", path, start, end, err1, err2, day(d.Meta.Start), day(d.Meta.End))
		}
		if got, _ := e.Props.Text(goical.PropSummary); got != d.Meta.Title {
			t.Errorf("%s: summary %q, want %q", path, got, d.Meta.Title)
		}
		if got := e.Props.Get(goical.PropUID).Value; !strings.HasPrefix(got, d.Slug+"@") {
			t.Errorf("%s: UID %q, want %s@host, the same in every language", path, got, d.Slug)
		}
		if got := e.Props.Get(goical.PropURL); got == nil || !strings.HasSuffix(got.Value, "/"+d.Lang+"/"+section+"/"+seg+"/") {
			t.Errorf("%s: URL %v, want the week's page", path, got)
		}
	}
	for _, l := range set.Config.Languages {
		path := "/" + l.Code + "/" + l.Sections.Campaigns + "/" + l.Sections.Campaigns + ".ics"
		if es := read(path); len(es) != weeks[l.Code] || len(es) == 0 {
			t.Errorf("%s: %d events, want %d (every week)", path, len(es), weeks[l.Code])
		}
		page, err := os.ReadFile(filepath.Join(out, l.Code, l.Sections.Campaigns, "index.html"))
		if err != nil || !strings.Contains(string(page), l.Sections.Campaigns+".ics") {
			t.Errorf("the campaign list in %s does not link its calendar (%v)", l.Code, err)
		}
	}
}

// buildSample builds the sample site into a temporary folder and returns
// the folder with the site's documents, which tests compare the output with.
func buildSample(t *testing.T) (string, *content.Set) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), os.DirFS("../.."), out, Options{})
	if err != nil {
		t.Fatalf("build: %v %v", err, res.Problems)
	}
	set, err := content.Load(context.Background(), os.DirFS("../.."), &problem.List{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out, set
}
