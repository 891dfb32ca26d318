package serve

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/kokeilu/kokeilu/internal/assets"
	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/output"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/render"
	"github.com/kokeilu/kokeilu/internal/site"
)

// The parts of the site root that the preview reads.
const (
	contentDir = "content"
	layoutDir  = render.LayoutDir
	assetDir   = assets.Dir
)

// Report describes one rebuild.
type Report struct {
	Changed   []string          // the files and folders that changed, slash paths from the site root
	Rendered  int               // files rendered
	Updated   []string          // URL paths whose bytes changed or that are new
	Removed   []string          // URL paths that no longer exist
	Styles    []Style           // stylesheets published under a new URL
	ReloadAll bool              // every page must reload (a changed image or script, or many pages)
	Committed bool              // the preview now serves this build; false when it has an error the served one had not
	Early     bool              // only the changed files' own pages are served yet; the rest of the rebuild follows
	First     time.Duration     // when the changed files' own pages were served before the rest: how long after the change
	Problems  []problem.Problem // errors and warnings of the site as it now is, sorted
	Duration  time.Duration
}

// Style is a stylesheet's new URL.
type Style struct {
	Name string `json:"name"` // below assets/: main.css
	URL  string `json:"url"`  // /assets/main.0123456789.css
}

// Errors are the problems that stop the build.
func (r *Report) Errors() []problem.Problem {
	return slices.DeleteFunc(slices.Clone(r.Problems), func(p problem.Problem) bool { return p.Severity != problem.Error })
}

// jobState is what the builder remembers of a committed file.
type jobState struct {
	sources []string
	sig     uint64
}

// builder keeps the site's inputs and its rendered files in memory and
// brings them up to date from a list of changed paths: it re-reads only the
// files that changed, links the site again and renders only the files
// whose output can change. A build with a new error is not served: the
// files stay as they were before the editor's mistake (see newErrors).
//
// The builder is used by one goroutine at a time; the HTTP handlers only
// read out (under mu) and render not-yet-rendered files through lazy.
type builder struct {
	fsys  fs.FS
	opt   site.Options
	min   *minify.Minifier
	out   *output.Memory
	mu    sync.RWMutex // held for writing while out, gen and langs change, so readers see whole builds
	gen   uint64       // counts commits
	langs []string     // the served site's language codes

	// The inputs.
	cfg        *content.Config
	cfgProbs   []problem.Problem
	docs       map[string]*content.Document // by path, the files that are documents
	order      []string                     // the keys of docs, sorted; nil when it must be made again
	fileProbs  map[string][]problem.Problem // by path, the problems of each file under content/
	tpl        *render.Templates
	tplProbs   []problem.Problem
	assets     *assets.Set
	assetProbs []problem.Problem

	// What out holds: the last committed build.
	built     bool
	site      *site.Site
	rend      *render.Renderer
	jobList   []render.Job
	jobs      map[string]jobState          // by output path
	jobProbs  map[string][]problem.Problem // by output path: what rendering the file reported
	siteProbs []problem.Problem            // what linking the site reported
	urls      map[string]string            // entry path → URL
	shared    []string                     // content files every page shows
	published map[string]*assets.File      // by name
	lazy      lazySet                      // committed files not rendered yet
	okErrs    map[string]bool              // its errors, which do not stop the next build
	lastProbs []problem.Problem            // what the last build, served or not, reported

	loading bool // reading the site at start-up: its files are rendered lazily

	// early, if set, gets a report when the changed files' own pages are
	// served, before the rest of a long rebuild.
	early     func(*Report)
	previewed bool             // the changed files' own pages are served already (see preview)
	bodyJobs  map[string][]int // content file → the indexes in jobList of the jobs that show its body; nil until a patch needs it
	started   time.Time        // when the running update began

	// What changed since the last commit.
	pending   map[string]bool // content files
	full      bool            // templates or configuration changed: render everything
	assetsNew bool            // assets/ changed
}

