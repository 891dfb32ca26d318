package site

import (
	"testing"
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
)

// neutralEqual must agree with comparing the values the messages show.
func TestNeutralEqual(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	metas := []content.Meta{
		{},
		{Date: day("2018-01-01"), Tags: []string{"a", "b"}, Phone: "012 345 6781", Status: "idea"},
		{Date: day("2018-01-01"), Tags: []string{"b", "a"}, Phone: "012  345 6781", Status: "idea"},
		{Date: day("2018-01-02"), Tags: []string{"a"}, Phone: "0123456781", Status: "completed", Failday: true},
		{Start: day("2018-01-01"), End: day("2018-01-07"), Contacts: []string{"m", "n"}, Campaign: "k", Role: "r", Email: "a@b.fi"},
		{Start: day("2018-01-01"), End: day("2018-01-08"), Contacts: []string{"n", "m"}, Campaign: "k", Role: "s", Email: "a@b.fi"},
	}
	var fields []content.Field
	for _, k := range content.Kinds {
		for f := range content.SchemaOf(k).All() {
			if f.Neutral {
				fields = append(fields, f)
			}
		}
	}
	for i := range metas {
		for j := range metas {
			for _, f := range fields {
				a, b := &metas[i], &metas[j]
				if got, want := neutralEqual(a, b, f), neutralValue(a, f) == neutralValue(b, f); got != want {
					t.Errorf("metas %d and %d, %s: neutralEqual %v, values %q and %q", i, j, f.Name, got, neutralValue(a, f), neutralValue(b, f))
				}
			}
		}
	}
}
