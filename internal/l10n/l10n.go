// Package l10n writes dates, periods and numbers the way a language's
// readers write them, gives its typographic quotes, and sorts text in the
// language's own alphabetical order (Finnish and Swedish: … v w x y z å ä ö),
// which byte order gets wrong.
//
// Input: a language tag (from site.yaml's locale, e.g. sv-FI) and the
// language's UI strings (layouts/i18n/<code>.yaml, read by ParseStrings
// with a problem at its line and column for each mistake), whose format.*
// keys say how it writes dates and quotes. Output: the strings; a Locale,
// built once per language and safe for concurrent use, that turns values
// into strings; and Sorters.
// Numbers and collation come from golang.org/x/text for the tag; dates from
// the format's patterns, since x/text has no calendar formatting. The
// package knows no language by name.
package l10n

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// The UI string keys that hold a language's format. Each key may be left
// out; the default follows it.
//
// A pattern is text with placeholders in braces. A date pattern (date, day)
// knows {d} day, {dd} two-digit day, {m} month number, {mm} two-digit month,
// {month} month name, {y} year. A period pattern knows the same with 1 for
// the start and 2 for the end ({d1}, {month2}, …), and {day1}, {day2}: the
// start or end written with the day pattern.
const (
	KeyDate        = "format.date"         // a date in lists and metadata (6.4.2018); default {y}-{mm}-{dd}
	KeyDay         = "format.day"          // a one-day period, or an open end of a period; default: the date pattern
	KeyPeriod      = "format.period"       // a period across years; default {day1}–{day2}
	KeyPeriodYear  = "format.period.year"  // a period within one year; default: the period pattern
	KeyPeriodMonth = "format.period.month" // a period within one month; default: the year pattern
	KeyMonths      = "format.months"       // the twelve month names, separated by spaces, as written after a day number
	KeyQuotes      = "format.quotes"       // opening and closing double, opening and closing single quote, separated by spaces
)

// Format is how a language writes dates and quotes.
type Format struct {
	date, day, period, periodYear, periodMonth pattern
	months                                     []string // 12 names, or nil
	quotes                                     Quotes
}

// Quotes are the typographic quotation marks that replace typed " and '.
type Quotes struct{ LeftDouble, RightDouble, LeftSingle, RightSingle string }

// ParseFormat reads a format from a language's UI strings. On an error it
// returns what it could read with defaults for the rest, and an error per
// bad key.
func ParseFormat(strs map[string]string) (Format, error) {
	var f Format
	var errs []error
	pat := func(key, def string, period bool) pattern {
		src, ok := strs[key]
		if !ok {
			src = def
		}
		p, err := parsePattern(src, period)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", key, err))
			p, _ = parsePattern(def, period)
		}
		return p
	}
	f.date = pat(KeyDate, "{y}-{mm}-{dd}", false)
	f.day = f.date
	if _, ok := strs[KeyDay]; ok {
		f.day = pat(KeyDay, "{y}-{mm}-{dd}", false)
	}
	f.period = pat(KeyPeriod, "{day1}–{day2}", true)
	f.periodYear = f.period
	if _, ok := strs[KeyPeriodYear]; ok {
		f.periodYear = pat(KeyPeriodYear, "{day1}–{day2}", true)
	}
	f.periodMonth = f.periodYear
	if _, ok := strs[KeyPeriodMonth]; ok {
		f.periodMonth = pat(KeyPeriodMonth, "{day1}–{day2}", true)
	}
	if s, ok := strs[KeyMonths]; ok {
		if m := strings.Fields(s); len(m) == 12 {
			f.months = m
		} else {
			errs = append(errs, fmt.Errorf("%s: write the twelve month names separated by spaces, not %d", KeyMonths, len(m)))
		}
	}
	if f.months == nil {
		for _, p := range []pattern{f.date, f.day, f.period, f.periodYear, f.periodMonth} {
			if p.usesMonthName() {
				errs = append(errs, fmt.Errorf("a date pattern uses {month}; give the month names in %s", KeyMonths))
				break
			}
		}
	}
	// One date style on a page: a facts table that shows a period next to
	// a date must not mix "1 september 2017–28 februari 2018" with
	// "12.3.2018", so either every pattern names the month or none does.
	keys := []string{KeyDate, KeyDay, KeyPeriod, KeyPeriodYear, KeyPeriodMonth}
	pats := []pattern{f.date, f.day, f.period, f.periodYear, f.periodMonth}
	for i, p := range pats[1:] {
		if p.writesMonth() && p.usesMonthName() != f.date.usesMonthName() {
			style := "as a number"
			if f.date.usesMonthName() {
				style = "by its name"
			}
			errs = append(errs, fmt.Errorf("%s: %s writes the month %s; write it the same way here, so that a page shows one date style", keys[i+1], KeyDate, style))
		}
	}
	f.quotes = Quotes{`"`, `"`, "'", "'"}
	if s, ok := strs[KeyQuotes]; ok {
		if q := strings.Fields(s); len(q) == 4 {
			f.quotes = Quotes{q[0], q[1], q[2], q[3]}
		} else {
			errs = append(errs, fmt.Errorf("%s: write four marks separated by spaces (opening and closing double, opening and closing single), not %d", KeyQuotes, len(q)))
		}
	}
	return f, errors.Join(errs...)
}

