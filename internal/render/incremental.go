package render

import (
	"hash/fnv"
	"io"
	"strconv"
	"strings"

	"github.com/kokeilu/kokeilu/internal/site"
)

// Signature sums up, in one number, what a job's output depends on besides
// the text of its Sources: the page's kind, URL, title, list items, pager,
// language versions and the experiment counts it shows. `kokeilu serve`
// keeps the Sources and Signature of every job it rendered; a job whose
// Sources list and Signature are unchanged, and none of whose sources
// changed, renders the same bytes with the same templates and assets, so it
// is not rendered again. Files that are not pages (feeds, data, sitemap)
// depend on their Sources only and have the signature 0.
func (j Job) Signature() uint64 {
	p := j.page
	if p == nil {
		return 0
	}
	h := fnv.New64a()
	field := func(s string) {
		_, _ = io.WriteString(h, s)
		_, _ = h.Write([]byte{0})
	}
	count := func(e *site.Entry) {
		field(e.Path)
		field(strconv.Itoa(len(e.Experiments)))
	}
	field(p.Kind)
	field(p.URL)
	field(p.Title)
	field(p.Summary)
	field(strconv.FormatBool(p.NoIndex))
	if p.Entry != nil {
		count(p.Entry)
	}
	// Lists show each item's own count (tags with their experiments).
	for _, e := range p.Items {
		count(e)
	}
	if p.Kind == "home" {
		// The home page lists every tag with its count.
		for _, e := range p.Lang.Tags {
			count(e)
		}
	}
	if pg := p.Pager; pg != nil {
		field(strconv.Itoa(pg.Num) + "/" + strconv.Itoa(pg.Total) + " " + pg.Prev + " " + pg.Next)
	}
	for _, v := range p.Versions {
		field(v.Lang.Code + ":" + v.URL)
	}
	return h.Sum64()
}

// Shared lists the content files that every page of the site shows, such
// as the footer's pages: a change in one of them changes every page.
func (r *Renderer) Shared() []string {
	var out []string
	for _, l := range r.site.Langs {
		out = append(out, paths(l.Footer)...)
	}
	return out
}

// Bodies lists the content files whose Markdown body the job's output
// shows. A change to a file that leaves its frontmatter as it was changes
// only these jobs' output: list pages, the sitemap and the data files show
// frontmatter, and a page shows the body of its own entry only.
func (r *Renderer) Bodies(j Job) []string {
	if p := j.page; p != nil {
		if p.Entry == nil {
			return nil
		}
		return []string{p.Entry.Path}
	}
	if j.Path == "sitemap.xml" || j.Path == "robots.txt" {
		return nil
	}
	for _, l := range r.site.Langs {
		data := strings.TrimPrefix(strings.TrimSuffix(l.SectionURL("experiments"), "/"), "/")
		if j.Path == data+".json" || j.Path == data+".csv" {
			return nil
		}
	}
	// The feeds carry the bodies of their entries; a file not known here
	// is assumed to show every source's body.
	return j.Sources
}
