package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"strings"
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/feed"
	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// FeedPath and JSONFeedPath are the feeds' files below the fail-day page.
const (
	FeedPath     = "atom.xml"
	JSONFeedPath = "feed.json"
)

// feedJobs writes the Day for Failure feeds of a language.
func (r *Renderer) feedJobs(l *site.Lang) []Job {
	srcs := append(paths(l.Failday), optPath(l.FaildayPage)...)
	base := l.SectionURL("failday")
	build := func(probs *problem.List) (feed.Feed, error) {
		s := r.site
		p := &Page{Site: s, Lang: l, r: r, probs: probs}
		title, err := p.T("failday.title")
		if err != nil {
			return feed.Feed{}, err
		}
		sub, err := p.T("failday.feed.subtitle")
		if err != nil {
			return feed.Feed{}, err
		}
		f := feed.Feed{ID: s.Absolute(base), Title: title + " – " + l.Title, Subtitle: sub, Lang: l.Code,
			Self: s.Absolute(base + FeedPath), JSONSelf: s.Absolute(base + JSONFeedPath), Page: s.Absolute(base),
			Author: l.Title}
		for _, e := range l.Failday {
			body, err := p.Markdown(e)
			if err != nil {
				return f, err
			}
			var content strings.Builder
			content.WriteString("<p>")
			template.HTMLEscape(&content, []byte(e.Meta.Summary))
			content.WriteString("</p>")
			content.WriteString(string(body))
			fe := feed.Entry{ID: s.Absolute(e.URL), Title: e.Meta.Title, URL: s.Absolute(e.URL),
				Published: e.Meta.Date, Updated: e.Modified(), Author: e.Meta.Organisation,
				Summary: e.Meta.Lesson, Content: content.String()}
			for _, t := range e.Tags {
				fe.Categories = append(fe.Categories, feed.Category{Term: t.Slug, Label: t.Meta.Title})
			}
			if fe.Updated.After(f.Updated) {
				f.Updated = fe.Updated
			}
			f.Entries = append(f.Entries, fe)
		}
		if f.Updated.IsZero() {
			// No entries yet: the feed changed when its page's text did.
			f.Updated = newest(l)
		}
		return f, nil
	}
	return []Job{
		{Path: filePath(base + FeedPath), Sources: srcs, render: func(r *Renderer, w *bytes.Buffer, probs *problem.List) error {
			f, err := build(probs)
			if err != nil {
				return err
			}
			b, err := feed.Atom(f)
			w.Write(b)
			return err
		}},
		{Path: filePath(base + JSONFeedPath), Sources: srcs, render: func(r *Renderer, w *bytes.Buffer, probs *problem.List) error {
			f, err := build(probs)
			if err != nil {
				return err
			}
			b, err := feed.JSON(f)
			w.Write(b)
			return err
		}},
	}
}

// newest is the latest content date of a language, for feeds with no entry.
func newest(l *site.Lang) time.Time {
	var t time.Time
	for _, e := range l.Experiments {
		if m := e.Modified(); m.After(t) {
			t = m
		}
	}
	if l.FaildayPage != nil && l.FaildayPage.Modified().After(t) {
		t = l.FaildayPage.Modified()
	}
	if t.IsZero() {
		t = time.Date(2010, 10, 13, 0, 0, 0, 0, time.UTC) // the first Day for Failure
	}
	return t
}

// DataRecord is one experiment in the open-data files: a value for each of
// dataColumns, in order (text, true/false or a list of text).
type DataRecord []any

// dataColumn is one column of the open data: a property of the file (slug,
// lang, its addresses) or a field the experiment schema marks as data.
type dataColumn struct {
	name      string
	omitEmpty bool   // JSON leaves the field out when its text is empty
	sep       string // CSV joins a list's items with it
	value     func(r *Renderer, e *site.Entry) any
}

// dataColumns are the open data's columns: JSON field names and CSV header.
var dataColumns = experimentColumns()

func experimentColumns() []dataColumn {
	cols := []dataColumn{
		{name: "slug", value: func(_ *Renderer, e *site.Entry) any { return e.Slug }},
		{name: "lang", value: func(_ *Renderer, e *site.Entry) any { return e.Lang }},
	}
	for f := range content.SchemaOf(content.Experiment).All() {
		if !f.Data {
			continue
		}
		c := dataColumn{name: f.Name, omitEmpty: !f.Required, sep: ";"}
		switch f.Type {
		case content.DateField:
			c.value = func(_ *Renderer, e *site.Entry) any { return isoOrEmpty(*f.Ptr(&e.Meta).(*time.Time)) }
		case content.BoolField:
			c.value = func(_ *Renderer, e *site.Entry) any { return *f.Ptr(&e.Meta).(*bool) }
		case content.ListField:
			c.value = func(_ *Renderer, e *site.Entry) any { return nonNil(*f.Ptr(&e.Meta).(*[]string)) }
		case content.LinksField:
			c.sep = " "
			c.value = func(_ *Renderer, e *site.Entry) any {
				urls := []string{}
				for _, k := range *f.Ptr(&e.Meta).(*[]content.Link) {
					urls = append(urls, k.URL)
				}
				return urls
			}
		default:
			c.value = func(_ *Renderer, e *site.Entry) any { return *f.Ptr(&e.Meta).(*string) }
		}
		cols = append(cols, c)
	}
	return append(cols,
		dataColumn{name: "url", value: func(r *Renderer, e *site.Entry) any { return r.site.Absolute(e.URL) }},
		dataColumn{name: "translation_url", omitEmpty: true, value: func(r *Renderer, e *site.Entry) any {
			for _, t := range e.Translations {
				if t != nil && t != e {
					return r.site.Absolute(t.URL)
				}
			}
			return ""
		}})
}