// Locale writes values for one language. It is safe for concurrent use.
type Locale struct {
	tag     language.Tag
	format  Format
	printer *message.Printer
}

// New returns the locale of a language: numbers and collation for tag,
// dates and quotes by format.
func New(tag language.Tag, format Format) *Locale {
	if format.date == nil {
		format, _ = ParseFormat(nil)
	}
	return &Locale{tag: tag, format: format, printer: message.NewPrinter(tag)}
}

// Tag is the language tag the locale's numbers and collation follow.
func (l *Locale) Tag() language.Tag { return l.tag }

// Date writes a calendar date with the date pattern (6.4.2018).
func (l *Locale) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l.format.date.date(l.format.months, t)
}

// Range writes a period with the pattern for its span: 14.–20.5.2018 or
// 14–20 maj 2018 within a month, 28.9.–4.10.2018 within a year,
// 28.12.2017–4.1.2018 across years. A one-day period, or one without an
// end, is its start written with the day pattern; one without a start is
// "–" and its end.
func (l *Locale) Range(start, end time.Time) string {
	f := &l.format
	switch {
	case start.IsZero() && end.IsZero():
		return ""
	case end.IsZero() || start.Equal(end):
		return f.day.date(f.months, start)
	case start.IsZero():
		return "–" + f.day.date(f.months, end)
	}
	p := f.period
	if start.Year() == end.Year() {
		p = f.periodYear
		if start.Month() == end.Month() {
			p = f.periodMonth
		}
	}
	return p.period(f, start, end)
}

// Int writes an integer with the language's digit grouping (1 234 567).
func (l *Locale) Int(n int) string { return l.printer.Sprint(n) }

// Quotes are the language's typographic quotation marks.
func (l *Locale) Quotes() Quotes { return l.format.quotes }

// Sorter returns a new sorter in the language's alphabetical order.
func (l *Locale) Sorter() *Sorter { return NewSorter(l.tag) }

// ISODate writes the machine-readable form used in <time datetime>.
func ISODate(t time.Time) string { return t.Format("2006-01-02") }

// pattern is a parsed date or period pattern: literal text and fields.
type pattern []piece

type piece struct {
	text  string // literal text, when field is ""
	field string // d, dd, m, mm, month, y, day (periods only)
	end   bool   // in a period: the field is the end's, not the start's
}

var dateFields = []string{"d", "dd", "m", "mm", "month", "y"}

func parsePattern(src string, period bool) (pattern, error) {
	var p pattern
	for src != "" {
		i := strings.IndexByte(src, '{')
		if i < 0 {
			p = append(p, piece{text: src})
			break
		}
		if i > 0 {
			p = append(p, piece{text: src[:i]})
		}
		j := strings.IndexByte(src[i:], '}')
		if j < 0 {
			return nil, fmt.Errorf("%q has a { without its }", src)
		}
		name := src[i+1 : i+j]
		src = src[i+j+1:]
		pc, ok := piece{}, false
		if period {
			if base, ok1 := strings.CutSuffix(name, "1"); ok1 {
				pc, ok = piece{field: base}, base == "day" || slices.Contains(dateFields, base)
			} else if base, ok2 := strings.CutSuffix(name, "2"); ok2 {
				pc, ok = piece{field: base, end: true}, base == "day" || slices.Contains(dateFields, base)
			}
		} else {
			pc, ok = piece{field: name}, slices.Contains(dateFields, name)
		}
		if !ok {
			want := "{d} {dd} {m} {mm} {month} {y}"
			if period {
				want = "{d1} {dd1} {m1} {mm1} {month1} {y1} {day1} for the start, the same with 2 for the end"
			}
			return nil, fmt.Errorf("unknown placeholder {%s}; use %s", name, want)
		}
		p = append(p, pc)
	}
	return p, nil
}

