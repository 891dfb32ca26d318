// Package engine is the one pipeline that `kokeilu build`, `kokeilu check`
// and `kokeilu serve` all drive: load → link → views → render → output,
// incrementally. It keeps the site's inputs and, for every output file, the
// key of the bytes the output holds; a run reads again only the files that
// changed, links the whole site, builds every file's view and renders
// exactly the files whose key changed.
//
// What a file depends on is never written down: its key is a hash of its
// view (everything its template can show, see render.Page) and of the
// site-wide inputs (the program, the options, site.yaml, layouts/ and the
// assets' addresses). Markdown bodies are converted once per content and
// reused while the links in them resolve the same way (render.Bodies).
//
// With any error in the content, configuration or layouts a run renders
// nothing and the output stays as it was, so the three commands report the
// same problems for the same tree and a document that cannot be read is
// never rendered.
//
// Input: the site root as an fs.FS, the paths that changed, an Output.
// Output: files written to the Output, and a Result with every problem.
package engine

import (
	"context"
	"hash/fnv"
	"io"
	"io/fs"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/render"
	"github.com/kokeilu/kokeilu/internal/site"
)

// Options are what a run takes besides the files.
type Options struct {
	Drafts  bool      // include drafts
	BaseURL string    // override site.yaml's baseURL
	Today   time.Time // the reference date (see site.Options)
	// Program sums up the program itself (see ProgramHash): another
	// kokeilu may render the same input differently.
	Program uint64
	// LazyBodies converts the bodies no record holds while their pages
	// are rendered, not all before (see render.Plan), and reads each
	// body's text again then (content.Document.DropBody), so that a run
	// never holds every body's text or HTML. Body problems then come
	// after rendering, and a run with errors has rendered for nothing: it
	// is for an Output that throws away what a run with errors wrote
	// (build, check), not for the preview, which shows pages as they are
	// rendered.
	LazyBodies bool
	// NoPrograms makes every page with html/template, not with the
	// compiled layouts (render.Renderer.WithoutPrograms), so that a
	// test can compare the two.
	NoPrograms bool
}

// Output receives the site's files.
type Output interface {
	Write(name string, data []byte) error    // a rendered file, to be minified
	WriteRaw(name string, data []byte) error // final bytes (assets)
	Keep(name string) bool                   // keep the file the output holds; false when it holds none
	Delete(names ...string)                  // remove files no longer in the site
}

// Engine is the pipeline with its state between runs. Runs must not
// overlap; Want may be called from any goroutine.
type Engine struct {
	fsys    fs.FS
	opt     Options
	min     *minify.Minifier
	in      *inputs
	sorters l10n.Sorters
	bodies  *render.Bodies
	metas   map[*content.Meta]uint64 // frontmatter hashes, by document (see render.NewKeyer)
	keys    map[string]uint64        // output path → key of what the output holds (stale: 0)
	loaded  bool
	site    *site.Site        // the site as last linked
	linkPbs []problem.Problem // what linking it found, notes included

	mu      sync.Mutex
	running bool                       // a run is going on
	ran     bool                       // a run has ended: before the first, every file is still to come
	planned map[string]bool            // the running run's files, once it knows them
	want    map[string][]chan struct{} // paths asked for during a run
}

// State is what `kokeilu build` keeps on disk between runs: the keys of
// the files in the output folder and the body records.
type State struct {
	Program uint64
	Keys    map[string]uint64
	Bodies  map[render.BodyKey]*render.BodyRecord
	Checked []uint64 // the bodies that passed content's body checks (content.BodyChecks)
}

// New returns an engine for the site root fsys. state, if not nil, is
// what an earlier run on the same output left (see State).
func New(fsys fs.FS, opt Options, m *minify.Minifier, state *State) *Engine {
	var recs map[render.BodyKey]*render.BodyRecord
	var checked []uint64
	own := state != nil && state.Program == opt.Program
	if own {
		recs, checked = state.Bodies, state.Checked
	}
	e := &Engine{fsys: fsys, opt: opt, min: m, in: newInputs(content.NewBodyChecks(checked)), sorters: l10n.Sorters{},
		metas: map[*content.Meta]uint64{}, keys: map[string]uint64{}, want: map[string][]chan struct{}{}}
	if own {
		maps.Copy(e.keys, state.Keys)
	}
	e.bodies = render.NewBodies(recs)
	return e
}

// State returns what a later run on the same output needs.
func (e *Engine) State() *State {
	return &State{Program: e.opt.Program, Keys: maps.Clone(e.keys), Bodies: e.bodies.Records(),
		Checked: e.in.checks.Passed(slices.Collect(maps.Values(e.in.docs)))}
}

// Config is the site's configuration as last read, or nil.
func (e *Engine) Config() *content.Config { return e.in.cfg }

