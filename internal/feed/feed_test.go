package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func sample() Feed {
	d := time.Date(2018, 10, 13, 0, 0, 0, 0, time.UTC)
	return Feed{ID: "https://x.fi/fi/epaonnistumisen-paiva/", Title: "Epäonnistumisen päivä", Lang: "fi",
		Self: "https://x.fi/fi/epaonnistumisen-paiva/atom.xml", JSONSelf: "https://x.fi/fi/epaonnistumisen-paiva/feed.json",
		Page: "https://x.fi/fi/epaonnistumisen-paiva/", Author: "Kokeilun paikka", Updated: d,
		Entries: []Entry{{ID: "https://x.fi/fi/kokeilut/a/", Title: "A & <b>", URL: "https://x.fi/fi/kokeilut/a/",
			Published: d, Updated: d, Author: "Kunta", Summary: "Opimme ”jotain”.", Content: "<p>Teksti & lisää</p>",
			Categories: []Category{{Term: "t", Label: "Aihe"}}}}}
}

func TestAtomIsWellFormedAndEscaped(t *testing.T) {
	b, err := Atom(sample())
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Lang    string `xml:"lang,attr"`
		Updated string `xml:"updated"`
		Entry   []struct {
			Title   string `xml:"title"`
			Content string `xml:"content"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(b, &v); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, b)
	}
	if v.Lang != "fi" || v.Updated != "2018-10-13T00:00:00Z" || len(v.Entry) != 1 ||
		v.Entry[0].Title != "A & <b>" || v.Entry[0].Content != "<p>Teksti & lisää</p>" {
		t.Errorf("decoded %+v", v)
	}
	if !bytes.Contains(b, []byte(`<link rel="self" type="application/atom+xml" href="https://x.fi/fi/epaonnistumisen-paiva/atom.xml">`)) {
		t.Errorf("no self link:\n%s", b)
	}
}

func TestFeedsAreDeterministic(t *testing.T) {
	a1, _ := Atom(sample())
	a2, _ := Atom(sample())
	j1, _ := JSON(sample())
	j2, _ := JSON(sample())
	if !bytes.Equal(a1, a2) || !bytes.Equal(j1, j2) {
		t.Error("two encodings of the same feed differ")
	}
}

func TestJSONFeed(t *testing.T) {
	b, err := JSON(sample())
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if v["version"] != "https://jsonfeed.org/version/1.1" || v["language"] != "fi" || v["feed_url"] == "" {
		t.Errorf("feed %v", v)
	}
	items := v["items"].([]any)
	it := items[0].(map[string]any)
	if it["date_published"] != "2018-10-13T00:00:00Z" || !strings.Contains(it["content_html"].(string), "<p>Teksti") {
		t.Errorf("item %v", it)
	}
	empty := sample()
	empty.Entries = nil
	b, _ = JSON(empty)
	if !bytes.Contains(b, []byte(`"items": []`)) {
		t.Errorf("an empty feed must still have items: []\n%s", b)
	}
}
