package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/feed"
	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/municipality"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// FeedPath and JSONFeedPath are the feeds' files below the fail-day page.
const (
	FeedPath     = "atom.xml"
	JSONFeedPath = "feed.json"
)

// feedView is what a language's Day for Failure feeds show.
type feedView struct {
	Lang    *Lang
	BaseURL string
	Entries []*Entry  // the fail-day experiments, newest first
	Newest  time.Time // the latest content date, for a feed with no entry
}

// feedJobs writes the Day for Failure feeds of a language.
func (r *Renderer) feedJobs(v *views, l *site.Lang) []*Job {
	mk := once(func() any {
		view := &feedView{Lang: v.lang(l), BaseURL: r.site.Config.BaseURL, Newest: newest(l)}
		for _, e := range l.Failday {
			view.Entries = append(view.Entries, v.entry(e, false))
		}
		return view
	})
	base := l.SectionURL("failday")
	build := func(view *feedView) (feed.Feed, error) {
		abs := func(p string) string { return view.BaseURL + p }
		title, sub := r.i18n[l.Code]["failday.title"], r.i18n[l.Code]["failday.feed.subtitle"]
		f := feed.Feed{ID: abs(base), Title: title + " – " + view.Lang.Title, Subtitle: sub, Lang: view.Lang.Code,
			Self: abs(base + FeedPath), JSONSelf: abs(base + JSONFeedPath), Page: abs(base),
			Author: view.Lang.Title}
		for _, e := range view.Entries {
			var body template.HTML
			if e.Body != nil {
				var err error
				if body, err = e.Body.HTML(r.md); err != nil {
					return f, fmt.Errorf("%s: %w", e.Path, err)
				}
			}
			var text strings.Builder
			text.WriteString("<p>")
			template.HTMLEscape(&text, []byte(e.Meta.Summary))
			text.WriteString("</p>")
			text.WriteString(string(body))
			fe := feed.Entry{ID: abs(e.URL), Title: e.Meta.Title, URL: abs(e.URL),
				Published: e.Meta.Date, Updated: e.Modified(), Author: e.Meta.Organisation,
				Summary: e.Meta.Lesson, Content: text.String()}
			for f := range content.SchemaOf(e.Kind).All() { // the categories: the themes it names
				if f.Ref == content.Tag {
					for _, t := range e.Refs[f.Name] {
						fe.Categories = append(fe.Categories, feed.Category{Term: t.Slug, Label: t.Meta.Title})
					}
				}
			}
			if fe.Updated.After(f.Updated) {
				f.Updated = fe.Updated
			}
			f.Entries = append(f.Entries, fe)
		}
		if f.Updated.IsZero() {
			// No entries yet: the feed changed when its page's text did.
			f.Updated = view.Newest
		}
		return f, nil
	}
	return []*Job{
		{Path: filePath(base + FeedPath), make: mk, render: func(r *Renderer, w *bytes.Buffer, probs *problem.List, view any) error {
			f, err := build(view.(*feedView))
			if err != nil {
				return err
			}
			b, err := feed.Atom(f)
			w.Write(b)
			return err
		}},
		{Path: filePath(base + JSONFeedPath), make: mk, render: func(r *Renderer, w *bytes.Buffer, probs *problem.List, view any) error {
			f, err := build(view.(*feedView))
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
		if f.Municipalities {
			cols = append(cols, placeColumns(f)...)
		}
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

// placeColumns follow a list of municipality keys: their codes, their
// names in the file's language, and their regions' codes and names (each
// region once), from the classification.
func placeColumns(f content.Field) []dataColumn {
	each := func(get func(m municipality.Local) string, distinct bool) func(*Renderer, *site.Entry) any {
		return func(_ *Renderer, e *site.Entry) any {
			out := []string{}
			list, err := municipality.Load()
			if err != nil {
				return out
			}
			for _, k := range *f.Ptr(&e.Meta).(*[]string) {
				m, ok := list.In(k, e.Lang)
				if v := get(m); ok && !(distinct && slices.Contains(out, v)) {
					out = append(out, v)
				}
			}
			return out
		}
	}
	return []dataColumn{
		{name: "municipality_codes", sep: ";", value: each(func(m municipality.Local) string { return m.Code }, false)},
		{name: "municipality_names", sep: ";", value: each(func(m municipality.Local) string { return m.Name }, false)},
		{name: "region_codes", sep: ";", value: each(func(m municipality.Local) string { return m.RegionCode }, true)},
		{name: "regions", sep: ";", value: each(func(m municipality.Local) string { return m.Region }, true)},
	}
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
			row[i] = csvCell(v)
		case bool:
			row[i] = boolText(v)
		case []string:
			row[i] = csvCell(strings.Join(v, dataColumns[i].sep))
		}
	}
	return row
}

// csvCell neutralises a cell that a spreadsheet program would run as a
// formula (CSV injection): one that begins with =, +, -, @, a tab or a
// carriage return gets a leading apostrophe, as OWASP recommends. The JSON
// file keeps the text as written.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
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
func (r *Renderer) dataJobs(l *site.Lang) []*Job {
	base := strings.TrimSuffix(l.SectionURL("experiments"), "/")
	mk := once(func() any { return r.records(l) }) // the files' view: they show nothing else
	return []*Job{
		{Path: filePath(base + ".json"), make: mk, render: func(r *Renderer, w *bytes.Buffer, _ *problem.List, view any) error {
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			return enc.Encode(view.([]DataRecord))
		}},
		{Path: filePath(base + ".csv"), make: mk, render: func(r *Renderer, w *bytes.Buffer, _ *problem.List, view any) error {
			recs := view.([]DataRecord)
			w.WriteString("\uFEFF") // so that spreadsheet programs read å, ä, ö as UTF-8
			cw := csv.NewWriter(w)
			cw.UseCRLF = true // RFC 4180
			header := make([]string, len(dataColumns))
			for i, c := range dataColumns {
				header[i] = c.name
			}
			_ = cw.Write(header)
			for _, d := range recs {
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

// SitemapURL is one page in the sitemap.
type SitemapURL struct {
	Loc      string
	Lastmod  time.Time
	Alts     []SitemapAlt
	XDefault string
}

// SitemapAlt is one language version of a page.
type SitemapAlt struct{ Lang, URL string }

// sitemapView is what the sitemap and robots.txt show.
type sitemapView struct {
	BaseURL string
	URLs    []SitemapURL
}

// sitemapJobs writes /sitemap.xml (every public page with its language
// alternates) and /robots.txt, from the page jobs' views.
func (r *Renderer) sitemapJobs(jobs []*Job) []*Job {
	mk := func() any {
		view := &sitemapView{BaseURL: r.site.Config.BaseURL}
		for _, j := range jobs {
			p, ok := j.View().(*Page)
			if !ok || p.NoIndex {
				continue
			}
			u := SitemapURL{Loc: p.URL, XDefault: p.XDefault()}
			for _, a := range p.Alternates() {
				u.Alts = append(u.Alts, SitemapAlt{Lang: a.Lang.Code, URL: a.URL})
			}
			if p.Entry != nil {
				u.Lastmod = p.Entry.Modified()
			}
			view.URLs = append(view.URLs, u)
		}
		return view
	}
	base := r.site.Config.BaseURL
	abs := func(p string) string { return base + p }
	return []*Job{
		{Path: "sitemap.xml", make: mk, render: func(r *Renderer, w *bytes.Buffer, _ *problem.List, v any) error {
			view := v.(*sitemapView)
			w.WriteString(xml.Header)
			w.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
			for _, u := range view.URLs {
				w.WriteString("<url><loc>")
				xml.EscapeText(w, []byte(abs(u.Loc)))
				w.WriteString("</loc>")
				if !u.Lastmod.IsZero() {
					w.WriteString("<lastmod>" + l10n.ISODate(u.Lastmod) + "</lastmod>")
				}
				if len(u.Alts) > 0 {
					for _, a := range u.Alts {
						w.WriteString(`<xhtml:link rel="alternate" hreflang="` + a.Lang + `" href="`)
						xml.EscapeText(w, []byte(abs(a.URL)))
						w.WriteString(`"/>`)
					}
					w.WriteString(`<xhtml:link rel="alternate" hreflang="x-default" href="`)
					xml.EscapeText(w, []byte(abs(u.XDefault)))
					w.WriteString(`"/>`)
				}
				w.WriteString("</url>\n")
			}
			w.WriteString("</urlset>\n")
			return nil
		}},
		{Path: "robots.txt", make: func() any { return base }, render: func(r *Renderer, w *bytes.Buffer, _ *problem.List, _ any) error {
			w.WriteString("User-agent: *\nDisallow:\n\nSitemap: " + abs("/sitemap.xml") + "\n")
			return nil
		}},
	}
}

// once makes a view shared by several files the first time one needs it.
func once(mk func() any) func() any {
	var v any
	return func() any {
		if v == nil {
			v = mk()
		}
		return v
	}
}
