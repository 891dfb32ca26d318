// Package l10n writes dates and numbers the way Finnish and Swedish readers
// in Finland write them, and sorts text in each language's own alphabetical
// order (… v w x y z å ä ö), which byte order gets wrong.
//
// Input: a language code ("fi" or "sv") and a value. Output: a string, or a
// slice sorted in place. Unknown languages fall back to Finnish rules, the
// site's default; the site step rejects languages it has no rules for.
package l10n

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Supported reports whether the package has rules for the language code.
func Supported(code string) bool { return code == "fi" || code == "sv" }

func tag(code string) language.Tag {
	if code == "sv" {
		// Swedish as written in Finland: the same collation as Sweden's.
		return language.MustParse("sv-FI")
	}
	return language.Finnish
}

// Date writes a calendar date as 6.4.2018 (both languages in Finland use
// the numeric form in lists and metadata).
func Date(code string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d.%d.%d", t.Day(), int(t.Month()), t.Year())
}

// ISODate writes the machine-readable form used in <time datetime>.
func ISODate(t time.Time) string { return t.Format("2006-01-02") }

var svMonths = [...]string{"januari", "februari", "mars", "april", "maj", "juni", "juli",
	"augusti", "september", "oktober", "november", "december"}

// Range writes a period. Finnish: 14.–20.5.2018, 28.9.–4.10.2018,
// 28.12.2017–4.1.2018. Swedish prose: 14–20 maj 2018, 28 september–4 oktober
// 2018, 28 december 2017–4 januari 2018. A one-day range is one date.
func Range(code string, start, end time.Time) string {
	switch {
	case start.IsZero() && end.IsZero():
		return ""
	case end.IsZero() || start.Equal(end):
		return longDate(code, start)
	case start.IsZero():
		return "–" + longDate(code, end)
	}
	sameYear := start.Year() == end.Year()
	sameMonth := sameYear && start.Month() == end.Month()
	if code == "sv" {
		switch {
		case sameMonth:
			return fmt.Sprintf("%d–%d %s %d", start.Day(), end.Day(), svMonths[end.Month()-1], end.Year())
		case sameYear:
			return fmt.Sprintf("%d %s–%d %s %d", start.Day(), svMonths[start.Month()-1], end.Day(), svMonths[end.Month()-1], end.Year())
		}
		return longDate(code, start) + "–" + longDate(code, end)
	}
	switch {
	case sameMonth:
		return fmt.Sprintf("%d.–%d.%d.%d", start.Day(), end.Day(), int(end.Month()), end.Year())
	case sameYear:
		return fmt.Sprintf("%d.%d.–%d.%d.%d", start.Day(), int(start.Month()), end.Day(), int(end.Month()), end.Year())
	}
	return Date(code, start) + "–" + Date(code, end)
}

func longDate(code string, t time.Time) string {
	if code == "sv" {
		return fmt.Sprintf("%d %s %d", t.Day(), svMonths[t.Month()-1], t.Year())
	}
	return Date(code, t)
}

// Int writes an integer with a no-break space between thousands: 1 234 567.
func Int(code string, n int) string {
	return message.NewPrinter(tag(code)).Sprint(n)
}

// Sorter sorts in one language's alphabetical order. It is not safe for
// concurrent use; making one costs more than sorting a short list, so a
// caller that sorts many lists keeps one.
type Sorter struct {
	c    *collate.Collator
	buf  collate.Buffer
	memo map[string][]byte // the keys made, when the sorter remembers them
}

// NewSorter returns a sorter for the language.
func NewSorter(code string) *Sorter { return &Sorter{c: collate.New(tag(code))} }

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

// Sorters hands out one sorter per language that remembers the collation
// keys it makes, for a caller that sorts the same strings again and again:
// `kokeilu serve` sorts every title of the site after each edit, and making
// the keys is most of the cost. A nil Sorters hands out sorters that do not
// remember. Not safe for concurrent use.
type Sorters map[string]*Sorter

// For returns the language's sorter.
func (ss Sorters) For(code string) *Sorter {
	if ss == nil {
		return NewSorter(code)
	}
	s := ss[code]
	if s == nil {
		s = NewSorter(code)
		s.memo = map[string][]byte{}
		ss[code] = s
	}
	return s
}

// Sort sorts items in place by key, in the language's alphabetical order.
// Ties keep their input order, so callers can pre-sort by a second key.
func Sort[T any](code string, items []T, key func(T) string) {
	if len(items) < 2 {
		return
	}
	SortWith(NewSorter(code), items, key)
}

// SortWith is Sort with a sorter the caller keeps.
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
