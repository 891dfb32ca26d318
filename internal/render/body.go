package render

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"runtime"
	"slices"
	"sync"
	"weak"

	"golang.org/x/sync/errgroup"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// Bodies remembers converted Markdown bodies between builds, so that a body
// is converted once per content and reused until something it shows
// changes. What a body shows besides its own text is the address of every
// page it links to: conversion records each link it resolved and what it
// resolved to, and the body is reused only while every one of those
// resolves the same way. The engine keeps one Bodies for as long as it
// runs (and its records on disk for `kokeilu build`).
type Bodies struct {
	mu   sync.Mutex
	recs map[BodyKey]*BodyRecord
	// targets sums up what links can resolve to (every entry's kind,
	// slug, language and address) when recs was made: while it is the
	// same, every recorded link resolves as recorded.
	targets uint64
	// The last build's site and its bodies, by entry.
	site  *site.Site
	stage map[*site.Entry]*Body
}

// BodyKey names a body: its document, the hash of the document's text and
// of what conversion takes from the language (its quotes).
type BodyKey struct {
	Path string
	Hash uint64
	Env  uint64
}

// BodyRecord is what converting a body found out: the links it resolved
// and the problems it had. The HTML is kept in memory only.
type BodyRecord struct {
	Links    []Lookup
	Sites    []SiteLink // links to the site's own addresses, checked on every run (checkSiteLinks)
	Problems []problem.Problem
	html     template.HTML
	hasHTML  bool
	links    uint64 // lookupsHash(Links), once made (records read from disk have none yet)
	hashed   bool
}

// linksHash is lookupsHash of the record's links, made once: the record
// is never changed after conversion.
func (rec *BodyRecord) linksHash() uint64 {
	if !rec.hashed {
		rec.links, rec.hashed = lookupsHash(rec.Links), true
	}
	return rec.links
}

// Lookup is one content link in a body and what it resolved to.
type Lookup struct {
	Dest string
	URL  string // the resolved address, or the hint for a broken link
	OK   bool
}

// NewBodies returns an empty body cache; records, if given, are what an
// earlier run saved (see Records).
func NewBodies(records map[BodyKey]*BodyRecord) *Bodies {
	if records == nil {
		records = map[BodyKey]*BodyRecord{}
	}
	return &Bodies{recs: records}
}

// Records returns the records of the bodies the last build used.
func (b *Bodies) Records() map[BodyKey]*BodyRecord {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.recs
}

// Body is a body as views show it: Key and Links sum up everything its
// HTML depends on, so they are what a page's hash sees.
type Body struct {
	Key   BodyKey
	Links uint64 // a hash of the links as resolved now
	rec   *BodyRecord
	e     *site.Entry
	// A lazy stage's body: converted when a page first shows it, its HTML
	// kept only while the collector leaves it (see Plan's lazy).
	lazy bool
	mu   sync.Mutex
	html weak.Pointer[template.HTML]
	now  *BodyRecord // the record converted in this run, before FinishBodies
}

// pending reports whether the body's links are not known yet: a lazy
// stage converts it while rendering, and FinishBodies records it.
func (b *Body) pending() bool { return b.rec == nil }

// bodyStage holds the bodies of one build.
type bodyStage struct {
	md     *markdown
	bodies map[*site.Entry]*Body
	// A lazy stage: what FinishBodies completes.
	lazy    bool
	pending []*Body
	cache   *Bodies
	next    map[BodyKey]*BodyRecord
	targets uint64
}

func (b *bodyStage) of(e *site.Entry) *Body {
	if b == nil {
		return nil
	}
	return b.bodies[e]
}

// prepareBodies finds every body the site shows, reuses the records that
// still hold and converts the others, in parallel. Every body's problems
// (broken links, missing images) go to probs, whether converted now or
// remembered: a build reports the same problems either way.
func (r *Renderer) prepareBodies(ctx context.Context, cache *Bodies, probs *problem.List, lazy bool) error {
	st := &bodyStage{md: r.md, bodies: map[*site.Entry]*Body{}, lazy: lazy}
	r.stage = st
	next := make(map[BodyKey]*BodyRecord, len(cache.recs))
	var targets uint64
	if cache.site == r.site && !lazy {
		// The site was linked again in place (site.Relink), which keeps
		// every entry and address: what links resolve to is the same, and
		// so is every body whose document was not read again.
		st.bodies, next, targets = cache.stage, cache.recs, cache.targets
	} else {
		targets = linkTargets(r.site)
	}
	same := targets == cache.targets
	var todo []*Body
	for _, l := range r.site.Langs {
		for _, e := range r.site.Entries(l) {
			// A broken document's page is never rendered, but its body's
			// links are checked all the same: every problem in one run.
			old := st.bodies[e]
			if !e.HasText() {
				if old != nil {
					delete(st.bodies, e)
					delete(next, old.Key)
				}
				continue
			}
			k := BodyKey{e.Path, e.Hash, r.md.env[e.Lang]}
			if old != nil && old.Key == k && old.e == e {
				continue
			}
			if old != nil {
				delete(next, old.Key)
			}
			b := &Body{Key: k, e: e, lazy: lazy}
			st.bodies[e] = b
			if rec := cache.recs[k]; rec != nil && (same || r.md.stillResolves(e, rec.Links)) {
				b.rec = rec
				b.Links = rec.linksHash()
				next[k] = rec
			} else {
				todo = append(todo, b)
			}
		}
	}
	if lazy {
		// Converted while rendering: the problems of the bodies reused
		// now, the others' in FinishBodies. Until then the cache holds no
		// stage, so that a run stopped halfway leaves nothing half-made.
		for _, b := range st.bodies {
			if b.rec != nil {
				for _, p := range b.rec.Problems {
					probs.Add(p)
				}
			}
		}
		st.pending, st.cache, st.next, st.targets = todo, cache, next, targets
		cache.mu.Lock()
		cache.site, cache.stage = nil, nil
		cache.mu.Unlock()
		return nil
	}
	var mu sync.Mutex
	err := r.convertAll(ctx, todo, func(b *Body, rec *BodyRecord) {
		mu.Lock()
		b.rec = rec
		b.Links = rec.linksHash()
		next[b.Key] = rec
		mu.Unlock()
	})
	if err != nil {
		// Stopped (the preview got another change): keep what was
		// converted, so that the next run does not convert it again, and
		// start the next stage afresh.
		cache.mu.Lock()
		for k, rec := range next {
			cache.recs[k] = rec
		}
		cache.site, cache.stage = nil, nil
		cache.mu.Unlock()
		return err
	}
	for _, b := range st.bodies {
		for _, p := range b.rec.Problems {
			probs.Add(p)
		}
	}
	cache.mu.Lock()
	cache.recs, cache.targets, cache.site, cache.stage = next, targets, r.site, st.bodies
	cache.mu.Unlock()
	return nil
}

