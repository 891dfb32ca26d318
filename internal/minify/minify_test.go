package minify

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestMinifyByType(t *testing.T) {
	m := New()
	tests := []struct{ name, in, want string }{
		{"a.html", "<!DOCTYPE html>\n<html lang=\"fi\">\n<head><title> T </title></head>\n<body>\n<p>  a  b </p>\n</body>\n</html>\n",
			`<!doctype html><html lang="fi"><head><title>T</title></head><body><p>a b</p></body></html>`},
		{"a.css", "a { color : red ; }", "a{color:red}"},
		{"a.json", "{ \"a\" : [ 1 , 2 ] }", `{"a":[1,2]}`},
		{"a.xml", "<a>\n  <b>x</b>\n</a>", "<a><b>x</b></a>"},
		{"a.txt", "  as is  ", "  as is  "},
		{"a.csv", "a, b\n", "a, b\n"},
	}
	for _, tt := range tests {
		got, err := m.Bytes(tt.name, []byte(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

// direct minifies HTML as the minifier does, without splitText.
func direct(t testing.TB, m *Minifier, page string) string {
	var b bytes.Buffer
	if err := m.m.Minify("text/html", &b, bytes.NewBufferString(page)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestHTMLMinifiesInLinearTime: a page with a 4 MB paragraph full of the
// references the minifier shortens (&quot; &#39; &gt;) is minified in well
// under a second; in one piece it took 7 s at 1.7 MB and grew with the
// square of the size.
func TestHTMLMinifiesInLinearTime(t *testing.T) {
	text := strings.Repeat("a &gt; b &quot;c&quot; d&#39;e\n", 4<<20/32)
	page := "<!doctype html><html lang=fi><head><title>T</title></head><body><main><p>" + text + "</p></main></body></html>"
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := New().Bytes("a.html", []byte(page))
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d MB in %v", len(page)>>20, time.Since(start))
	case <-time.After(20 * time.Second):
		t.Fatalf("minifying a %d MB page took more than 20 s", len(page)>>20)
	}
}

// TestSplitTextKeepsBytes: splitting long text gives the bytes the
// minifier gives without it.
func TestSplitTextKeepsBytes(t *testing.T) {
	m := New()
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "bc", " ", "  ", "\n", "\t", "&amp;", "&amp;x", "&amp;#", "&quot;", "&#39;", "&#34;", "&gt;", "&lt;",
		"&nbsp;", "&auml;", "&#x26;", "&", ";", "<b>", "</b>", "<!-- c -->", "<br>", "ä", "”", "<", ">"}
	wrap := []struct{ open, close string }{{"<p>", "</p>"}, {"<pre>", "</pre>"}, {"<textarea>", "</textarea>"},
		{"<script>", "</script>"}, {"<style>", "</style>"}, {"<div title=\"x\">", "</div>"}, {"", ""}}
	for i := range 300 {
		var b strings.Builder
		for b.Len() < 2000 {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		w := wrap[i%len(wrap)]
		page := "<!doctype html><html lang=fi><head><title>T</title></head><body>" + w.open + b.String() + w.close + "<p>" + b.String() + "</p></body></html>"
		got, err := m.Bytes("a.html", []byte(page))
		if err != nil {
			continue // the minifier refuses it either way
		}
		if want := direct(t, m, page); string(got) != want {
			t.Fatalf("%q\nsplit:  %q\nwhole:  %q", page, got, want)
		}
	}
}

// FuzzSplitText: for any page, splitText changes nothing the minifier
// writes. Seeds are in testdata/fuzz/FuzzSplitText.
func FuzzSplitText(f *testing.F) {
	f.Add("<p>" + strings.Repeat("a &gt; b &quot;c&quot; ", 40) + "</p>")
	f.Add("<pre>" + strings.Repeat("&amp;x &#39; ", 60) + "</pre><script>" + strings.Repeat("a&&b; ", 60) + "</script>")
	m := New()
	f.Fuzz(func(t *testing.T, page string) {
		var want bytes.Buffer
		errWhole := m.m.Minify("text/html", &want, bytes.NewBufferString(page))
		got, err := m.Bytes("a.html", []byte(page))
		if (err == nil) != (errWhole == nil) || err == nil && string(got) != want.String() {
			t.Fatalf("split: %q, %v\nwhole: %q, %v", got, err, want.String(), errWhole)
		}
	})
}
