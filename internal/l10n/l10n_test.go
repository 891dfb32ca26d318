package l10n

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// sample reads a language's format from the repository's layouts/i18n, so
// the tests prove what the sample site writes.
func sample(t *testing.T, code, tag string) *Locale {
	t.Helper()
	data, err := os.ReadFile("../../layouts/i18n/" + code + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	f, err := ParseFormat(m)
	if err != nil {
		t.Fatalf("%s.yaml: %v", code, err)
	}
	return New(language.MustParse(tag), f)
}

func locales(t *testing.T) map[string]*Locale {
	return map[string]*Locale{"fi": sample(t, "fi", "fi"), "sv": sample(t, "sv", "sv-FI"), "en": sample(t, "en", "en")}
}

func TestDate(t *testing.T) {
	ls := locales(t)
	for lang, want := range map[string]string{"fi": "6.4.2018", "sv": "6.4.2018", "en": "6 April 2018"} {
		if got := ls[lang].Date(d("2018-04-06")); got != want {
			t.Errorf("Date(%s) = %q, want %q", lang, got, want)
		}
		if got := ls[lang].Date(time.Time{}); got != "" {
			t.Errorf("zero date (%s) = %q, want empty", lang, got)
		}
	}
}

func TestRange(t *testing.T) {
	tests := []struct {
		lang, start, end, want string
	}{
		{"fi", "2018-05-14", "2018-05-20", "14.–20.5.2018"},
		{"sv", "2018-05-14", "2018-05-20", "14–20.5.2018"},
		{"en", "2018-05-14", "2018-05-20", "14–20 May 2018"},
		{"fi", "2018-09-28", "2018-10-04", "28.9.–4.10.2018"},
		{"sv", "2018-09-28", "2018-10-04", "28.9–4.10.2018"},
		{"en", "2018-09-28", "2018-10-04", "28 September – 4 October 2018"},
		{"fi", "2017-12-28", "2018-01-04", "28.12.2017–4.1.2018"},
		{"sv", "2017-12-28", "2018-01-04", "28.12.2017–4.1.2018"},
		{"en", "2017-12-28", "2018-01-04", "28 December 2017 – 4 January 2018"},
		{"fi", "2017-10-13", "2017-10-13", "13.10.2017"},
		{"sv", "2017-10-13", "", "13.10.2017"},
		{"fi", "", "2017-10-13", "–13.10.2017"},
		{"fi", "", "", ""},
	}
	ls := locales(t)
	for _, tt := range tests {
		var start, end time.Time
		if tt.start != "" {
			start = d(tt.start)
		}
		if tt.end != "" {
			end = d(tt.end)
		}
		if got := ls[tt.lang].Range(start, end); got != tt.want {
			t.Errorf("Range(%s, %s, %s) = %q, want %q", tt.lang, tt.start, tt.end, got, tt.want)
		}
	}
}

func TestInt(t *testing.T) {
	ls := locales(t)
	for lang, want := range map[string]string{"fi": "1\u00a0234\u00a0567", "sv": "1\u00a0234\u00a0567", "en": "1,234,567"} {
		if got := ls[lang].Int(1234567); got != want {
			t.Errorf("Int(%s) = %q, want %q", lang, got, want)
		}
	}
}

func TestQuotes(t *testing.T) {
	ls := locales(t)
	for lang, want := range map[string]Quotes{"fi": {"”", "”", "’", "’"}, "sv": {"”", "”", "’", "’"}, "en": {"“", "”", "‘", "’"}} {
		if got := ls[lang].Quotes(); got != want {
			t.Errorf("Quotes(%s) = %q, want %q", lang, got, want)
		}
	}
}

// A language without format keys writes ISO dates, and straight quotes.
func TestDefaults(t *testing.T) {
	f, err := ParseFormat(map[string]string{"skip": "x"})
	if err != nil {
		t.Fatal(err)
	}
	l := New(language.German, f)
	if got := l.Date(d("2018-04-06")); got != "2018-04-06" {
		t.Errorf("Date = %q", got)
	}
	if got := l.Range(d("2018-05-14"), d("2018-05-20")); got != "2018-05-14–2018-05-20" {
		t.Errorf("Range = %q", got)
	}
	if got := l.Int(1234567); got != "1.234.567" {
		t.Errorf("Int = %q", got)
	}
	if got := New(language.German, Format{}).Date(d("2018-04-06")); got != "2018-04-06" {
		t.Errorf("zero Format: Date = %q", got)
	}
}

func TestParseFormatErrors(t *testing.T) {
	tests := []struct {
		strs map[string]string
		want string
	}{
		{map[string]string{KeyDate: "{d}.{q}"}, "format.date: unknown placeholder {q}"},
		{map[string]string{KeyDate: "{d1}"}, "format.date: unknown placeholder {d1}"},
		{map[string]string{KeyPeriod: "{d}–{d2}"}, "format.period: unknown placeholder {d}"},
		{map[string]string{KeyDay: "{d"}, "format.day: \"{d\" has a { without its }"},
		{map[string]string{KeyDay: "{d} {month}"}, "give the month names in format.months"},
		{map[string]string{KeyMonths: "a b c"}, "format.months: write the twelve month names separated by spaces, not 3"},
		{map[string]string{KeyQuotes: "« »"}, "format.quotes: write four marks"},
		// One date style: the 2018 Swedish facts table showed
		// "1 september 2017–28 februari 2018" beside "12.3.2018".
		{map[string]string{KeyDate: "{d}.{m}.{y}", KeyPeriodYear: "{d1} {month1}–{d2} {month2} {y2}", KeyMonths: "a b c d e f g h i j k l"},
			"format.period.year: format.date writes the month as a number; write it the same way here"},
		{map[string]string{KeyDate: "{d} {month} {y}", KeyDay: "{d}.{m}.{y}", KeyMonths: "a b c d e f g h i j k l"},
			"format.day: format.date writes the month by its name"},
	}
	for _, tt := range tests {
		_, err := ParseFormat(tt.strs)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseFormat(%v) = %v, want an error with %q", tt.strs, err, tt.want)
		}
	}
}

