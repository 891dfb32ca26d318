// Package corpus writes synthetic kokeilu sites of any size, so that the
// build can be tested and benchmarked on realistic content.
//
// Write produces a complete, valid site root: content/site.yaml, Finnish
// and Swedish experiments, campaigns, contacts, tags and pages, plus copies
// of layouts/ and assets/ from a real site root so that the corpus builds
// with the real templates. All text comes from the word lists in words.go.
// The output depends only on the Options: the same options give
// byte-identical files (math/rand/v2 PCG streams with fixed seeds; no clock,
// no map iteration).
package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options describe the corpus.
type Options struct {
	// Experiments is the number of experiments. Each has a Finnish file;
	// all but about 5 % also a Swedish one.
	Experiments int
	// Seed selects the corpus: the same seed and options give the same bytes.
	Seed int64
	// Layouts is a site root (normally the repository root) whose layouts/
	// and assets/ are copied into the corpus. Empty: the corpus gets only
	// content/ and cannot be built until layouts/ and assets/ are added.
	Layouts string
}

// markerFile marks a folder written by Write, which Write may empty again.
const markerFile = ".kokeilu-corpus"

// The parts of the corpus that do not scale with Options.Experiments.
const (
	numContacts = 60
	fiOnlyShare = 0.05 // experiments with only a Finnish file
	faildayRate = 0.03 // experiments on the Day for Failure
)

// Stream identifiers for the PCG generators: one for the plan, one per
// experiment and language for the texts, so files can be written in any
// order and in parallel and still come out the same.
const (
	streamPlan uint64 = 0x6b6f6b65696c7500 + iota
	streamText
)

// experiment is the planned metadata of one experiment, shared by its
// translations; texts are drawn later from the experiment's own stream.
type experiment struct {
	slug      string
	title     pair
	muni      municipality
	unit      pair
	date      time.Time
	start     time.Time
	end       time.Time
	updated   [2]time.Time // zero: no updated field
	tags      []int
	status    string
	role      string
	campaign  int
	contacts  []int
	savings   int // euros a year; 0: not estimated
	links     int
	failday   bool
	lesson    int
	fiOnly    bool
	wordCount int // the body's target length
}

type contact struct {
	slug, first, last, email, phone string
	title, org, desc                int
}

type campaignPlan struct {
	organisers []int
	contacts   []int
}

// plan is everything decided up front, so that any file can link to any other.
type plan struct {
	seed      uint64
	exps      []experiment
	svExps    []int // indexes of experiments with a Swedish file
	contacts  []contact
	campaigns []campaignPlan
}

func newPlan(opt Options) *plan {
	p := &plan{seed: uint64(opt.Seed)}
	r := rand.New(rand.NewPCG(p.seed, streamPlan))

	seen := map[string]bool{}
	for len(p.contacts) < numContacts {
		first, last := pick(r, firstNames), pick(r, surnames)
		slug := slugify(first, last)
		if seen[slug] {
			continue
		}
		seen[slug] = true
		c := contact{slug: slug, first: first, last: last,
			email: strings.ReplaceAll(slugify(first), "-", "") + "." + slugify(last) + "@example.fi",
			title: r.IntN(len(jobTitles)), org: r.IntN(len(contactOrgs)), desc: r.IntN(len(jobDescriptions))}
		// 012 is not a Finnish area code: the numbers reach nobody.
		c.phone = fmt.Sprintf("012 %03d %04d", between(r, 100, 999), 1000+len(p.contacts))
		p.contacts = append(p.contacts, c)
	}
	for range campaigns {
		p.campaigns = append(p.campaigns, campaignPlan{
			organisers: distinct(r, len(organisers), between(r, 1, 3)),
			contacts:   distinct(r, numContacts, between(r, 1, 3)),
		})
	}

	n := opt.Experiments
	p.exps = make([]experiment, n)
	base := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range p.exps {
		e := &p.exps[i]
		topic := r.IntN(len(topics))
		e.muni = pick(r, municipalities)
		e.unit = pick(r, units)
		e.slug = slugify(topics[topic][fi], e.muni.fi, fmt.Sprint(i+1))
		e.title = pair{capitalise(topics[topic][fi]) + " " + e.muni.inessive,
			capitalise(topics[topic][sv]) + " i " + e.muni.sv}
		e.date = base.AddDate(0, 0, r.IntN(1461)) // 2016-01-01 … 2019-12-31
		e.start = e.date.AddDate(0, 0, -r.IntN(365))
		e.end = e.start.AddDate(0, 0, r.IntN(500))
		if r.IntN(10) < 3 {
			u := e.date.AddDate(0, 0, between(r, 2, 300))
			e.updated = [2]time.Time{u, u}
			if r.IntN(40) == 0 {
				// An outdated translation: the Swedish text is older.
				e.updated[sv] = e.date.AddDate(0, 0, r.IntN(int(u.Sub(e.date).Hours()/24)))
			}
		}
		e.tags = distinct(r, len(tags), between(r, 1, 4))
		switch x := r.IntN(10); {
		case x < 2:
			e.status = "idea"
		case x < 5:
			e.status = "running"
		default:
			e.status = "completed"
		}
		e.role = "experimenter"
		if r.IntN(7) == 0 {
			e.role = "influencer"
		}
		e.campaign = r.IntN(len(campaigns))
		e.contacts = distinct(r, numContacts, between(r, 1, 2))
		if r.IntN(5) > 0 {
			e.savings = between(r, 5, 400) * 500
		}
		e.links = between(r, 1, 2)
		e.lesson = r.IntN(len(lessons))
		e.wordCount = between(r, 360, 740)
	}
	// Exact shares rather than coin flips, so that even a small corpus has
	// fi-only and Day for Failure experiments.
	for _, i := range r.Perm(n)[:share(n, fiOnlyShare, 0)] {
		p.exps[i].fiOnly = true
	}
	for _, i := range r.Perm(n)[:share(n, faildayRate, 1)] {
		p.exps[i].failday = true
	}
	for i := range p.exps {
		if !p.exps[i].fiOnly {
			p.svExps = append(p.svExps, i)
		}
	}
	return p
}

