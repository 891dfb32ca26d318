// Package render turns the site model into files in memory: every page of
// every language through the templates in layouts/ (html/template, so every
// frontmatter string is escaped), Markdown bodies through goldmark, UI words
// from the per-language tables in layouts/i18n/, plus the feeds, sitemap,
// robots.txt and open-data files.
//
// Input: a *site.Site, the site root as an fs.FS (for layouts/) and the
// prepared assets. Output: Jobs, each of which renders one file into a Sink;
// problems (broken content links, template errors) with file and line.
// Templates are parsed once in New; rendering is parallel and shares nothing
// mutable but the sink and the problem list.
package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/kokeilu/kokeilu/internal/assets"
	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/output"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
	"github.com/kokeilu/kokeilu/internal/sitefs"
	"github.com/kokeilu/kokeilu/internal/tmplexec"
)

// LayoutDir is the templates folder, from the site root.
const LayoutDir = "layouts"

// Renderer renders one site. Build a new one when the site model changes.
type Renderer struct {
	site      *site.Site
	md        *markdown
	templates *Templates
	stage     *bodyStage                    // this build's bodies (prepareBodies)
	tmpl      map[string]*template.Template // by page kind
	fast      map[string]*template.Template // the same, minified (Templates.fast); nil without
	progs     map[progKey]*tmplexec.Program // the minified layouts compiled (Templates.progs); nil without
	slow      atomic.Int64                  // pages and cards html/template made from the minified layouts (Slow)
	i18n      map[string]map[string]string  // language → key → text
	locale    map[string]*l10n.Locale       // language → its dates, numbers and quotes
	assets    *assets.Set
	bufs      sync.Pool
	cards     sync.Map // cardKey → template.HTML
	chrome    sync.Map // chromeKey → template.HTML
	options   sync.Map // language code → []Place, the registration form's municipalities
}

// chromeKey names a piece of page chrome that is the same on many pages:
// the footer of a language, its main navigation with one link current.
type chromeKey struct {
	name    string
	lang    *Lang
	variant string
	fast    bool // from the minified layouts
}

// cardKey names one rendered card: an experiment is shown the same way in
// every list of its language, so its card is rendered once and reused
// (a large site shows each experiment in five or six lists).
type cardKey struct {
	e     *Ref
	level int
	fast  bool // from the minified layouts
}

// pageKinds are the templates a site needs: layouts/<kind>.html each.
var pageKinds = []string{"home", "experiments", "experiment", "campaigns", "campaign", "contacts",
	"contact", "tags", "tag", "failday", "page", "404", "root", "search", "browse", "group"}

// Templates holds parsed layouts and UI strings, independent of content,
// so that `kokeilu serve` parses them again only when layouts/ changes.
type Templates struct {
	tmpl map[string]*template.Template
	// fast are the same layouts minified (minify.Layout), for pages that
	// then need no minifying of their own; nil when the layouts have a
	// problem or the minified ones do not parse, and pages are minified
	// whole. tmpl stays what problems are reported from: the minified
	// layouts have other lines and columns.
	fast map[string]*template.Template
	// progs are templates of fast compiled (tmplexec), which make the
	// same bytes without html/template's reflection on every call. A
	// page they fail on is made by html/template (Renderer.execute).
	progs map[progKey]*tmplexec.Program
	min   *minify.Minifier // minifies the Markdown bodies for fast pages
	i18n  map[string]map[string]string
	files map[string]string // a template file's base name (how errors name it) → its path
	ids   []string          // the id="…" the layouts write, sorted (see headingIDs)
}

// LoadTemplates parses layouts/ and the UI string tables for the languages.
// With a minifier, the layouts are also minified and parsed again, so that
// pages made from them need not be minified (see Templates.fast).
func LoadTemplates(fsys fs.FS, langs []string, m *minify.Minifier, probs *problem.List) *Templates {
	t := &Templates{tmpl: map[string]*template.Template{}, i18n: map[string]map[string]string{}, files: map[string]string{}}
	t.loadI18n(fsys, langs, probs)
	base := template.New("").Option("missingkey=error")
	var shared []string
	for _, pat := range []string{LayoutDir + "/base.html", LayoutDir + "/partials/*.html"} {
		m, _ := fs.Glob(fsys, pat)
		shared = append(shared, m...)
	}
	for _, f := range shared {
		t.files[path.Base(f)] = f
	}
	t.ids = layoutIDs(fsys)
	t.checkKeys(fsys, langs, probs)
	if _, err := fs.Stat(fsys, LayoutDir+"/base.html"); err != nil {
		// Every page template needs it: one problem, not one per template.
		probs.Errorf(LayoutDir+"/base.html", 0, 0, "restore layouts/base.html from the sample site", "the base template is missing")
		return t
	}
	base, err := base.ParseFS(fsys, shared...)
	if err != nil {
		probs.Add(t.problem(err))
		return t
	}
	for _, kind := range pageKinds {
		name := LayoutDir + "/" + kind + ".html"
		t.files[kind+".html"] = name
		if _, err := fs.Stat(fsys, name); err != nil {
			probs.Errorf(name, 0, 0, "restore it from the sample site", "the %s template is missing", kind)
			continue
		}
		c := template.Must(base.Clone())
		if _, err := c.ParseFS(fsys, name); err != nil {
			probs.Add(t.problem(err))
			continue
		}
		t.tmpl[kind] = c
	}
	if m != nil && len(t.tmpl) == len(pageKinds) && !probs.HasErrors() {
		t.fast, t.min = minifiedSet(fsys, shared, m), m
		t.progs = compile(t.fast)
	}
	return t
}

