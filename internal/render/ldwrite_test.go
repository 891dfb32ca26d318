package render

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestLDAsEncodingJSON: appendLD writes the bytes encoding/json marshals,
// for every kind of value JSON-LD is made of, and declines the others.
func TestLDAsEncodingJSON(t *testing.T) {
	tests := []any{
		nil,
		"",
		"Kokeilu – försök",
		`<script>alert("&")</script>`,
		"line\nbreak\ttab\rret\bbs\fff\x00\x01\x1f\x7f",
		"\u2028\u2029 \u00e4\u00f6 \U0001F600",
		"bad \xff utf-8 \xe2\x82",
		`back\slash "quote"`,
		0, -3, 12345678901,
		ld{},
		ld(nil),
		[]any{},
		[]any(nil),
		ld{"b": 1, "a": "x", "@type": "Thing", "@id": "https://example.fi/#x", "Z": nil, "ä": "ö", "a<b": "&"},
		ld{"@context": "https://schema.org", "@graph": []any{
			ld{"@type": "GovernmentOrganization", "name": "Valtioneuvosto", "logo": ld{"@type": "ImageObject", "url": "https://x/logo.svg"}},
			ld{"@type": "BreadcrumbList", "itemListElement": []any{ld{"@type": "ListItem", "position": 1, "name": "Etusivu"}}},
			ld{"@type": "Article", "about": []any{ld{"name": "</script><!--"}}, "keywords": "a, b"},
		}},
	}
	for _, v := range tests {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := appendLD(nil, v)
		if !ok || string(got) != string(want) {
			t.Errorf("%#v:\n got %s (ok %v)\nwant %s", v, got, ok, want)
		}
	}
	for _, v := range []any{3.5, true, []string{"a"}, map[string]any{"a": 1}, ld{"a": []string{"x"}}, []any{ld{"a": 1.5}}} {
		if _, ok := appendLD(nil, v); ok {
			t.Errorf("%#v: written, want it left to encoding/json", v)
		}
	}
}

// FuzzLDString: any string, as a value and as a key, is written as
// encoding/json writes it.
func FuzzLDString(f *testing.F) {
	for _, s := range []string{"", "a", "<>&", "\u2028", "\xff", "\x00\x1f", `"\`, "ä\xe2\x82", strings.Repeat("é", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range []any{s, ld{s: s, "k": []any{s, 1}}} {
			want, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := appendLD(nil, v)
			if !ok || string(got) != string(want) {
				t.Fatalf("%q: got %s, want %s", s, got, want)
			}
		}
		if !utf8.ValidString(string(appendJSONString(nil, s))) {
			t.Fatalf("%q: the encoding is not UTF-8", s)
		}
	})
}