// linkTargets sums up what a content link can resolve to in the site.
func linkTargets(s *site.Site) uint64 {
	h := sigHash(sigSeed)
	for _, l := range s.Langs {
		h.str(l.Code)
	}
	for _, e := range s.All() {
		h.str(string(e.Kind))
		h.str(e.Slug)
		h.str(e.Lang)
		h.str(e.URL)
	}
	return uint64(h)
}

func lookupsHash(ls []Lookup) uint64 {
	h := sigHash(sigSeed)
	for _, l := range ls {
		h.str(l.Dest)
		h.str(l.URL)
		if l.OK {
			h.int(1)
		}
	}
	return uint64(h)
}

// convertAll converts the bodies in parallel and hands each record to
// done (from several goroutines at once); a body that cannot be converted
// gets a record of that problem. It stops when ctx is cancelled.
func (r *Renderer) convertAll(ctx context.Context, bodies []*Body, done func(*Body, *BodyRecord)) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, b := range bodies {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			rec, err := r.md.convert(b.e)
			if err != nil {
				rec = failedRecord(b.e, err)
			}
			done(b, rec)
			return nil
		})
	}
	return g.Wait()
}

// failedRecord is the record of a body that could not be converted.
func failedRecord(e *site.Entry, err error) *BodyRecord {
	p := problem.Problem{File: e.Path, Message: fmt.Sprintf("the text cannot be converted: %v", err)}
	if errors.Is(err, content.ErrChanged) {
		p = problem.Problem{File: e.Path, Line: e.BodyLine, Col: 1, Message: "the file changed while the site was being built", Hint: "build again"}
	} else if errors.Is(err, fs.ErrNotExist) {
		p = problem.Problem{File: e.Path, Message: "the file was removed while the site was being built", Hint: "build again"}
	}
	return &BodyRecord{Problems: []problem.Problem{p}}
}

// HTML is the body converted, converting it now when this run reused a
// record without its HTML (a rebuild from the state on disk) or when a
// lazy stage has not converted it yet, or no longer holds its HTML.
func (b *Body) HTML(md *markdown) (template.HTML, error) {
	if !b.lazy {
		if b.rec.hasHTML {
			return b.rec.html, nil
		}
		rec, err := md.convert(b.e)
		if err != nil {
			return "", err
		}
		return rec.html, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if h := b.html.Value(); h != nil {
		return *h, nil
	}
	rec, err := md.convert(b.e)
	if err != nil {
		return "", err
	}
	h := rec.html
	rec.html, rec.hasHTML = "", false
	if b.rec == nil && b.now == nil {
		b.now = rec
	}
	// Weakly held: a body most often shows on one page, and a site's
	// bodies together are as large as its text; the few shown again (in
	// the feeds) are converted again if the collector took them.
	b.html = weak.Make(&h)
	return h, nil
}

// FinishBodies completes a lazy stage after its pages were rendered: it
// converts the bodies no page showed, records every body converted in
// this run and reports their problems, as an eager stage did in Plan.
// jobs are the run's files, which links to the site's own addresses are
// checked against. It does nothing for an eager stage.
func (r *Renderer) FinishBodies(ctx context.Context, jobs []*Job, probs *problem.List) error {
	st := r.stage
	if st == nil || !st.lazy || st.cache == nil {
		return nil
	}
	unseen := slices.DeleteFunc(slices.Clone(st.pending), func(b *Body) bool { return b.now != nil })
	err := r.convertAll(ctx, unseen, func(b *Body, rec *BodyRecord) {
		rec.html, rec.hasHTML = "", false
		b.mu.Lock()
		b.now = rec
		b.mu.Unlock()
	})
	cache := st.cache
	for _, b := range st.pending {
		if b.now == nil {
			continue
		}
		b.rec, b.now = b.now, nil
		b.Links = b.rec.linksHash()
		st.next[b.Key] = b.rec
	}
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if err != nil {
		// Stopped: keep what was converted (see prepareBodies).
		for k, rec := range st.next {
			cache.recs[k] = rec
		}
		return err
	}
	for _, b := range st.pending {
		for _, p := range b.rec.Problems {
			probs.Add(p)
		}
	}
	r.checkSiteLinks(jobs, st.pending, probs)
	cache.recs, cache.targets, cache.site, cache.stage = st.next, st.targets, r.site, st.bodies
	st.pending, st.cache = nil, nil
	return nil
}