// progKey names a compiled template: the page kind whose set it is from,
// and its name.
type progKey struct{ kind, name string }

// roots are the templates the renderer executes itself, by the set they
// are executed from ("" for every page kind's): the page and an
// experiment's card. The chrome (Page.Chrome) is executed a few times a
// build and stays with html/template.
var roots = []progKey{{"", "base"}, {"experiments", "card"}}

// compile compiles the roots of the minified layouts. html/template
// escapes a template when it is first executed, so each is escaped first,
// here, before any page is rendered: compiling reads the escaped trees,
// which no later execution changes. A root that does not escape or compile
// is left to html/template.
func compile(sets map[string]*template.Template) map[progKey]*tmplexec.Program {
	progs := map[progKey]*tmplexec.Program{}
	for kind, set := range sets {
		for _, r := range roots {
			if r.kind != "" && r.kind != kind || set.Lookup(r.name) == nil {
				continue
			}
			if tmplexec.Escape(set, r.name) != nil {
				continue
			}
			if p, err := tmplexec.Compile(set, r.name); err == nil {
				progs[progKey{kind, r.name}] = p
			}
		}
	}
	return progs
}

// minifiedSet parses the layouts again from their minified text, as
// LoadTemplates parsed them; nil if any fails to minify or parse.
func minifiedSet(fsys fs.FS, shared []string, m *minify.Minifier) map[string]*template.Template {
	parse := func(t *template.Template, file string) bool {
		text, err := fs.ReadFile(fsys, file)
		if err != nil {
			return false
		}
		if text, err = m.Layout(text); err != nil {
			return false
		}
		_, err = t.New(path.Base(file)).Parse(string(text))
		return err == nil
	}
	base := template.New("").Option("missingkey=error")
	for _, f := range shared {
		if !parse(base, f) {
			return nil
		}
	}
	set := map[string]*template.Template{}
	for _, kind := range pageKinds {
		c := template.Must(base.Clone())
		if !parse(c, LayoutDir+"/"+kind+".html") {
			return nil
		}
		set[kind] = c
	}
	return set
}

// idAttr is an id the layouts write literally (not one made in a template
// action).
var idAttr = regexp.MustCompile(`\bid="([^"{}]+)"`)

// uiKey is a UI string a layout names literally: .T "key", .Tf "key" …,
// .TIn .Lang "key".
var uiKey = regexp.MustCompile(`\.(?:T|Tf)\s+"([^"]+)"|\.TIn\s+[^\s"]+\s+"([^"]+)"`)

// checkKeys reports the UI strings the layouts name that no language has,
// at the layout's line and column, so that the mistake shows in the same
// run as any content problem (a page that would fail on it is rendered only
// when the content is sound). A string that only some languages lack is
// reported at their files by loadI18n.
func (t *Templates) checkKeys(fsys fs.FS, langs []string, probs *problem.List) {
	if len(t.i18n) < len(langs) {
		return // a UI-string file is missing or unreadable: reported already
	}
	_ = fs.WalkDir(fsys, LayoutDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil
		}
		for _, m := range uiKey.FindAllSubmatchIndex(data, -1) {
			lo, hi := m[2], m[3]
			if lo < 0 {
				lo, hi = m[4], m[5]
			}
			key := string(data[lo:hi])
			if !slices.ContainsFunc(langs, func(l string) bool { _, ok := t.i18n[l][key]; return ok }) {
				line, col := problem.LineCol(data, lo-1) // at the opening quote
				probs.Errorf(p, line, col, "add it to every file in layouts/i18n/, or fix the name",
					"the UI string %q is in no layouts/i18n file", key)
			}
		}
		return nil
	})
}

