// Package feed writes syndication feeds: Atom 1.0 (RFC 4287) and JSON Feed
// 1.1, from one language-neutral description of a feed. Ids are permalinks
// and every date comes from content, so two builds give the same bytes and
// feed readers never see an entry twice.
//
// Input: a Feed. Output: the encoded document.
package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"time"
	"unicode/utf8"
)

// Feed is a feed in one language.
type Feed struct {
	ID       string // permanent: the absolute URL of the page the feed mirrors
	Title    string
	Subtitle string
	Lang     string // xml:lang / language
	Self     string // absolute URL of this feed document
	JSONSelf string // absolute URL of the JSON Feed, for its feed_url
	Page     string // absolute URL of the HTML page
	Author   string // the feed's author, for entries without their own
	Updated  time.Time
	Entries  []Entry
}

// Entry is one item.
type Entry struct {
	ID         string // permanent: the entry page's absolute URL
	Title      string
	URL        string
	Published  time.Time
	Updated    time.Time
	Author     string
	Summary    string // plain text
	Content    string // HTML
	Categories []Category
}

// Category is a tag with its label.
type Category struct{ Term, Label string }

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

// atomText is a text construct. Its body is escaped by escapeText, not by
// encoding/xml: see there.
type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",innerxml"`
}

func text(typ, s string) atomText { return atomText{Type: typ, Body: escapeText(s)} }

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Categories []atomCategory `xml:"category"`
	Summary    atomText       `xml:"summary"`
	Content    atomText       `xml:"content"`
}

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr"`
	ID       string      `xml:"id"`
	Title    atomText    `xml:"title"`
	Subtitle *atomText   `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

// stamp writes a date-time as RFC 3339 requires, with its zone.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Atom encodes f as an Atom 1.0 document.
func Atom(f Feed) ([]byte, error) {
	a := atomFeed{
		Lang: f.Lang, ID: f.ID, Title: text("text", f.Title), Updated: stamp(f.Updated),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: f.Self},
			{Rel: "alternate", Type: "text/html", Href: f.Page}},
		Author: atomPerson{Name: f.Author},
	}
	if f.Subtitle != "" {
		st := text("text", f.Subtitle)
		a.Subtitle = &st
	}
	for _, e := range f.Entries {
		ae := atomEntry{
			ID: e.ID, Title: text("text", e.Title),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: e.URL}},
			Published: stamp(e.Published), Updated: stamp(e.Updated),
			Summary: text("text", e.Summary),
			Content: text("html", e.Content),
		}
		if e.Author != "" {
			ae.Author = &atomPerson{Name: e.Author}
		}
		for _, c := range e.Categories {
			ae.Categories = append(ae.Categories, atomCategory(c))
		}
		a.Entries = append(a.Entries, ae)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(a); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// escapeText escapes text for XML character data, writing each reference
// in the one form the XML minifier keeps as it is (&amp; &lt; &gt; &#9;
// &#10; &#13;, quotes as themselves). encoding/xml writes &#34;, &#39; and
// &#xA; instead, and the minifier rewrites each of those by moving the rest
// of the text: quadratic in the length of an entry's content, so that a
// 1 MB fail-day body took seconds and 4 MB over a minute to minify into the
// feed. Characters XML cannot hold become U+FFFD, as encoding/xml does.
func escapeText(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch {
		case r == '&':
			esc = "&amp;"
		case r == '<':
			esc = "&lt;"
		case r == '>':
			esc = "&gt;"
		case r == '\t':
			esc = "&#9;"
		case r == '\n':
			esc = "&#10;"
		case r == '\r':
			esc = "&#13;"
		case r == utf8.RuneError && width == 1, !xmlChar(r):
			esc = "\uFFFD"
		default:
			i += width
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s) + len(s)/8)
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		i += width
		last = i
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// xmlChar reports whether XML 1.0 can hold r (its production Char).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	Summary       string       `json:"summary,omitempty"`
	ContentHTML   string       `json:"content_html"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
	Language      string       `json:"language"`
}

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language"`
	Authors     []jsonAuthor `json:"authors"`
	Items       []jsonItem   `json:"items"`
}

// JSON encodes f as a JSON Feed 1.1 document.
func JSON(f Feed) ([]byte, error) {
	j := jsonFeed{Version: "https://jsonfeed.org/version/1.1", Title: f.Title, HomePageURL: f.Page,
		FeedURL: f.JSONSelf, Description: f.Subtitle, Language: f.Lang,
		Authors: []jsonAuthor{{Name: f.Author}}, Items: []jsonItem{}}
	for _, e := range f.Entries {
		it := jsonItem{ID: e.ID, URL: e.URL, Title: e.Title, Summary: e.Summary, ContentHTML: e.Content,
			DatePublished: stamp(e.Published), DateModified: stamp(e.Updated), Language: f.Lang}
		if e.Author != "" {
			it.Authors = []jsonAuthor{{Name: e.Author}}
		}
		for _, c := range e.Categories {
			it.Tags = append(it.Tags, c.Label)
		}
		j.Items = append(j.Items, it)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(j); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