// MarshalJSON writes the record as an object in column order.
func (d DataRecord) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b) // its newlines go: the caller's encoder compacts
	enc.SetEscapeHTML(false)
	b.WriteByte('{')
	for i, c := range dataColumns {
		if s, ok := d[i].(string); ok && s == "" && c.omitEmpty {
			continue
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		if err := enc.Encode(c.name); err != nil {
			return nil, err
		}
		b.WriteByte(':')
		if err := enc.Encode(d[i]); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// csvRow is the record as CSV cells.
func (d DataRecord) csvRow() []string {
	row := make([]string, len(d))
	for i, v := range d {
		switch v := v.(type) {
		case string:
			row[i] = v
		case bool:
			row[i] = boolText(v)
		case []string:
			row[i] = strings.Join(v, dataColumns[i].sep)
		}
	}
	return row
}

func isoOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l10n.ISODate(t)
}

func (r *Renderer) records(l *site.Lang) []DataRecord {
	out := make([]DataRecord, 0, len(l.Experiments))
	for _, e := range l.Experiments {
		d := make(DataRecord, len(dataColumns))
		for i, c := range dataColumns {
			d[i] = c.value(r, e)
		}
		out = append(out, d)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// dataJobs writes every published experiment of a language as JSON and CSV
// (/fi/kokeilut.json, /fi/kokeilut.csv): the site as an open dataset.
func (r *Renderer) dataJobs(l *site.Lang) []Job {
	base := strings.TrimSuffix(l.SectionURL("experiments"), "/")
	srcs := paths(l.Experiments)
	return []Job{
		{Path: filePath(base + ".json"), Sources: srcs, render: func(r *Renderer, w *bytes.Buffer, _ *problem.List) error {
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			return enc.Encode(r.records(l))
		}},
		{Path: filePath(base + ".csv"), Sources: srcs, render: func(r *Renderer, w *bytes.Buffer, _ *problem.List) error {
			w.WriteString("\uFEFF") // so that spreadsheet programs read å, ä, ö as UTF-8
			cw := csv.NewWriter(w)
			cw.UseCRLF = true // RFC 4180
			header := make([]string, len(dataColumns))
			for i, c := range dataColumns {
				header[i] = c.name
			}
			_ = cw.Write(header)
			for _, d := range r.records(l) {
				_ = cw.Write(d.csvRow())
			}
			cw.Flush()
			return cw.Error()
		}},
	}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// sitemapJobs writes /sitemap.xml (every public page with its language
// alternates) and /robots.txt, from the list of page jobs.
func (r *Renderer) sitemapJobs(jobs []Job) []Job {
	s := r.site
	type url struct {
		loc     string
		lastmod time.Time
		alts    []Version
		xdef    string
	}
	var urls []url
	for _, j := range jobs {
		p := j.page
		if p == nil || p.NoIndex {
			continue
		}
		u := url{loc: p.URL, alts: p.Alternates(), xdef: p.XDefault()}
		if p.Entry != nil {
			u.lastmod = p.Entry.Modified()
		}
		urls = append(urls, u)
	}
	// The sitemap shows addresses and dates, not what the pages say: its
	// signature sums them up, and a title edit does not render it again.
	h := sigHash(sigSeed)
	for _, u := range urls {
		h.str(u.loc)
		h.int(int(u.lastmod.Unix()))
		for _, a := range u.alts {
			h.str(a.Lang.Code)
			h.str(a.URL)
		}
		h.str(u.xdef)
	}
	return []Job{
		{Path: "sitemap.xml", sig: uint64(h), render: func(r *Renderer, w *bytes.Buffer, _ *problem.List) error {
			w.WriteString(xml.Header)
			w.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
			for _, u := range urls {
				w.WriteString("<url><loc>")
				xml.EscapeText(w, []byte(s.Absolute(u.loc)))
				w.WriteString("</loc>")
				if !u.lastmod.IsZero() {
					w.WriteString("<lastmod>" + l10n.ISODate(u.lastmod) + "</lastmod>")
				}
				if len(u.alts) > 0 {
					for _, a := range u.alts {
						w.WriteString(`<xhtml:link rel="alternate" hreflang="` + a.Lang.Code + `" href="`)
						xml.EscapeText(w, []byte(s.Absolute(a.URL)))
						w.WriteString(`"/>`)
					}
					w.WriteString(`<xhtml:link rel="alternate" hreflang="x-default" href="`)
					xml.EscapeText(w, []byte(s.Absolute(u.xdef)))
					w.WriteString(`"/>`)
				}
				w.WriteString("</url>\n")
			}
			w.WriteString("</urlset>\n")
			return nil
		}},
		{Path: "robots.txt", render: func(r *Renderer, w *bytes.Buffer, _ *problem.List) error {
			w.WriteString("User-agent: *\nDisallow:\n\nSitemap: " + s.Absolute("/sitemap.xml") + "\n")
			return nil
		}},
	}
}