func newBuilder(fsys fs.FS, opt site.Options) *builder {
	if opt.Sorters == nil {
		opt.Sorters = l10n.Sorters{} // the site is linked again after every edit
	}
	m := minify.New()
	return &builder{fsys: fsys, opt: opt, min: m, out: output.NewMemory(m),
		docs: map[string]*content.Document{}, fileProbs: map[string][]problem.Problem{},
		jobs: map[string]jobState{}, jobProbs: map[string][]problem.Problem{}, urls: map[string]string{}, published: map[string]*assets.File{},
		pending: map[string]bool{}}
}

// area says which part of the site root a slash path is in.
func area(p string) string {
	top, _, _ := strings.Cut(p, "/")
	switch {
	case p == content.ConfigFile:
		return "config"
	case top == contentDir || top == layoutDir || top == assetDir:
		return top
	}
	return ""
}

// hidden reports whether a path is or is inside a hidden file or folder.
func hidden(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// load reads the whole site root.
func (b *builder) load(ctx context.Context) (*Report, error) {
	b.loading = true
	defer func() { b.loading = false }()
	rep, err := b.update(ctx, []string{content.ConfigFile, layoutDir, assetDir})
	if rep != nil {
		rep.Changed = nil
	}
	return rep, err
}

// update brings the build up to date with the changed paths (files or
// folders, slash paths from the site root, existing or not).
func (b *builder) update(ctx context.Context, changed []string) (*Report, error) {
	start := time.Now()
	b.started = start
	rep := &Report{}
	var cfg, tpl, ast bool
	var files []string
	for _, p := range changed {
		switch area(p) {
		case "config":
			cfg = true
		case contentDir:
			files = append(files, p)
		case layoutDir:
			tpl = true
		case assetDir:
			ast = true
		default:
			continue
		}
		rep.Changed = append(rep.Changed, p)
	}
	known := map[string]bool{}
	for _, p := range files {
		known[p] = b.knows(p)
	}
	if cfg {
		if err := b.loadConfig(ctx); err != nil {
			return nil, err
		}
	} else if b.cfg != nil {
		for _, p := range files {
			if err := b.refresh(ctx, p); err != nil {
				return nil, err
			}
		}
	}
	// Name only what mattered: not a temporary file that came and went.
	rep.Changed = slices.DeleteFunc(rep.Changed, func(p string) bool {
		if area(p) != contentDir {
			return false
		}
		_, err := fs.Stat(b.fsys, p)
		return err != nil && !known[p]
	})
	if !cfg && !tpl && !ast && len(b.pending) == 0 && b.built {
		rep.Problems = b.lastProbs
		rep.Duration = time.Since(start)
		return rep, nil
	}
	if !cfg && !tpl && !ast {
		var err error
		if b.previewed, err = b.preview(ctx, rep); err != nil {
			return nil, err
		}
		defer func() { b.previewed = false }()
	}
	if (tpl || cfg || b.tpl == nil) && b.cfg != nil {
		probs := &problem.List{}
		b.tpl = render.LoadTemplates(b.fsys, b.cfg.Codes(), probs)
		b.tplProbs = probs.All()
		b.full = true
	}
	if ast || b.assets == nil {
		probs := &problem.List{}
		b.assets = assets.Load(b.fsys, b.min, probs)
		b.assetProbs = probs.All()
		b.assetsNew = b.assetsNew || !b.built || !samePublished(b.published, b.assets)
	}
	if err := b.build(ctx, rep); err != nil {
		return nil, err
	}
	if !b.loading && b.lazy.pending() {
		// The site's first build came late (its configuration or templates
		// were broken at start-up): render it all now, and every page the
		// browser shows is new.
		all, err := b.renderLazy(ctx)
		if err != nil {
			return nil, err
		}
		rep.Rendered, rep.Problems, rep.ReloadAll = all.Rendered, all.Problems, true
	}
	b.lastProbs = rep.Problems
	rep.Duration = time.Since(start)
	return rep, nil
}

// knows reports whether a path under content/ is, or holds, a file read
// before.
func (b *builder) knows(p string) bool {
	if b.docs[p] != nil || b.fileProbs[p] != nil {
		return true
	}
	if strings.HasSuffix(p, ".md") {
		return false // a file, not a folder
	}
	for q := range b.fileProbs {
		if strings.HasPrefix(q, p+"/") {
			return true
		}
	}
	for q := range b.docs {
		if strings.HasPrefix(q, p+"/") {
			return true
		}
	}
	return false
}

// loadConfig reads site.yaml and, since the languages decide which file
// names are valid, every content file again.
func (b *builder) loadConfig(ctx context.Context) error {
	probs := &problem.List{}
	data, err := fs.ReadFile(b.fsys, content.ConfigFile)
	if err != nil {
		probs.Errorf(content.ConfigFile, 0, 0, "create it; see README.md for an example", "the site configuration is missing")
		b.cfg = nil
	} else {
		b.cfg = content.ParseConfig(data, probs)
	}
	b.cfgProbs = probs.All()
	b.full = true
	clear(b.docs)
	clear(b.fileProbs)
	b.order = nil
	if b.cfg == nil {
		return nil
	}
	return b.refresh(ctx, contentDir)
}

// refresh reads a changed file or folder under content/ again.
func (b *builder) refresh(ctx context.Context, p string) error {
	if hidden(p) || content.Ignored(p) || p == content.ConfigFile {
		return nil
	}
	fi, err := fs.Stat(b.fsys, p)
	if err != nil || !fi.IsDir() {
		// A file, or nothing there: drop what was below p in case it was a
		// folder, then read the file if there is one.
		b.drop(p + "/")
		if err != nil {
			b.drop(p)
			return nil
		}
		return b.parse(ctx, []string{p})
	}
	var files []string
	seen := map[string]bool{}
	err = fs.WalkDir(b.fsys, p, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			if q != p {
				b.fileProbs[q] = []problem.Problem{{File: q, Message: "cannot read: " + err.Error(), Hint: "check the file's permissions"}}
				seen[q] = true
			}
			return nil
		}
		if d.IsDir() {
			if q != p && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if q == content.ConfigFile || content.Ignored(q) || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		files = append(files, q)
		seen[q] = true
		return nil
	})
	if err != nil {
		return err
	}
	prefix := p + "/"
	for q := range b.fileProbs {
		if strings.HasPrefix(q, prefix) && !seen[q] {
			b.drop(q)
		}
	}
	for q := range b.docs {
		if strings.HasPrefix(q, prefix) && !seen[q] {
			b.drop(q)
		}
	}
	return b.parse(ctx, files)
}