// Result describes one run.
type Result struct {
	Problems []problem.Problem // every problem of the site as it now is, sorted
	Rendered bool              // the site had no errors and was rendered
	Pages    map[string]int    // HTML pages per language code
	Files    int               // files in the site
	Written  []string          // output paths rendered or written in this run
	Removed  []string          // output paths no longer in the site
	Assets   []string          // of Written, the assets' source names
	First    time.Duration     // when the priority files were written, from the start of the run
	// Slow counts the pages and cards html/template made because the
	// compiled layouts could not (render.Renderer.Slow): 0 on a site
	// without problems, unless Options.NoPrograms.
	Slow int
}

// Run brings the output up to date after the paths in changed (slash paths
// from the site root, files or folders, existing or not) changed; the
// first run reads everything. The files in priority (output paths) are
// rendered first, with the files someone asked for already (Want); then
// first, if set, is called before the rest.
func (e *Engine) Run(ctx context.Context, changed []string, out Output, priority []string, first func(*Result)) (*Result, error) {
	start := time.Now()
	e.mu.Lock()
	e.running = true
	e.mu.Unlock()
	defer e.release()
	t := classify(changed)
	if !e.loaded {
		t.all = true
	}
	if err := e.in.update(ctx, e.fsys, e.min, t); err != nil {
		return nil, err
	}
	e.loaded = true
	if e.opt.LazyBodies {
		// Each body is read again when it is converted, once: no need
		// to hold a whole site's text until then.
		for _, d := range e.in.docs {
			d.DropBody()
		}
	}
	res := &Result{Pages: map[string]int{}}
	probs := &problem.List{}
	e.in.problems(probs)
	in := e.in
	if in.cfg == nil || in.tpl == nil || slices.ContainsFunc(in.tplProbs, isError) {
		res.Problems = probs.All()
		return res, nil
	}
	s, linkProbs := e.link()
	for _, p := range linkProbs {
		probs.Add(p)
	}
	r := render.New(s, in.tpl, in.assets)
	r.ReadsFrom(e.fsys)
	if e.opt.NoPrograms {
		r.WithoutPrograms()
	}
	defer func() { res.Slow = r.Slow() }()
	lazy := e.opt.LazyBodies
	jobs, err := r.Plan(ctx, e.bodies, probs, lazy)
	if err != nil {
		return nil, err
	}
	for _, j := range jobs {
		if strings.HasSuffix(j.Path, ".html") {
			lang, _, _ := strings.Cut(j.Path, "/")
			res.Pages[lang]++
		}
	}
	files := in.assets.Files()
	res.Files = len(jobs) + len(files)
	planned := make(map[string]bool, res.Files)
	for _, j := range jobs {
		planned[j.Path] = true
	}
	for _, f := range files {
		planned[strings.TrimPrefix(f.URL, "/")] = true
	}
	e.mu.Lock()
	e.planned = planned
	for name, cs := range e.want {
		if !planned[name] { // not in the site: nothing to wait for
			for _, c := range cs {
				close(c)
			}
			delete(e.want, name)
		}
	}
	e.mu.Unlock()
	if probs.HasErrors() {
		// Every problem in one run: the bodies' too.
		if err := r.FinishBodies(ctx, jobs, probs); err != nil {
			return nil, err
		}
		res.Problems = probs.All()
		return res, nil
	}
	// A lazy run's rendering problems are reported only if its bodies
	// have no errors: an eager run would not have rendered at all.
	rprobs := probs
	if lazy {
		rprobs = &problem.List{}
	}

	// Keys: which files must be rendered. The files in priority are keyed
	// and rendered first; the others are keyed in parallel after them.
	keyer := render.NewKeyer(e.global(), e.metas)
	metas := make([]*content.Meta, 0, len(in.docs))
	for _, d := range in.docs {
		metas = append(metas, &d.Meta)
	}
	keyer.Remember(metas)
	e.pruneMetas()
	next := make(map[string]uint64, res.Files)
	prio := map[string]bool{}
	for _, p := range priority {
		prio[p] = true
	}
	e.mu.Lock()
	for p := range e.want { // asked for already (the preview's first request)
		prio[p] = true
	}
	e.mu.Unlock()
	var early, rest, prioJobs []*render.Job
	var unsure []*render.Job   // keyed after rendering (see Options.LazyBodies)
	later := map[string]bool{} // of unsure, rendered
	for _, j := range jobs {
		if prio[j.Path] {
			prioJobs = append(prioJobs, j)
			key, pending := keyer.KeyOf(j)
			if pending {
				early, unsure = append(early, j), append(unsure, j)
				continue
			}
			k := nonZero(key)
			next[j.Path] = k
			if e.keys[j.Path] != k || !out.Keep(j.Path) {
				early = append(early, j)
			}
		} else {
			rest = append(rest, j)
		}
	}

	var mu sync.Mutex
	done := func(j *render.Job, ok bool) {
		mu.Lock()
		defer mu.Unlock()
		if k, known := next[j.Path]; ok && known {
			e.keys[j.Path] = k
			res.Written = append(res.Written, j.Path)
		} else if ok {
			e.keys[j.Path] = 0 // until finishLazy knows its key
			later[j.Path] = true
			res.Written = append(res.Written, j.Path)
		} else if _, had := e.keys[j.Path]; had {
			e.keys[j.Path] = 0 // the output holds an older file: stale
		}
	}
	if err := r.Render(ctx, early, out, rprobs, done); err != nil {
		return nil, err
	}
	e.answer(prioJobs)
	res.First = time.Since(start)
	if first != nil && len(early) > 0 {
		first(res.snapshot(probs))
	}

	var todo []*render.Job
	if lazy && len(e.keys) == 0 {
		// Nothing to keep: render everything, key it afterwards, when
		// every body's links are known.
		todo, unsure = rest, append(unsure, rest...)
		for i, j := range rest {
			if i%256 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			j.View() // made one at a time (see render.Renderer.Render)
		}
	} else {
		keys := make([]uint64, len(rest))
		var pending []bool
		if lazy {
			pending = make([]bool, len(rest))
		}
		if err := keyer.Keys(ctx, rest, keys, pending); err != nil {
			return nil, err
		}
		mu.Lock()
		for i, j := range rest {
			if pending != nil && pending[i] {
				todo, unsure = append(todo, j), append(unsure, j)
				continue
			}
			k := nonZero(keys[i])
			next[j.Path] = k
			if e.keys[j.Path] != k || !out.Keep(j.Path) {
				todo = append(todo, j)
			}
		}
		mu.Unlock()
	}

	// Assets: their keys are their bytes.
	for _, f := range files {
		name := strings.TrimPrefix(f.URL, "/")
		h := newHash()
		h.str(name)
		h.str(string(f.Data))
		k := nonZero(h.sum())
		next[name] = k
		if e.keys[name] == k && out.Keep(name) {
			continue
		}
		if err := out.WriteRaw(name, f.Data); err != nil {
			return nil, err
		}
		e.keys[name] = k
		res.Written = append(res.Written, name)
		res.Assets = append(res.Assets, f.Name)
	}

	// The rest, the files someone asks for first.
	for len(todo) > 0 {
		n := min(len(todo), batch)
		wanted := e.wanted(todo)
		if len(wanted) > 0 {
			n = len(wanted)
			todo = append(wanted, slices.DeleteFunc(todo, func(j *render.Job) bool { return slices.Contains(wanted, j) })...)
		}
		if err := r.Render(ctx, todo[:n], out, rprobs, done); err != nil {
			return nil, err
		}
		e.answer(todo[:n])
		todo = todo[n:]
	}
	if lazy {
		if err := e.finishLazy(ctx, r, jobs, unsure, later, next, probs, rprobs); err != nil {
			return nil, err
		}
	}

	for p := range e.keys {
		if _, ok := next[p]; !ok {
			res.Removed = append(res.Removed, p)
			delete(e.keys, p)
		}
	}
	slices.Sort(res.Removed)
	out.Delete(res.Removed...)
	slices.Sort(res.Written)
	res.Problems = probs.All()
	res.Rendered = !probs.HasErrors()
	return res, nil
}

