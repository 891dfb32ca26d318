// Package ical writes iCalendar files (RFC 5545) of all-day events: the
// campaign weeks a reader adds to a calendar.
//
// What it writes depends only on its input (no clock, no random UID), so
// two builds of the same site give the same bytes. Lines end in CRLF and
// are folded at 75 octets without splitting a UTF-8 sequence; text values
// are escaped as section 3.3.11 asks.
package ical

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is one .ics file.
type Calendar struct {
	ProdID string // the product that made it: -//kokeilu//NONSGML Kokeilu//FI
	Name   string // the calendar's name (X-WR-CALNAME), in Lang
	Lang   string // the language of its text (a BCP 47 tag)
	Events []Event
}

// Event is an all-day event.
type Event struct {
	UID         string    // stable and globally unique: slug@host
	Stamp       time.Time // DTSTAMP: when the event's description last changed (from content)
	First, Last time.Time // its first and last day; DTEND is the day after Last
	Summary     string
	Description string
	URL         string
}

// Write returns the calendar as an iCalendar file.
func Write(c Calendar) []byte {
	w := &writer{}
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.line("PRODID:" + text(c.ProdID))
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	if c.Name != "" {
		w.line("X-WR-CALNAME:" + text(c.Name))
	}
	lang := ""
	if c.Lang != "" {
		lang = ";LANGUAGE=" + c.Lang
	}
	for _, e := range c.Events {
		w.line("BEGIN:VEVENT")
		w.line("UID:" + text(e.UID))
		w.line("DTSTAMP:" + e.Stamp.UTC().Format("20060102T150405Z"))
		w.line("DTSTART;VALUE=DATE:" + e.First.Format("20060102"))
		w.line("DTEND;VALUE=DATE:" + e.Last.AddDate(0, 0, 1).Format("20060102"))
		w.line("SUMMARY" + lang + ":" + text(e.Summary))
		if e.Description != "" {
			w.line("DESCRIPTION" + lang + ":" + text(e.Description))
		}
		if e.URL != "" {
			w.line("URL;VALUE=URI:" + e.URL)
		}
		w.line("TRANSP:TRANSPARENT") // a week of events, not a busy week
		w.line("END:VEVENT")
	}
	w.line("END:VCALENDAR")
	return w.buf.Bytes()
}

type writer struct{ buf bytes.Buffer }

// line writes one content line, folded: no line longer than 75 octets
// (CRLF not counted), continuation lines starting with a space.
func (w *writer) line(s string) {
	const max = 75
	for first := true; ; first = false {
		limit := max
		if !first {
			limit = max - 1 // the leading space counts
			w.buf.WriteByte(' ')
		}
		if len(s) <= limit {
			w.buf.WriteString(s)
			w.buf.WriteString("\r\n")
			return
		}
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.buf.WriteString(s[:cut])
		w.buf.WriteString("\r\n")
		s = s[cut:]
	}
}

// text escapes a TEXT value: backslash, semicolon, comma and newlines;
// other control characters (which content never holds) are dropped.
func text(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r' || r < 0x20 && r != '\t' || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
