package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// parse reads a calendar back with a real iCalendar parser.
func parse(t *testing.T, data []byte) *goical.Calendar {
	t.Helper()
	cal, err := goical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("the calendar does not parse: %v\n%s", err, data)
	}
	return cal
}

func TestWriteReadsBack(t *testing.T) {
	long := strings.Repeat("Kokeiluviikko haastaa äänekkäästi, ", 8) + "loppu; ja\nuusi rivi \\ kenoviiva"
	c := Calendar{ProdID: "-//kokeilu//NONSGML Kokeilun paikka//FI", Name: "Kokeiluviikot – Kokeilun paikka", Lang: "fi",
		Events: []Event{
			{UID: "kokeiluviikko-2018@kokeilu.example.fi", Stamp: day("2018-09-01"), First: day("2018-10-08"), Last: day("2018-10-14"),
				Summary: "Kokeiluviikko 8.–14.10.2018", Description: long, URL: "https://kokeilu.example.fi/fi/kampanjat/kokeiluviikko-2018/"},
			{UID: "kevat@kokeilu.example.fi", Stamp: day("2019-01-31"), First: day("2019-12-31"), Last: day("2019-12-31"), Summary: "Yksi päivä"},
		}}
	data := Write(c)
	for i, l := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i+1, l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF", i+1)
		}
	}
	if !bytes.Equal(data, Write(c)) {
		t.Error("two writes differ")
	}
	cal := parse(t, data)
	if got := cal.Props.Get("X-WR-CALNAME").Value; got != c.Name {
		t.Errorf("calendar name %q, want %q", got, c.Name)
	}
	events := cal.Events()
	if len(events) != 2 {
		t.Fatalf("%d events, want 2", len(events))
	}
	for i, want := range []struct {
		uid, start, end, summary, desc, url string
	}{
		{c.Events[0].UID, "2018-10-08", "2018-10-15", c.Events[0].Summary, long, c.Events[0].URL},
		{c.Events[1].UID, "2019-12-31", "2020-01-01", "Yksi päivä", "", ""},
	} {
		e := events[i]
		if got := e.Props.Get(goical.PropUID).Value; got != want.uid {
			t.Errorf("event %d UID %q, want %q", i, got, want.uid)
		}
		start, err := e.DateTimeStart(time.UTC)
		if err != nil || start.Format("2006-01-02") != want.start {
			t.Errorf("event %d starts %v (%v), want %s", i, start, err, want.start)
		}
		if p := e.Props.Get(goical.PropDateTimeStart); p.ValueType() != goical.ValueDate {
			t.Errorf("event %d: DTSTART is %s, want an all-day DATE", i, p.ValueType())
		}
		end, err := e.DateTimeEnd(time.UTC)
		if err != nil || end.Format("2006-01-02") != want.end {
			t.Errorf("event %d ends %v (%v), want %s (the day after its last)", i, end, err, want.end)
		}
		if got, _ := e.Props.Text(goical.PropSummary); got != want.summary {
			t.Errorf("event %d summary %q, want %q", i, got, want.summary)
		}
		if got, _ := e.Props.Text(goical.PropDescription); got != want.desc {
			t.Errorf("event %d description %q, want %q", i, got, want.desc)
		}
		if p := e.Props.Get(goical.PropURL); want.url != "" && (p == nil || p.Value != want.url) {
			t.Errorf("event %d URL %v, want %s", i, p, want.url)
		}
		if got := e.Props.Get(goical.PropSummary).Params.Get(goical.ParamLanguage); got != "fi" {
			t.Errorf("event %d summary language %q, want fi", i, got)
		}
		stamp, err := e.Props.DateTime(goical.PropDateTimeStamp, time.UTC)
		if err != nil || !stamp.Equal(c.Events[i].Stamp) {
			t.Errorf("event %d DTSTAMP %v (%v), want %v", i, stamp, err, c.Events[i].Stamp)
		}
	}
}

// FuzzText: any summary and description come back from a real parser as
// they were, control characters left out, and no line is too long.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "a,b;c\\d", "rivi\nrivi", strings.Repeat("ä", 100), "\r\x00\x7f", "\\n", "ÅÄÖ;,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		c := Calendar{ProdID: "-//t//t//FI", Lang: "fi", Events: []Event{{UID: "u@x", Stamp: day("2020-01-01"),
			First: day("2020-01-01"), Last: day("2020-01-02"), Summary: "S" + s, Description: "D" + s}}}
		data := Write(c)
		for _, l := range strings.Split(string(data), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Fatalf("bad line %q", l)
			}
		}
		cal := parse(t, data)
		want := strings.Map(func(r rune) rune {
			if r == '\r' || r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
				return -1
			}
			return r
		}, s)
		e := cal.Events()[0]
		if got, _ := e.Props.Text(goical.PropSummary); got != "S"+want {
			t.Errorf("summary %q, want %q", got, "S"+want)
		}
		if got, _ := e.Props.Text(goical.PropDescription); got != "D"+want {
			t.Errorf("description %q, want %q", got, "D"+want)
		}
	})
}