// finishLazy completes a lazy run after its pages were rendered: the
// bodies' problems, then the keys of the files that showed a body not
// converted before (unsure), which done could not record.
func (e *Engine) finishLazy(ctx context.Context, r *render.Renderer, jobs, unsure []*render.Job, rendered map[string]bool, next map[string]uint64, probs, rprobs *problem.List) error {
	if err := r.FinishBodies(ctx, jobs, probs); err != nil {
		return err
	}
	if probs.HasErrors() {
		// Nothing of this run counts: the output throws it away.
		clear(e.keys)
		return nil
	}
	for _, p := range rprobs.All() {
		probs.Add(p)
	}
	keys := make([]uint64, len(unsure))
	if err := render.NewKeyer(e.global(), e.metas).Keys(ctx, unsure, keys, nil); err != nil {
		return err
	}
	for i, j := range unsure {
		k := nonZero(keys[i])
		next[j.Path] = k
		if rendered[j.Path] {
			e.keys[j.Path] = k
		}
	}
	return nil
}

// batch is how many files are rendered between looks at what the preview
// is asked for: small enough that a page asked for waits a few
// milliseconds, large enough to keep every core busy.
var batch = 16 * runtime.GOMAXPROCS(0)

func (r *Result) snapshot(probs *problem.List) *Result {
	c := *r
	c.Written = slices.Clone(r.Written)
	slices.Sort(c.Written)
	c.Problems = probs.All()
	return &c
}