// share is round(n*rate), at least least (but never more than n).
func share(n int, rate float64, least int) int {
	k := int(float64(n)*rate + 0.5)
	return min(max(k, least), n)
}

// Write writes the corpus into dir: a new or empty folder, or one written
// by Write before (its content/, layouts/ and assets/ are replaced).
func Write(dir string, opt Options) error {
	if opt.Experiments < 0 {
		return errors.New("corpus: the number of experiments cannot be negative")
	}
	if err := prepare(dir, opt); err != nil {
		return err
	}
	p := newPlan(opt)
	for _, kind := range []string{"experiments", "campaigns", "contacts", "tags", "pages"} {
		if err := os.MkdirAll(filepath.Join(dir, "content", kind), 0o755); err != nil {
			return err
		}
	}
	if opt.Layouts != "" {
		for _, sub := range []string{"layouts", "assets"} {
			if err := copyTree(filepath.Join(opt.Layouts, sub), filepath.Join(dir, sub)); err != nil {
				return err
			}
		}
	}
	w := &writer{dir: dir, p: p}
	jobs := []func() error{w.siteYAML, w.tags, w.campaigns, w.contacts, w.pages}
	var next atomic.Int64
	var errOnce sync.Once
	var firstErr error
	var wg sync.WaitGroup
	total := int64(len(jobs) + len(p.exps))
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var b strings.Builder
			for {
				k := next.Add(1) - 1
				if k >= total {
					return
				}
				var err error
				if k < int64(len(jobs)) {
					err = jobs[k]()
				} else {
					err = w.experiment(&b, int(k)-len(jobs))
				}
				if err != nil {
					errOnce.Do(func() { firstErr = err })
					next.Store(total)
					return
				}
			}
		})
	}
	wg.Wait()
	return firstErr
}

// prepare makes dir ready: created if missing, emptied of a previous
// corpus, refused when it holds anything else (such as a real site).
func prepare(dir string, opt Options) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case len(entries) == 0:
	default:
		if _, err := os.Stat(filepath.Join(dir, markerFile)); err != nil {
			return fmt.Errorf("corpus: %s is not empty and was not written by corpus.Write; choose a new folder", dir)
		}
		for _, e := range entries {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	marker := fmt.Sprintf("written by corpus.Write: experiments=%d seed=%d\n", opt.Experiments, opt.Seed)
	return os.WriteFile(filepath.Join(dir, markerFile), []byte(marker), 0o644)
}

// copyTree copies the regular files below src into dst, leaving out hidden
// files and editors' temporary files. A missing src is an error: a corpus
// without templates does not build.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if path != src && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
			strings.HasSuffix(name, ".swp") || strings.HasPrefix(name, "#")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