// layoutIDs lists the ids written in layouts/, sorted.
func layoutIDs(fsys fs.FS) []string {
	seen := map[string]bool{}
	_ = fs.WalkDir(fsys, LayoutDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err == nil {
			for _, m := range idAttr.FindAllSubmatch(data, -1) {
				seen[string(m[1])] = true
			}
		}
		return nil
	})
	return slices.Sorted(maps.Keys(seen))
}

// problem turns "template: items.html:12:5: ..." into a problem at the
// template's real file (partials/items.html: Go names templates by their
// base name) with its line and column.
func (t *Templates) problem(err error) problem.Problem {
	if r, ok := sitefs.Explain(err); ok {
		// A link out of the site, a FIFO, a device: never read.
		return problem.Problem{File: r.Path, Message: r.Reason, Hint: r.Hint}
	}
	msg := err.Error()
	p := problem.Problem{File: LayoutDir, Message: msg, Hint: "fix the template"}
	// A template called from another (a card from a list) nests the
	// callee's error in the caller's: the innermost names the mistake.
	i := strings.LastIndex(msg, "template: ")
	if i < 0 {
		return p
	}
	rest := msg[i+len("template: "):]
	parts := strings.SplitN(rest, ":", 4)
	if len(parts) < 3 {
		return p
	}
	line, err := strconv.Atoi(parts[1])
	if err != nil {
		return p
	}
	p.File, p.Line = LayoutDir+"/"+parts[0], line
	if f, ok := t.files[parts[0]]; ok {
		p.File = f
	}
	p.Message = strings.TrimSpace(strings.Join(parts[2:], ":"))
	if len(parts) == 4 {
		if col, err := strconv.Atoi(parts[2]); err == nil {
			p.Col, p.Message = col, strings.TrimSpace(parts[3])
		}
	}
	return p
}

func (t *Templates) loadI18n(fsys fs.FS, langs []string, probs *problem.List) {
	for _, code := range langs {
		name := LayoutDir + "/i18n/" + code + ".yaml"
		data, err := fs.ReadFile(fsys, name)
		if r, ok := sitefs.Explain(err); ok {
			probs.Errorf(name, 0, 0, r.Hint, "%s", r.Reason)
			continue
		} else if err != nil {
			probs.Errorf(name, 0, 0, "create it with the same keys as the other language's file", "the UI strings for %s are missing", code)
			continue
		}
		m, ps := l10n.ParseStrings(name, data)
		for _, p := range ps {
			probs.Add(p)
		}
		if len(ps) > 0 {
			// Compared with the others, a half-read file would report
			// every string it lost as missing: its own problems say it.
			continue
		}
		t.i18n[code] = m
		if _, err := l10n.ParseFormat(m); err != nil {
			probs.Errorf(name, 0, 0, "see the format.* keys of the sample's layouts/i18n files", "%v", err)
		}
	}
	// A string in one language must exist in all: a page must never fall
	// back to the other language silently.
	for _, a := range langs {
		for _, b := range langs {
			if a == b || t.i18n[a] == nil || t.i18n[b] == nil {
				continue
			}
			for _, k := range slices.Sorted(mapKeys(t.i18n[a])) {
				if _, ok := t.i18n[b][k]; !ok {
					probs.Errorf(LayoutDir+"/i18n/"+b+".yaml", 0, 0, fmt.Sprintf("translate it from %s.yaml", a),
						"the UI string %q is missing", k)
				}
			}
		}
	}
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// New prepares a renderer for a site.
func New(s *site.Site, t *Templates, as *assets.Set) *Renderer {
	locale := map[string]*l10n.Locale{}
	for _, l := range s.Langs {
		f, _ := l10n.ParseFormat(t.i18n[l.Code]) // its problems are the templates'
		locale[l.Code] = l10n.New(l.Tag(), f)
	}
	var images []string // sorted, as Files is
	if as != nil {
		for _, f := range as.Files() {
			if strings.HasPrefix(f.Name, assets.ImagesDir+"/") {
				images = append(images, f.URL)
			}
		}
	}
	r := &Renderer{site: s, md: newMarkdown(s, locale, images, t.ids), templates: t, tmpl: t.tmpl, fast: t.fast, progs: t.progs, i18n: t.i18n, locale: locale, assets: as}
	r.bufs.New = func() any { return new(bytes.Buffer) }
	return r
}

// WithoutPrograms makes every page with html/template, never with the
// compiled layouts: what the compiled layouts make must equal it.
func (r *Renderer) WithoutPrograms() { r.progs = nil }

// Slow is how many pages and cards html/template has made from the
// minified layouts, because no compiled layout could: none on a site
// without problems, unless WithoutPrograms.
func (r *Renderer) Slow() int { return int(r.slow.Load()) }

// ReadsFrom tells the renderer the site root its documents were read
// from: a document that dropped its body (content.Document.DropBody) has
// it read again from there when it is converted.
func (r *Renderer) ReadsFrom(fsys fs.FS) { r.md.src = fsys }

// maxPooled is the largest buffer kept for reuse: the sitemap and the data
// files grow theirs to megabytes, which should not stay alive for pages.
const maxPooled = 1 << 20

func (r *Renderer) getBuf() *bytes.Buffer {
	b := r.bufs.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func (r *Renderer) putBuf(b *bytes.Buffer) {
	if b.Cap() <= maxPooled {
		r.bufs.Put(b)
	}
}

// Job renders one output file from its view.
type Job struct {
	Path   string // the output file, slash-separated: fi/kokeilut/x/index.html
	URL    string // the page's address, for HTML pages ("" for other files)
	view   any    // everything the file can show; its hash is the file's key
	make   func() any
	render func(r *Renderer, w *bytes.Buffer, probs *problem.List, view any) error
}

// View returns the job's view, making it on first use. The views of one
// plan share what they show of each entry, so View must not be called
// concurrently until every view is made (Keyer.Keys makes them first).
func (j *Job) View() any {
	if j.view == nil {
		j.view = j.make()
	}
	return j.view
}

func (j *Job) kind() string {
	if p, ok := j.view.(*Page); ok {
		return p.Kind
	}
	return ""
}

// Render runs the jobs in parallel into sink; their views must be made
// (see Job.View). Content problems go to probs;
// done, if set, is told of each job whether it rendered without a problem.
// The returned error is for failures of the sink or cancellation.
func (r *Renderer) Render(ctx context.Context, jobs []*Job, sink output.Sink, probs *problem.List, done func(j *Job, ok bool)) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, j := range jobs {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			buf := r.getBuf()
			defer r.putBuf(buf)
			mine := &problem.List{}
			if err := j.render(r, buf, mine, j.view); err != nil {
				mine.Add(r.asProblem(err, j.Path, j.kind()))
			}
			ok := mine.Len() == 0
			probs.Merge(mine)
			if done != nil {
				done(j, ok)
			}
			if !ok {
				return nil
			}
			if p, isPage := j.view.(*Page); isPage && p.minified {
				return sink.WriteRaw(j.Path, buf.Bytes())
			}
			return sink.Write(j.Path, buf.Bytes())
		})
	}
	return g.Wait()
}

