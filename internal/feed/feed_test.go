package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/kokeilu/kokeilu/internal/minify"
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

// TestEscapeTextAsEncodingXML: escapeText says what encoding/xml says,
// once read back and once minified.
func TestEscapeTextAsEncodingXML(t *testing.T) {
	m := minify.New()
	for _, s := range []string{
		"", "plain", `"quoted" and 'single'`, "a & b < c > d", "&amp; &lt; &#34; &#xA;",
		"line\nline\r\nline\rtab\tend", "  two  spaces\n\n  ", "<pre>\n  code\n</pre>",
		"bell \x07 nul \x00 del \x7f", "nonchar \ufffe \uffff", "bad \xff\xfe utf-8", "\U0001F600 ä å ö",
		"]]> end of cdata", "\ufffd replacement",
	} {
		var want bytes.Buffer
		xml.EscapeText(&want, []byte(s))
		got := escapeText(s)
		var a, b string
		if err := xml.Unmarshal([]byte("<a>"+got+"</a>"), &a); err != nil {
			t.Errorf("%q: escapeText gives %q, not well-formed: %v", s, got, err)
			continue
		}
		xml.Unmarshal([]byte("<a>"+want.String()+"</a>"), &b)
		if a != b {
			t.Errorf("%q reads back as %q, encoding/xml's as %q", s, a, b)
		}
		ma, _ := m.Bytes("a.xml", []byte("<a>"+got+"</a>"))
		mb, _ := m.Bytes("a.xml", []byte("<a>"+want.String()+"</a>"))
		if !bytes.Equal(ma, mb) {
			t.Errorf("%q minifies to %q, encoding/xml's to %q", s, ma, mb)
		}
	}
}

// TestAtomMinifiesInLinearTime: an 8 MB fail-day body is minified into
// the feed in about 0.1 s; when the feed wrote references the minifier
// rewrites, each moved the rest of the text: 1 MB took 1 s, 3 MB 5 s and 8 MB
// well over the limit here.
func TestAtomMinifiesInLinearTime(t *testing.T) {
	var body strings.Builder
	for body.Len() < 8<<20 {
		body.WriteString("<p>Kokeilu &amp; <em>\"epäonnistui\"</em>, koska 'syy' oli tämä.</p>\n<pre>\tkoodi\r\n</pre>\n")
	}
	f := sample()
	f.Entries[0].Content = body.String()
	f.Entries[0].Summary = strings.Repeat("\"Opimme\"\n", 1000)
	start := time.Now()
	b, err := Atom(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"&#34;", "&#39;", "&#x", "&quot;", "&apos;"} {
		if n := bytes.Count(b, []byte(ref)); n > 0 {
			t.Errorf("the feed has %d of %s, which the minifier rewrites one by one", n, ref)
		}
	}
	done := make(chan error, 1)
	go func() {
		_, err := minify.New().Bytes("atom.xml", b)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d MB in %v", len(b)>>20, time.Since(start))
	case <-time.After(20 * time.Second):
		t.Fatalf("minifying a %d MB feed took more than 20 s", len(b)>>20)
	}
}
