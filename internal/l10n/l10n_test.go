package l10n

import (
	"slices"
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDate(t *testing.T) {
	for _, lang := range []string{"fi", "sv"} {
		if got := Date(lang, d("2018-04-06")); got != "6.4.2018" {
			t.Errorf("Date(%s) = %q, want 6.4.2018", lang, got)
		}
	}
	if got := Date("fi", time.Time{}); got != "" {
		t.Errorf("zero date = %q, want empty", got)
	}
}

func TestRange(t *testing.T) {
	tests := []struct {
		lang, start, end, want string
	}{
		{"fi", "2018-05-14", "2018-05-20", "14.–20.5.2018"},
		{"sv", "2018-05-14", "2018-05-20", "14–20 maj 2018"},
		{"fi", "2018-09-28", "2018-10-04", "28.9.–4.10.2018"},
		{"sv", "2018-09-28", "2018-10-04", "28 september–4 oktober 2018"},
		{"fi", "2017-12-28", "2018-01-04", "28.12.2017–4.1.2018"},
		{"sv", "2017-12-28", "2018-01-04", "28 december 2017–4 januari 2018"},
		{"fi", "2017-10-13", "2017-10-13", "13.10.2017"},
		{"sv", "2017-10-13", "", "13 oktober 2017"},
	}
	for _, tt := range tests {
		var end time.Time
		if tt.end != "" {
			end = d(tt.end)
		}
		if got := Range(tt.lang, d(tt.start), end); got != tt.want {
			t.Errorf("Range(%s, %s, %s) = %q, want %q", tt.lang, tt.start, tt.end, got, tt.want)
		}
	}
}

func TestInt(t *testing.T) {
	for _, lang := range []string{"fi", "sv"} {
		if got := Int(lang, 1234567); got != "1\u00a0234\u00a0567" {
			t.Errorf("Int(%s) = %q, want 1 234 567 with no-break spaces", lang, got)
		}
	}
}

func TestSort(t *testing.T) {
	tests := []struct {
		lang string
		in   []string
		want []string
	}{
		// å, ä, ö come after z; v and w are distinct letters, v first.
		{"fi", []string{"Öljy", "Äänekoski", "Wiki", "Zeta", "Vaasa", "Åland", "ankka"},
			[]string{"ankka", "Vaasa", "Wiki", "Zeta", "Åland", "Äänekoski", "Öljy"}},
		{"sv", []string{"Öppen data", "Återvinning", "Välfärd", "Zon", "Wasa", "Ärende", "arbete"},
			[]string{"arbete", "Välfärd", "Wasa", "Zon", "Återvinning", "Ärende", "Öppen data"}},
		// ü sorts as y.
		{"sv", []string{"Yxa", "Zoo", "Über", "Ypsilon"}, []string{"Über", "Ypsilon", "Yxa", "Zoo"}},
	}
	id := func(s string) string { return s }
	remembering := Sorters{}
	for _, tt := range tests {
		got := slices.Clone(tt.in)
		Sort(tt.lang, got, id)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Sort(%s, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
		// A sorter that remembers its keys sorts the same, the second
		// time from what it remembers.
		for range 2 {
			got = slices.Clone(tt.in)
			SortWith(remembering.For(tt.lang), got, id)
			if !slices.Equal(got, tt.want) {
				t.Errorf("SortWith(Sorters.For(%s), %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
			}
		}
	}
	if n := len(remembering["fi"].memo); n != 7 {
		t.Errorf("the Finnish sorter remembers %d keys, want 7", n)
	}
	if s := Sorters(nil).For("fi"); s.memo != nil {
		t.Error("a nil Sorters hands out a sorter that remembers")
	}
}