func isError(p problem.Problem) bool { return p.Severity == problem.Error }

func nonZero(k uint64) uint64 {
	if k == 0 {
		return 1 // 0 marks a stale file
	}
	return k
}

// link links the documents into the site, or brings the site linked last
// time up to date when only documents it holds were read again (see
// site.Relink). It returns the site and linking's problems and notes.
func (e *Engine) link() (*site.Site, []problem.Problem) {
	in := e.in
	defer in.linked()
	if !in.relink && e.site != nil {
		if len(in.reread) == 0 {
			return e.site, e.linkPbs
		}
		if e.site.Relink(slices.Collect(maps.Values(in.reread))) {
			e.linkPbs = append(e.site.Problems(), e.site.Notes()...)
			return e.site, e.linkPbs
		}
	}
	s := site.Build(in.set(), site.Options{Drafts: e.opt.Drafts, BaseURL: e.opt.BaseURL, Today: e.opt.Today, Sorters: e.sorters}, &problem.List{})
	e.site, e.linkPbs = s, append(s.Problems(), s.Notes()...)
	return s, e.linkPbs
}

// global sums up what every file depends on besides its view. The date
// (Options.Today) is not in it: linking turns it into the campaign weeks'
// states and the home page's weeks on now, which the views hold, so a
// build on a new day renders only the files that show them.
func (e *Engine) global() uint64 {
	h := newHash()
	h.mix(e.opt.Program)
	h.str(e.opt.BaseURL)
	if e.opt.Drafts {
		h.mix(1)
	}
	h.mix(e.in.cfgHash)
	h.mix(e.in.tplHash)
	h.mix(e.in.astHash)
	return h.sum()
}

// pruneMetas forgets the frontmatter hashes of documents that are gone.
func (e *Engine) pruneMetas() {
	if len(e.metas) <= len(e.in.docs) {
		return
	}
	live := make(map[*content.Meta]bool, len(e.in.docs))
	for _, d := range e.in.docs {
		live[&d.Meta] = true
	}
	maps.DeleteFunc(e.metas, func(m *content.Meta, _ uint64) bool { return !live[m] })
}

// Want asks a running run to render the output file name next, and
// returns a channel closed when it has, when the run found the file is not
// in the site, or at once when no run is going on. Before the first run
// it waits for that run: the preview answers requests from the start.
func (e *Engine) Want(name string) <-chan struct{} {
	c := make(chan struct{})
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.running && e.ran || e.planned != nil && !e.planned[name] {
		close(c)
		return c
	}
	e.want[name] = append(e.want[name], c)
	return c
}

// wanted returns the jobs of todo someone asked for.
func (e *Engine) wanted(todo []*render.Job) []*render.Job {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.want) == 0 {
		return nil
	}
	var out []*render.Job
	for _, j := range todo {
		if _, ok := e.want[j.Path]; ok {
			out = append(out, j)
		}
	}
	return out
}

// answer tells those who asked for the jobs' files that they are there.
func (e *Engine) answer(jobs []*render.Job) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, j := range jobs {
		for _, c := range e.want[j.Path] {
			close(c)
		}
		delete(e.want, j.Path)
	}
}

// release answers everyone still waiting at the end of a run.
func (e *Engine) release() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.running, e.planned, e.ran = false, nil, true
	for name, cs := range e.want {
		for _, c := range cs {
			close(c)
		}
		delete(e.want, name)
	}
}

// ProgramHash sums up the running program's file, once per process.
var ProgramHash = sync.OnceValue(func() uint64 {
	h := fnv.New64a()
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			_, _ = io.Copy(h, f) // streamed: the binary is larger than most sites
			f.Close()
		}
	}
	return h.Sum64()
})

// hash is FNV-1a over words and strings: keys are kept on disk, so the
// hash must not be seeded per process.
type hash struct{ h uint64 }

func newHash() *hash { return &hash{h: 14695981039346656037} }

func (h *hash) byte(b byte) { h.h = (h.h ^ uint64(b)) * 1099511628211 }

func (h *hash) mix(w uint64) {
	for i := 0; i < 8; i++ {
		h.byte(byte(w >> (8 * i)))
	}
}

func (h *hash) str(s string) {
	h.mix(uint64(len(s)))
	for i := 0; i < len(s); i++ {
		h.byte(s[i])
	}
}

func (h *hash) sum() uint64 { return h.h }

// Discard is the output of `kokeilu check`: every file is rendered (so
// every template problem shows) and none is kept.
type Discard struct{}

func (Discard) Write(string, []byte) error    { return nil }
func (Discard) WriteRaw(string, []byte) error { return nil }
func (Discard) Keep(string) bool              { return false }
func (Discard) Delete(...string)              {}
