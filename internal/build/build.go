// Package build runs the pipeline once: load → site → render → output. It
// is what `kokeilu build` and `kokeilu check` call; `kokeilu serve` uses the
// same steps piecewise. Every problem of the run is collected before the
// output is touched: a build with errors writes nothing.
//
// Input: the site root as an fs.FS and options. Output: a Result (counts,
// problems) and, for Build, the output folder replaced in one step.
package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/kokeilu/kokeilu/internal/assets"
	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/output"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/render"
	"github.com/kokeilu/kokeilu/internal/site"
)

// Options for one run.
type Options struct {
	Drafts  bool      // include drafts
	BaseURL string    // override site.yaml's baseURL
	Today   time.Time // the reference date for "current and upcoming" (see site.Options)
}

// Result describes a finished run.
type Result struct {
	Pages    map[string]int // HTML pages per language code
	Files    int            // files in the output
	Written  int            // files whose bytes changed
	Kept     int            // files left as they were
	Rendered int            // files rendered; the others were unchanged inputs
	Duration time.Duration
	Problems []problem.Problem // errors and warnings, sorted
}

// Summary is the one line `kokeilu build` prints at the end.
func (r *Result) Summary(langs []string) string {
	return fmt.Sprintf("%s; %d files (%d rendered, %d written, %d unchanged) in %d ms",
		r.pages(langs), r.Files, r.Rendered, r.Written, r.Kept, r.Duration.Milliseconds())
}

// PageSummary is the line `kokeilu check` prints: it writes no files.
func (r *Result) PageSummary(langs []string) string {
	return fmt.Sprintf("%s checked in %d ms", r.pages(langs), r.Duration.Milliseconds())
}

func (r *Result) pages(langs []string) string {
	var parts []string
	for _, l := range langs {
		parts = append(parts, fmt.Sprintf("%s %d", l, r.Pages[l]))
	}
	return "pages: " + strings.Join(parts, ", ")
}

// Prepared is a loaded, linked site ready to render.
type Prepared struct {
	Set      *content.Set
	Site     *site.Site
	Assets   *assets.Set
	Renderer *render.Renderer
	Jobs     []render.Job
	Min      *minify.Minifier
}

// Prepare runs load and site and parses layouts and assets. It returns nil
// when nothing can be rendered (no usable configuration or templates).
func Prepare(ctx context.Context, fsys fs.FS, opt Options, probs *problem.List) (*Prepared, error) {
	set, err := content.Load(ctx, fsys, probs)
	if err != nil || set == nil {
		return nil, err
	}
	s := site.Build(set, site.Options{Drafts: opt.Drafts, BaseURL: opt.BaseURL, Today: opt.Today}, probs)
	tplProbs := &problem.List{}
	tpl := render.LoadTemplates(fsys, set.Config.Codes(), tplProbs)
	probs.Merge(tplProbs)
	m := minify.New()
	as := assets.Load(fsys, m, probs)
	if tplProbs.HasErrors() {
		return nil, nil
	}
	r := render.New(s, tpl, as)
	return &Prepared{Set: set, Site: s, Assets: as, Renderer: r, Jobs: r.Jobs(), Min: m}, nil
}

// discard is a sink for checking: it renders everything and keeps nothing.
type discard struct{}

func (discard) Write(string, []byte) error { return nil }

// Check loads, links and renders the site without writing anything, and
// returns every problem, warnings (such as outdated translations) included.
func Check(ctx context.Context, fsys fs.FS, opt Options) (*Result, error) {
	start := time.Now()
	probs := &problem.List{}
	p, err := Prepare(ctx, fsys, opt, probs)
	if err != nil {
		return nil, err
	}
	res := &Result{Pages: map[string]int{}}
	if p != nil {
		if err := renderCheck(ctx, p, probs); err != nil {
			return nil, err
		}
		for _, n := range p.Site.Notes() {
			probs.Add(n)
		}
		count(p, res)
	}
	res.Problems = probs.All()
	res.Duration = time.Since(start)
	return res, nil
}

// renderCheck renders into nothing: every page when the content is sound
// (template errors are real then), else only the bodies' links.
func renderCheck(ctx context.Context, p *Prepared, probs *problem.List) error {
	if probs.HasErrors() {
		return p.Renderer.CheckBodies(ctx, probs)
	}
	return p.Renderer.Render(ctx, p.Jobs, discard{}, probs)
}

func count(p *Prepared, res *Result) {
	for _, j := range p.Jobs {
		if strings.HasSuffix(j.Path, ".html") {
			lang, _, _ := strings.Cut(j.Path, "/")
			res.Pages[lang]++
		}
	}
	res.Files = len(p.Jobs) + len(p.Assets.Files())
}

// ErrProblems is returned when the content has errors; the Result lists them.
var ErrProblems = errors.New("the site has errors")

// Build renders the site into the folder out. On any error the previous
// output stays as it was.
func Build(ctx context.Context, fsys fs.FS, out string, opt Options) (*Result, error) {
	start := time.Now()
	probs := &problem.List{}
	p, err := Prepare(ctx, fsys, opt, probs)
	if err != nil {
		return nil, err
	}
	res := &Result{Pages: map[string]int{}}
	finish := func() { res.Problems = probs.All(); res.Duration = time.Since(start) }
	if p == nil {
		finish()
		return res, ErrProblems
	}
	if probs.HasErrors() {
		// Check the bodies anyway, so the editor sees every problem
		// (broken links too) in one run.
		_ = p.Renderer.CheckBodies(ctx, probs)
		finish()
		return res, ErrProblems
	}
	// Files whose inputs are as in the previous build are linked from it
	// without rendering (see cache.go).
	prev := readCache(out)
	docs := docHashes(p.Set)
	global := globalKey(fsys, p, opt, docs)
	next := make(cache, len(p.Jobs))
	for _, j := range p.Jobs {
		next[j.Path] = jobKey(global, j, docs)
	}
	for _, f := range p.Assets.Files() {
		next[strings.TrimPrefix(f.URL, "/")] = global // the URL carries the content hash, or global covers it
	}
	if upToDate(out, prev, next) {
		// Nothing changed and every file is in place: leave the output
		// folder alone altogether (but remove what killed builds left).
		output.Tidy(out)
		count(p, res)
		res.Kept = res.Files
		finish()
		return res, nil
	}
	dir, err := output.NewDir(out, p.Min)
	if err != nil {
		return nil, err
	}
	for _, f := range p.Assets.Files() {
		if err := dir.WriteRaw(strings.TrimPrefix(f.URL, "/"), f.Data); err != nil {
			dir.Abort()
			return nil, err
		}
	}
	todo := make([]render.Job, 0, len(p.Jobs))
	for _, j := range p.Jobs {
		if prev != nil && prev[j.Path] == next[j.Path] && dir.Keep(j.Path) {
			continue
		}
		todo = append(todo, j)
	}
	if err := p.Renderer.Render(ctx, todo, dir, probs); err != nil {
		dir.Abort()
		return nil, err
	}
	if probs.HasErrors() {
		dir.Abort()
		finish()
		return res, ErrProblems
	}
	// The cache is dropped before the swap and written after it, so it never
	// describes an output folder it does not match.
	if err := ctx.Err(); err != nil {
		dir.Abort() // stopped (Ctrl-C): the previous output stays
		return nil, err
	}
	os.Remove(cachePath(out))
	if err := dir.Commit(); err != nil {
		return nil, err
	}
	_ = next.write(out) // a missing cache only makes the next build slower
	res.Rendered = len(todo)
	count(p, res)
	res.Written, res.Kept = dir.Stats()
	finish()
	return res, nil
}