// drop forgets a file, or with a trailing slash every file in a folder.
func (b *builder) drop(p string) {
	match := func(q string) bool { return q == p || (strings.HasSuffix(p, "/") && strings.HasPrefix(q, p)) }
	for q := range b.docs {
		if match(q) {
			delete(b.docs, q)
			b.order = nil
			b.pending[q] = true
		}
	}
	for q := range b.fileProbs {
		if match(q) {
			delete(b.fileProbs, q)
		}
	}
}

// parse reads content files, in parallel when there are many.
func (b *builder) parse(ctx context.Context, files []string) error {
	type result struct {
		doc   *content.Document
		probs []problem.Problem
		gone  bool
	}
	res := make([]result, len(files))
	langs := b.cfg.Codes()
	one := func(i int) {
		p := files[i]
		if !strings.HasSuffix(p, ".md") {
			res[i].probs = []problem.Problem{{File: p, Severity: problem.Warning,
				Message: "this file is not Markdown and is not used", Hint: "content/ holds Markdown files; put images in assets/"}}
			return
		}
		data, err := fs.ReadFile(b.fsys, p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				res[i].gone = true
				return
			}
			res[i].probs = []problem.Problem{{File: p, Message: "cannot read: " + err.Error(), Hint: "check the file's permissions"}}
			return
		}
		probs := &problem.List{}
		res[i].doc = content.ParseFile(p, data, langs, probs)
		res[i].probs = probs.All()
	}
	if len(files) < 8 {
		for i := range files {
			one(i)
		}
	} else {
		g, ctx := errgroup.WithContext(ctx)
		g.SetLimit(runtime.GOMAXPROCS(0))
		for i := range files {
			g.Go(func() error {
				if err := ctx.Err(); err != nil {
					return err
				}
				one(i)
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			return err
		}
	}
	for i, p := range files {
		r := res[i]
		b.pending[p] = true
		if r.gone {
			b.drop(p)
			continue
		}
		oldBad := hasErrors(b.fileProbs[p])
		if len(r.probs) > 0 {
			b.fileProbs[p] = r.probs
		} else {
			delete(b.fileProbs, p)
		}
		_, had := b.docs[p]
		if had && !oldBad && hasErrors(r.probs) {
			// A file broken while being edited: its problems are reported,
			// and the site is linked with its last good version, so that
			// the editor sees the mistake itself rather than what an empty
			// frontmatter breaks elsewhere.
			continue
		}
		if r.doc == nil {
			if had {
				delete(b.docs, p)
				b.order = nil
			}
			continue
		}
		if !had {
			b.order = nil
		}
		b.docs[p] = r.doc
	}
	return nil
}

// set is the documents as a content.Set, sorted by path as content.Load
// sorts them.
func (b *builder) set() *content.Set {
	if b.order == nil {
		b.order = slices.Sorted(maps.Keys(b.docs))
	}
	docs := make([]*content.Document, len(b.order))
	for i, p := range b.order {
		docs[i] = b.docs[p]
	}
	return &content.Set{Config: b.cfg, Docs: docs}
}

// problems gathers the problems of the inputs.
func (b *builder) problems() *problem.List {
	probs := &problem.List{}
	for _, list := range [][]problem.Problem{b.cfgProbs, b.tplProbs, b.assetProbs} {
		for _, p := range list {
			probs.Add(p)
		}
	}
	for _, list := range b.fileProbs {
		for _, p := range list {
			probs.Add(p)
		}
	}
	return probs
}

// staged is a rendered file waiting for the commit.
type staged struct {
	path string
	data []byte // minified
}

// build links the site, renders what can have changed since the last
// commit and, when the site has no errors, commits it.
func (b *builder) build(ctx context.Context, rep *Report) error {
	if b.cfg == nil || b.tpl == nil || hasErrors(b.tplProbs) {
		rep.Problems = b.problems().All()
		return nil
	}
	if b.canPatch() {
		return b.patch(ctx, rep)
	}
	siteProbs := &problem.List{}
	s := site.Build(b.set(), b.opt, siteProbs)
	for _, n := range s.Notes() {
		siteProbs.Add(n)
	}
	r := render.New(s, b.tpl, b.assets)
	c := &commit{site: s, rend: r, jobs: r.Jobs(), urls: entryURLs(s), shared: r.Shared(), siteProbs: siteProbs.All()}
	c.sigs = make([]uint64, len(c.jobs))
	for i, j := range c.jobs {
		c.sigs[i] = j.Signature()
	}
	if !b.built {
		// The first build commits without rendering: pages are rendered
		// in the background, or first when they are asked for.
		probs := b.problems()
		addAll(probs, c.siteProbs)
		rep.Problems = probs.All()
		c.lazy = true
		b.commit(rep, c)
		b.accept(rep.Problems)
		return nil
	}

	full := b.full || b.assetsNew
	changed := b.pending
	if !full {
		changed = b.linkers(c.urls, changed)
		for _, p := range slices.Concat(c.shared, b.shared) {
			if changed[p] {
				full = true
			}
		}
		if !slices.Equal(c.shared, b.shared) {
			full = true
		}
	}
	var todo []render.Job
	for i, j := range c.jobs {
		if full || b.stale(j, c.sigs[i], changed) {
			todo = append(todo, j)
		}
	}
	if !full && !b.previewed {
		var err error
		if todo, err = b.renderEarly(ctx, rep, c, todo); err != nil {
			return err
		}
	}
	return b.renderCommit(ctx, rep, c, todo)
}

// preview serves the pages of the changed files at once, before the site
// is linked again, when each change is an edit whose effects stay within
// its own page's links and facts (see site.Relink): the edited page is
// linked and rendered against the served site, which takes a few
// milliseconds where linking a large site again takes tens. The rebuild
// that follows renders every file the edits change, this page included;
// should it come out otherwise, the browser is told again. It reports
// whether it served the pages.
func (b *builder) preview(ctx context.Context, rep *Report) (bool, error) {
	if b.early == nil || !b.built || b.site == nil || b.full || b.assetsNew || len(b.pending) == 0 ||
		b.lazy.pending() || b.canPatch() {
		return false, nil
	}
	var jobs []render.Job
	touched := map[string]bool{} // the files whose problems the edits may have changed
	for _, p := range slices.Sorted(maps.Keys(b.pending)) {
		d := b.docs[p]
		if d == nil || hasErrors(b.fileProbs[p]) || slices.Contains(b.shared, p) {
			return false, nil
		}
		e, ok := b.site.Relink(d, b.opt)
		if !ok {
			return false, nil
		}
		j, ok := b.rend.EntryJob(e)
		if !ok {
			return false, nil
		}
		jobs = append(jobs, j)
		for _, t := range e.Translations {
			if t != nil {
				touched[t.Path] = true
			}
		}
	}
	files, jobProbs, err := b.render(ctx, b.rend, jobs)
	if err != nil {
		return false, err
	}
	probs := b.problems()
	for _, p := range b.siteProbs {
		if !touched[p.File] {
			probs.Add(p)
		}
	}
	for _, list := range jobProbs {
		addAll(probs, list)
	}
	if b.newErrors(probs) {
		return false, nil
	}
	b.serveEarly(rep, files, probs)
	return true, nil
}

// serveEarly serves the changed files' own pages before the rest of the
// rebuild and tells the browsers which of them changed.
func (b *builder) serveEarly(rep *Report, files []staged, probs *problem.List) {
	early := &Report{Changed: rep.Changed, Rendered: len(files), Committed: true, Early: true, Problems: probs.All()}
	b.mu.Lock()
	for _, f := range files {
		if old, ok := b.out.Get(f.path); !ok || !bytes.Equal(old, f.data) {
			_ = b.out.WriteRaw(f.path, f.data)
			early.Updated = append(early.Updated, urlOf(f.path))
		}
	}
	b.gen++
	b.mu.Unlock()
	b.early(early)
	rep.First = time.Since(b.started)
}

// renderEarly serves first the pages of the changed files themselves, the
// ones their editor looks at, when the site has no errors; it returns the
// jobs left for the rest of the rebuild (the lists, feeds, data files and
// sitemap that also show the files).
func (b *builder) renderEarly(ctx context.Context, rep *Report, c *commit, todo []render.Job) ([]render.Job, error) {
	if b.early == nil || len(todo) < 2 {
		return todo, nil
	}
	probs := b.problems()
	addAll(probs, c.siteProbs)
	if b.newErrors(probs) {
		return todo, nil
	}
	var own, rest []render.Job
	for _, j := range todo {
		if bs := c.rend.Bodies(j); strings.HasSuffix(j.Path, ".html") && len(bs) == 1 && b.pending[bs[0]] {
			own = append(own, j)
		} else {
			rest = append(rest, j)
		}
	}
	if len(own) == 0 || len(rest) == 0 {
		return todo, nil
	}
	files, jobProbs, err := b.render(ctx, c.rend, own)
	if err != nil {
		return nil, err
	}
	c.pre, c.preProbs = files, jobProbs
	for _, list := range jobProbs {
		addAll(probs, list)
	}
	if b.newErrors(probs) {
		return rest, nil
	}
	b.serveEarly(rep, files, probs)
	return rest, nil
}

// commit is a linked site to put in place of the served one.
type commit struct {
	site      *site.Site
	rend      *render.Renderer
	jobs      []render.Job
	sigs      []uint64 // by job
	urls      map[string]string
	shared    []string
	siteProbs []problem.Problem
	files     []staged
	jobProbs  map[string][]problem.Problem // of the rendered jobs
	pre       []staged                     // files rendered early, before the others
	preProbs  map[string][]problem.Problem // what rendering them reported
	lazy      bool                         // render the jobs later
	patch     bool                         // same site, same jobs: only files change
}

// renderCommit renders todo and commits the result unless the site has
// errors.
func (b *builder) renderCommit(ctx context.Context, rep *Report, c *commit, todo []render.Job) error {
	files, jobProbs, err := b.render(ctx, c.rend, todo)
	if err != nil {
		return err
	}
	maps.Copy(jobProbs, c.preProbs)
	c.files, c.jobProbs = append(c.pre, files...), jobProbs
	probs := b.problems()
	addAll(probs, c.siteProbs)
	for _, j := range c.jobs {
		list, ok := jobProbs[j.Path]
		if !ok {
			list = b.jobProbs[j.Path]
		}
		addAll(probs, list)
	}
	rep.Rendered = len(todo) + len(c.pre)
	rep.Problems = probs.All()
	if b.newErrors(probs) {
		// Keep serving the last good build; the next build renders
		// everything that changed since it.
		return nil
	}
	b.commit(rep, c)
	b.accept(rep.Problems)
	return nil
}

func addAll(l *problem.List, ps []problem.Problem) {
	for _, p := range ps {
		l.Add(p)
	}
}

// canPatch reports whether every pending change left its file's
// frontmatter as it was (the common case while writing): then the linked
// site is the same, and only the pages that show the files' bodies change.
func (b *builder) canPatch() bool {
	if !b.built || b.site == nil || b.full || b.assetsNew || len(b.pending) == 0 {
		return false
	}
	for p := range b.pending {
		d := b.docs[p]
		if d == nil || hasErrors(b.fileProbs[p]) {
			return false
		}
		e := b.site.Lookup(d.Kind, d.Slug, d.Lang)
		if e == nil || e.Path != p || !sameFront(e.Document, d) {
			return false
		}
	}
	return true
}

// sameFront reports whether two versions of a document have the same
// frontmatter, written at the same places.
func sameFront(a, b *content.Document) bool {
	return a.Kind == b.Kind && a.Slug == b.Slug && a.Lang == b.Lang && a.FrontPos == b.FrontPos &&
		reflect.DeepEqual(a.Meta, b.Meta) && maps.Equal(a.Pos, b.Pos) &&
		maps.EqualFunc(a.ItemPos, b.ItemPos, slices.Equal)
}

// patch puts the changed documents into the served site model and renders
// the files that show their bodies.
func (b *builder) patch(ctx context.Context, rep *Report) error {
	for p := range b.pending {
		d := b.docs[p]
		b.site.Lookup(d.Kind, d.Slug, d.Lang).Document = d
	}
	if b.bodyJobs == nil {
		// Once per linked site, not per keystroke's save.
		b.bodyJobs = map[string][]int{}
		for i, j := range b.jobList {
			for _, p := range b.rend.Bodies(j) {
				b.bodyJobs[p] = append(b.bodyJobs[p], i)
			}
		}
	}
	var which []int
	for p := range b.pending {
		which = append(which, b.bodyJobs[p]...)
	}
	for i, j := range b.jobList {
		if len(b.jobProbs) > 0 && len(b.jobProbs[j.Path]) > 0 {
			which = append(which, i)
		}
	}
	slices.Sort(which)
	var todo []render.Job
	for _, i := range slices.Compact(which) {
		todo = append(todo, b.jobList[i])
	}
	c := &commit{site: b.site, rend: b.rend, jobs: b.jobList, urls: b.urls, shared: b.shared,
		siteProbs: b.siteProbs, patch: true}
	return b.renderCommit(ctx, rep, c, todo)
}

// stale reports whether a job's output can differ from the committed one.
func (b *builder) stale(j render.Job, sig uint64, changed map[string]bool) bool {
	old, ok := b.jobs[j.Path]
	if !ok || old.sig != sig || !slices.Equal(old.sources, j.Sources) || len(b.jobProbs[j.Path]) > 0 {
		return true
	}
	for _, src := range j.Sources {
		if changed[src] {
			return true
		}
	}
	return false
}

// entryURLs maps every placed entry's file to its URL.
func entryURLs(s *site.Site) map[string]string {
	urls := map[string]string{}
	for _, l := range s.Langs {
		for _, list := range [][]*site.Entry{l.Experiments, l.Campaigns, l.Contacts, l.Tags, l.Pages} {
			for _, e := range list {
				urls[e.Path] = e.URL
			}
		}
		for _, e := range []*site.Entry{l.Home, l.FaildayPage} {
			if e != nil {
				urls[e.Path] = e.URL
			}
		}
	}
	return urls
}

// linkers adds to changed the documents whose body may link to a file that
// appeared, disappeared or got another URL since the last commit: their
// links are resolved (or reported broken) when they are rendered.
func (b *builder) linkers(urls map[string]string, changed map[string]bool) map[string]bool {
	var moved []string
	for p, u := range urls {
		if b.urls[p] != u {
			moved = append(moved, p)
		}
	}
	for p := range b.urls {
		if _, ok := urls[p]; !ok {
			moved = append(moved, p)
		}
	}
	if len(moved) == 0 {
		return changed
	}
	var needles [][]byte
	for _, p := range moved {
		slug, lang, ok := content.SplitName(path.Base(p))
		if !ok {
			continue
		}
		needles = append(needles, []byte(slug+".md"), []byte(slug+"."+lang+".md"))
	}
	out := maps.Clone(changed)
	for p, d := range b.docs {
		for _, n := range needles {
			if bytes.Contains(d.Body, n) {
				out[p] = true
				break
			}
		}
	}
	return out
}

// render runs the jobs in parallel and returns the minified files and
// what each job reported, by output path.
func (b *builder) render(ctx context.Context, r *render.Renderer, jobs []render.Job) ([]staged, map[string][]problem.Problem, error) {
	out := make([]staged, len(jobs))
	lists := make([][]problem.Problem, len(jobs))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, j := range jobs {
		g.Go(func() error {
			var err error
			out[i], lists[i], err = b.renderOne(ctx, r, j)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	byPath := make(map[string][]problem.Problem, len(jobs))
	for i, j := range jobs {
		byPath[j.Path] = lists[i]
	}
	return slices.DeleteFunc(out, func(s staged) bool { return s.data == nil }), byPath, nil
}

func (b *builder) renderOne(ctx context.Context, r *render.Renderer, j render.Job) (staged, []problem.Problem, error) {
	sink := &oneFile{min: b.min}
	probs := &problem.List{}
	if err := r.Render(ctx, []render.Job{j}, sink, probs); err != nil {
		return staged{}, nil, err
	}
	return staged{path: j.Path, data: sink.data}, probs.All(), nil
}

// oneFile is a sink for one minified file.
type oneFile struct {
	min  *minify.Minifier
	data []byte
}

func (o *oneFile) Write(name string, data []byte) error {
	out, err := o.min.Bytes(name, data)
	if err != nil {
		// The preview shows the file as rendered; kokeilu build reports it.
		out = bytes.Clone(data)
	}
	if out == nil {
		out = []byte{}
	}
	o.data = out
	return nil
}

// samePublished reports whether a new asset set publishes what is served.
func samePublished(published map[string]*assets.File, set *assets.Set) bool {
	files := set.Files()
	if len(files) != len(published) {
		return false
	}
	for _, f := range files {
		old := published[f.Name]
		if old == nil || old.URL != f.URL || !bytes.Equal(old.Data, f.Data) {
			return false
		}
	}
	return true
}

// newErrors reports whether the problems hold an error that the served
// build did not have. A build with only such older errors (a colleague's
// broken file, or errors the site had at start-up) is served, so that they
// do not freeze the preview; a build with a new error is not, so that the
// pages stay as they were before the editor's mistake.
func (b *builder) newErrors(probs *problem.List) bool {
	for _, p := range probs.Errors() {
		if !b.okErrs[p.String()] {
			return true
		}
	}
	return false
}

// accept records the errors of the served build.
func (b *builder) accept(ps []problem.Problem) {
	b.okErrs = map[string]bool{}
	for _, p := range ps {
		if p.Severity == problem.Error {
			b.okErrs[p.String()] = true
		}
	}
}

func hasErrors(ps []problem.Problem) bool {
	return slices.ContainsFunc(ps, func(p problem.Problem) bool { return p.Severity == problem.Error })
}

// commit puts a build in place of the served one and remembers it.
func (b *builder) commit(rep *Report, c *commit) {
	cssOnly := b.assetsNew && len(b.pending) == 0 && !b.full && b.built
	var assetWrites []*assets.File
	var assetDeletes []string
	published := b.published
	if b.assetsNew {
		published = map[string]*assets.File{}
		for _, f := range b.assets.Files() {
			published[f.Name] = f
			old := b.published[f.Name]
			if old != nil && old.URL == f.URL && bytes.Equal(old.Data, f.Data) {
				continue
			}
			assetWrites = append(assetWrites, f)
			if path.Ext(f.Name) == ".css" && old != nil {
				rep.Styles = append(rep.Styles, Style{Name: f.Name, URL: f.URL})
			} else {
				cssOnly = false
				rep.ReloadAll = b.built
			}
		}
		for name, old := range b.published {
			if f := published[name]; f == nil || f.URL != old.URL {
				assetDeletes = append(assetDeletes, strings.TrimPrefix(old.URL, "/"))
			}
			if published[name] == nil {
				cssOnly = false
				rep.ReloadAll = b.built
			}
		}
	}

	var removed []string
	if !c.patch {
		next := make(map[string]jobState, len(c.jobs))
		for i, j := range c.jobs {
			next[j.Path] = jobState{sources: j.Sources, sig: c.sigs[i]}
		}
		for p := range b.jobs {
			if _, ok := next[p]; !ok {
				removed = append(removed, p)
			}
		}
		slices.Sort(removed)
		b.jobs = next
	}

	b.mu.Lock()
	for _, f := range assetWrites {
		_ = b.out.WriteRaw(strings.TrimPrefix(f.URL, "/"), f.Data)
	}
	for _, f := range c.files {
		if old, ok := b.out.Get(f.path); ok && bytes.Equal(old, f.data) {
			continue
		}
		_ = b.out.WriteRaw(f.path, f.data)
		rep.Updated = append(rep.Updated, urlOf(f.path))
	}
	b.out.Delete(removed...)
	b.out.Delete(assetDeletes...)
	if c.lazy {
		b.lazy.fill(c.rend, c.jobs)
	}
	b.gen++
	b.langs = c.site.Config.Codes()
	b.mu.Unlock()

	for _, p := range removed {
		rep.Removed = append(rep.Removed, urlOf(p))
	}
	slices.Sort(rep.Updated)
	if cssOnly && len(rep.Styles) > 0 && !rep.ReloadAll {
		// Only stylesheets changed: the pages differ only in the link's
		// href, which the browser swaps without reloading.
		rep.Updated = nil
	}
	if len(rep.Updated)+len(rep.Removed) > maxListed {
		rep.ReloadAll = true
	}
	rep.Committed = true
	for p, list := range c.jobProbs {
		if len(list) == 0 {
			delete(b.jobProbs, p)
		} else {
			b.jobProbs[p] = list
		}
	}
	for _, p := range removed {
		delete(b.jobProbs, p)
	}
	b.built = true
	if !c.patch {
		b.bodyJobs = nil
	}
	b.site, b.rend, b.jobList, b.siteProbs = c.site, c.rend, c.jobs, c.siteProbs
	b.urls, b.shared, b.published = c.urls, c.shared, published
	clear(b.pending)
	b.full, b.assetsNew = false, false
}

// maxListed is how many changed URLs an event lists before it tells every
// page to reload instead.
const maxListed = 500

// urlOf turns an output file (fi/x/index.html) into its URL path (/fi/x/).
func urlOf(file string) string {
	if file == "index.html" {
		return "/"
	}
	if d, ok := strings.CutSuffix(file, "/index.html"); ok {
		return "/" + d + "/"
	}
	return "/" + file
}