// asProblem turns a failed job into a problem. A template's mistake is
// reported at the template, once however many pages it breaks (the list
// drops duplicates), so the message does not name the page.
func (r *Renderer) asProblem(err error, out, kind string) problem.Problem {
	msg := err.Error()
	if strings.Contains(msg, "template: ") {
		return r.templates.problem(err)
	}
	if strings.HasPrefix(msg, "html/template") && kind != "" {
		// "base" is undefined and the like: the page's template as a whole.
		return problem.Problem{File: r.templates.files[kind+".html"], Message: msg,
			Hint: "every page template needs the templates of layouts/base.html and layouts/partials/"}
	}
	return problem.Problem{File: out, Message: msg}
}

// execute runs a page template into w: the minified layouts' if there are
// any, so that the page needs no minifying (Page.minified). Should they
// fail, the page is made again from the layouts as written, which is what
// a problem must name and which are minified with the page.
func (r *Renderer) execute(w *bytes.Buffer, p *Page) error {
	if t := r.fast[p.Kind]; t != nil {
		p.set, p.fromMin = r.fast, true
		if prog := r.progs[progKey{p.Kind, "base"}]; prog != nil {
			if prog.Execute(w, p) == nil {
				p.minified = true
				return nil
			}
			w.Reset()
		}
		r.slow.Add(1)
		if t.ExecuteTemplate(w, "base", p) == nil {
			p.minified = true
			return nil
		}
		w.Reset()
	}
	p.set, p.fromMin = r.tmpl, false
	t := r.tmpl[p.Kind]
	if t == nil {
		return fmt.Errorf("no template for %s pages (layouts/%s.html)", p.Kind, p.Kind)
	}
	return t.ExecuteTemplate(w, "base", p)
}

// filePath turns a page URL (/fi/kokeilut/) into its file (fi/kokeilut/index.html).
func filePath(url string) string {
	p := strings.TrimPrefix(url, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}
