package render

import (
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
	h := sigHash(fnvOffset)
	count := func(e *site.Entry) {
		h.str(e.Path)
		h.int(len(e.Experiments))
	}
	h.str(p.Kind)
	h.str(p.URL)
	h.str(p.Title)
	h.str(p.Summary)
	if p.NoIndex {
		h.int(1)
	}
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
		h.int(pg.Num)
		h.int(pg.Total)
		h.str(pg.Prev)
		h.str(pg.Next)
	}
	for _, v := range p.Versions {
		h.str(v.Lang.Code)
		h.str(v.URL)
	}
	return uint64(h)
}

// sigHash is FNV-1a, written out so that hashing a page's fields
// allocates nothing: serve hashes every page on every rebuild.
type sigHash uint64

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func (h *sigHash) str(s string) {
	x := uint64(*h)
	for i := 0; i < len(s); i++ {
		x = (x ^ uint64(s[i])) * fnvPrime
	}
	*h = sigHash(x * fnvPrime) // a 0 byte ends the field
}

func (h *sigHash) int(n int) {
	x := uint64(*h)
	for i := 0; i < 64; i += 8 {
		x = (x ^ uint64(n>>i&0xff)) * fnvPrime
	}
	*h = sigHash(x)
}

// URLs sums up every entry's address: a body's links to other pages
// change when any address does.
func (r *Renderer) URLs() uint64 {
	h := sigHash(fnvOffset)
	for _, l := range r.site.Langs {
		for _, e := range r.site.Entries(l) {
			h.str(e.Path)
			h.str(e.URL)
		}
	}
	return uint64(h)
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
