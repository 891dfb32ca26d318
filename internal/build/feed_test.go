package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
)

// TestSampleFeedsReadBack builds the sample site and reads its Day for
// Failure feeds with a real feed parser. A parser is lenient, so the test
// asserts the fields a reader relies on; the RFC 4287 schema check is in
// internal/conformance.
func TestSampleFeedsReadBack(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), os.DirFS("../.."), out, Options{})
	if err != nil {
		t.Fatalf("build: %v %v", err, res.Problems)
	}
	for _, tc := range []struct{ lang, page string }{
		{"fi", "/fi/epaonnistumisen-paiva/"}, {"sv", "/sv/dagen-for-misslyckande/"},
	} {
		base := "https://kokeilu.example.fi" + tc.page
		for _, name := range []string{"atom.xml", "feed.json"} {
			f, err := os.Open(filepath.Join(out, filepath.FromSlash(tc.page), name))
			if err != nil {
				t.Fatal(err)
			}
			feed, err := gofeed.NewParser().Parse(f)
			f.Close()
			if err != nil {
				t.Fatalf("%s%s: %v", tc.page, name, err)
			}
			wantType := map[string]string{"atom.xml": "atom", "feed.json": "json"}[name]
			if feed.FeedType != wantType || feed.Language != tc.lang || feed.Link != base {
				t.Errorf("%s%s: type %q, language %q, link %q", tc.page, name, feed.FeedType, feed.Language, feed.Link)
			}
			if feed.UpdatedParsed == nil && name == "atom.xml" {
				t.Errorf("%s%s: no updated", tc.page, name)
			}
			if len(feed.Items) < 3 {
				t.Fatalf("%s%s: %d entries, want the sample's fail-day experiments", tc.page, name, len(feed.Items))
			}
			var prev time.Time
			for i, it := range feed.Items {
				if it.Title == "" || !strings.HasPrefix(it.Link, "https://kokeilu.example.fi/"+tc.lang+"/") || it.GUID != it.Link {
					t.Errorf("%s entry %d: title %q, link %q, id %q", name, i, it.Title, it.Link, it.GUID)
				}
				if it.PublishedParsed == nil || it.UpdatedParsed == nil || it.Description == "" || it.Content == "" {
					t.Errorf("%s entry %d (%s): published %v, updated %v, summary %q, content %d bytes",
						name, i, it.Title, it.PublishedParsed, it.UpdatedParsed, it.Description, len(it.Content))
					continue
				}
				if i > 0 && it.PublishedParsed.After(prev) {
					t.Errorf("%s: entries not newest first at %d", name, i)
				}
				prev = *it.PublishedParsed
				if feed.UpdatedParsed != nil && it.UpdatedParsed.After(*feed.UpdatedParsed) {
					t.Errorf("%s: entry %q updated after the feed", name, it.Title)
				}
			}
		}
		// The raw Atom: xml:lang, the self link and an author for every entry.
		raw, _ := os.ReadFile(filepath.Join(out, filepath.FromSlash(tc.page), "atom.xml"))
		af, err := (&atom.Parser{}).Parse(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatal(err)
		}
		if af.Language != tc.lang || af.ID != base {
			t.Errorf("atom: lang %q, id %q", af.Language, af.ID)
		}
		self := false
		for _, l := range af.Links {
			self = self || (l.Rel == "self" && l.Href == base+"atom.xml")
		}
		if !self || len(af.Authors) == 0 {
			t.Errorf("atom: self link %v, feed authors %v", self, af.Authors)
		}
	}
}
