package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"strings"
	"time"

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

// DataRecord is one experiment in the open-data files.
type DataRecord struct {
	Slug           string   `json:"slug"`
	Lang           string   `json:"lang"`
	Title          string   `json:"title"`
	Summary        string   `json:"summary"`
	Date           string   `json:"date"`
	Updated        string   `json:"updated,omitempty"`
	Status         string   `json:"status"`
	Municipality   string   `json:"municipality,omitempty"`
	Organisation   string   `json:"organisation,omitempty"`
	Role           string   `json:"role,omitempty"`
	Start          string   `json:"start,omitempty"`
	End            string   `json:"end,omitempty"`
	Campaign       string   `json:"campaign,omitempty"`
	Tags           []string `json:"tags"`
	Contacts       []string `json:"contacts"`
	Savings        string   `json:"savings,omitempty"`
	Failday        bool     `json:"failday"`
	Lesson         string   `json:"lesson,omitempty"`
	Links          []string `json:"links"`
	URL            string   `json:"url"`
	TranslationURL string   `json:"translation_url,omitempty"`
}

var dataColumns = []string{"slug", "lang", "title", "summary", "date", "updated", "status", "municipality",
	"organisation", "role", "start", "end", "campaign", "tags", "contacts", "savings", "failday", "lesson",
	"links", "url", "translation_url"}

func isoOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l10n.ISODate(t)
}

func (r *Renderer) records(l *site.Lang) []DataRecord {
	out := make([]DataRecord, 0, len(l.Experiments))
	for _, e := range l.Experiments {
		m := e.Meta
		d := DataRecord{Slug: e.Slug, Lang: e.Lang, Title: m.Title, Summary: m.Summary, Date: isoOrEmpty(m.Date),
			Updated: isoOrEmpty(m.Updated), Status: m.Status, Municipality: m.Municipality, Organisation: m.Organisation,
			Role: m.Role, Start: isoOrEmpty(m.Start), End: isoOrEmpty(m.End), Campaign: m.Campaign,
			Tags: nonNil(m.Tags), Contacts: nonNil(m.Contacts), Savings: m.Savings, Failday: m.Failday, Lesson: m.Lesson,
			Links: []string{}, URL: r.site.Absolute(e.URL)}
		for _, k := range m.Links {
			d.Links = append(d.Links, k.URL)
		}
		for _, t := range e.Translations {
			if t != nil && t != e {
				d.TranslationURL = r.site.Absolute(t.URL)
				break
			}
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
			_ = cw.Write(dataColumns)
			for _, d := range r.records(l) {
				_ = cw.Write([]string{d.Slug, d.Lang, d.Title, d.Summary, d.Date, d.Updated, d.Status, d.Municipality,
					d.Organisation, d.Role, d.Start, d.End, d.Campaign, strings.Join(d.Tags, ";"),
					strings.Join(d.Contacts, ";"), d.Savings, boolText(d.Failday), d.Lesson, strings.Join(d.Links, " "),
					d.URL, d.TranslationURL})
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
