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
	"time"
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

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

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
		Lang: f.Lang, ID: f.ID, Title: atomText{Type: "text", Body: f.Title}, Updated: stamp(f.Updated),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: f.Self},
			{Rel: "alternate", Type: "text/html", Href: f.Page}},
		Author: atomPerson{Name: f.Author},
	}
	if f.Subtitle != "" {
		a.Subtitle = &atomText{Type: "text", Body: f.Subtitle}
	}
	for _, e := range f.Entries {
		ae := atomEntry{
			ID: e.ID, Title: atomText{Type: "text", Body: e.Title},
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: e.URL}},
			Published: stamp(e.Published), Updated: stamp(e.Updated),
			Summary: atomText{Type: "text", Body: e.Summary},
			Content: atomText{Type: "html", Body: e.Content},
		}
		if e.Author != "" {
			ae.Author = &atomPerson{Name: e.Author}
		}
		for _, c := range e.Categories {
			ae.Categories = append(ae.Categories, atomCategory{Term: c.Term, Label: c.Label})
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