// writesMonth reports whether the pattern writes a month itself (a
// period made of {day1} and {day2} leaves that to the day pattern).
func (p pattern) writesMonth() bool {
	return slices.ContainsFunc(p, func(pc piece) bool { return pc.field == "m" || pc.field == "mm" || pc.field == "month" })
}

func (p pattern) usesMonthName() bool {
	return slices.ContainsFunc(p, func(pc piece) bool { return pc.field == "month" })
}

func (p pattern) date(months []string, t time.Time) string {
	var b strings.Builder
	for _, pc := range p {
		writeField(&b, pc, months, t)
	}
	return b.String()
}

func (p pattern) period(f *Format, start, end time.Time) string {
	var b strings.Builder
	for _, pc := range p {
		t := start
		if pc.end {
			t = end
		}
		if pc.field == "day" {
			b.WriteString(f.day.date(f.months, t))
			continue
		}
		writeField(&b, pc, f.months, t)
	}
	return b.String()
}

func writeField(b *strings.Builder, pc piece, months []string, t time.Time) {
	switch pc.field {
	case "":
		b.WriteString(pc.text)
	case "d":
		b.WriteString(strconv.Itoa(t.Day()))
	case "dd":
		fmt.Fprintf(b, "%02d", t.Day())
	case "m":
		b.WriteString(strconv.Itoa(int(t.Month())))
	case "mm":
		fmt.Fprintf(b, "%02d", int(t.Month()))
	case "month":
		if months != nil {
			b.WriteString(months[t.Month()-1])
		} else {
			b.WriteString(strconv.Itoa(int(t.Month())))
		}
	case "y":
		b.WriteString(strconv.Itoa(t.Year()))
	}
}

// Sorter sorts in one language's alphabetical order. It is not safe for
// concurrent use; making one costs more than sorting a short list, so a
// caller that sorts many lists keeps one.
type Sorter struct {
	c    *collate.Collator
	buf  collate.Buffer
	memo map[string][]byte // the keys made, when the sorter remembers them
}

// NewSorter returns a sorter for the language tag.
func NewSorter(tag language.Tag) *Sorter { return &Sorter{c: collate.New(tag)} }

// maxMemo bounds what a remembering sorter keeps: past it, it starts over.
const maxMemo = 1 << 18

// key returns the collation key of str, which the caller must not change.
func (s *Sorter) key(str string) []byte {
	if k, ok := s.memo[str]; ok {
		return k
	}
	k := bytes.Clone(s.c.KeyFromString(&s.buf, str))
	s.buf.Reset()
	if s.memo != nil {
		if len(s.memo) >= maxMemo {
			clear(s.memo)
		}
		s.memo[str] = k
	}
	return k
}

// Sorters hands out one sorter per language tag that remembers the
// collation keys it makes, for a caller that sorts the same strings again
// and again: `kokeilu serve` sorts every title of the site after each edit,
// and making the keys is most of the cost. A nil Sorters hands out sorters
// that do not remember. Not safe for concurrent use.
type Sorters map[language.Tag]*Sorter

// For returns the sorter for the language tag.
func (ss Sorters) For(tag language.Tag) *Sorter {
	if ss == nil {
		return NewSorter(tag)
	}
	s := ss[tag]
	if s == nil {
		s = NewSorter(tag)
		s.memo = map[string][]byte{}
		ss[tag] = s
	}
	return s
}

// SortWith sorts items in place by key, in the sorter's alphabetical order.
// Ties keep their input order, so callers can pre-sort by a second key.
func SortWith[T any](s *Sorter, items []T, key func(T) string) {
	if len(items) < 2 {
		return
	}
	type keyed struct {
		k []byte
		v T
	}
	ks := make([]keyed, len(items))
	for i, it := range items {
		ks[i] = keyed{s.key(key(it)), it}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return bytes.Compare(a.k, b.k) })
	for i := range ks {
		items[i] = ks[i].v
	}
}
