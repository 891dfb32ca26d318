package render

import (
	"math/bits"
	"strings"

	"github.com/kokeilu/kokeilu/internal/site"
)

// Signature sums up, in one number, what a job's output depends on besides
// the text of its Sources: the page's kind, URL, title, list items, pager,
// language versions and the experiment counts it shows. `kokeilu serve`
// keeps the Sources and Signature of every job it rendered; a job whose
// Sources list and Signature are unchanged, and none of whose sources
// changed, renders the same bytes with the same templates and assets, so it
// is not rendered again. Of the files that are not pages, the feeds and
// data files depend on their Sources only and have the signature 0; the
// sitemap has no Sources and a signature of the addresses and dates it
// lists.
func (j Job) Signature() uint64 {
	p := j.page
	if p == nil {
		return j.sig
	}
	h := sigHash(sigSeed)
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

// sigHash is a 64-bit hash that takes strings eight bytes at a time (the
// rounds of xxHash64): serve hashes every page on every rebuild, so it
// must be quick and allocate nothing, and the build cache keeps its
// values on disk, so it must not be seeded per process as hash/maphash is.
// Each step is a bijection of the state, so inputs that differ in one
// eight-byte word never collide; others do by a chance of about 2⁻⁶⁴.
type sigHash uint64

const (
	sigSeed = 14695981039346656037 // the starting state
	prime1  = 0x9E3779B185EBCA87
	prime2  = 0xC2B2AE3D27D4EB4F
)

func (h *sigHash) mix(w uint64) {
	*h = sigHash(bits.RotateLeft64(uint64(*h)^(w*prime2), 31) * prime1)
}

func (h *sigHash) str(s string) {
	h.mix(uint64(len(s))) // the length first: fields cannot run into each other
	for len(s) >= 8 {
		_ = s[7]
		h.mix(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56)
		s = s[8:]
	}
	if len(s) > 0 {
		var w uint64
		for i := 0; i < len(s); i++ {
			w |= uint64(s[i]) << (8 * i)
		}
		h.mix(w)
	}
}

func (h *sigHash) int(n int) { h.mix(uint64(n)) }

// URLs sums up every entry's address: a body's links to other pages
// change when any address does.
func (r *Renderer) URLs() uint64 {
	h := sigHash(sigSeed)
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