func TestSort(t *testing.T) {
	tests := []struct {
		tag  string
		in   []string
		want []string
	}{
		// å, ä, ö come after z; v and w are distinct letters, v first.
		{"fi", []string{"Öljy", "Äänekoski", "Wiki", "Zeta", "Vaasa", "Åland", "ankka"},
			[]string{"ankka", "Vaasa", "Wiki", "Zeta", "Åland", "Äänekoski", "Öljy"}},
		{"sv-FI", []string{"Öppen data", "Återvinning", "Välfärd", "Zon", "Wasa", "Ärende", "arbete"},
			[]string{"arbete", "Välfärd", "Wasa", "Zon", "Återvinning", "Ärende", "Öppen data"}},
		// ü sorts as y.
		{"sv-FI", []string{"Yxa", "Zoo", "Über", "Ypsilon"}, []string{"Über", "Ypsilon", "Yxa", "Zoo"}},
		// English: å, ä, ö are a, a, o with accents.
		{"en", []string{"Öljy", "Zeta", "Åland", "ankka", "Äänekoski"},
			[]string{"Äänekoski", "Åland", "ankka", "Öljy", "Zeta"}},
	}
	id := func(s string) string { return s }
	remembering := Sorters{}
	for _, tt := range tests {
		tag := language.MustParse(tt.tag)
		got := slices.Clone(tt.in)
		SortWith(New(tag, Format{}).Sorter(), got, id)
		if !slices.Equal(got, tt.want) {
			t.Errorf("SortWith(%s, %q) = %q, want %q", tt.tag, tt.in, got, tt.want)
		}
		// A sorter that remembers its keys sorts the same, the second
		// time from what it remembers.
		for range 2 {
			got = slices.Clone(tt.in)
			SortWith(remembering.For(tag), got, id)
			if !slices.Equal(got, tt.want) {
				t.Errorf("SortWith(Sorters.For(%s), %q) = %q, want %q", tt.tag, tt.in, got, tt.want)
			}
		}
	}
	if n := len(remembering[language.Finnish].memo); n != 7 {
		t.Errorf("the Finnish sorter remembers %d keys, want 7", n)
	}
	if s := Sorters(nil).For(language.Finnish); s.memo != nil {
		t.Error("a nil Sorters hands out a sorter that remembers")
	}
}
