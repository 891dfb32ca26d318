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
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
	"gopkg.in/yaml.v3"

	"github.com/kokeilu/kokeilu/internal/assets"
	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/output"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// LayoutDir is the templates folder, from the site root.
const LayoutDir = "layouts"

// Renderer renders one site. Build a new one when the site model changes.
type Renderer struct {
	site   *site.Site
	md     *markdown
	tmpl   map[string]*template.Template // by page kind
	i18n   map[string]map[string]string  // language → key → text
	locale map[string]*l10n.Locale       // language → its dates, numbers and quotes
	assets *assets.Set
	bufs   sync.Pool
	cards  sync.Map // cardKey → template.HTML
	chrome sync.Map // chromeKey → template.HTML
}

// chromeKey names a piece of page chrome that is the same on many pages:
// the footer of a language, its main navigation with one link current.
type chromeKey struct {
	name, lang, variant string
}

// cardKey names one rendered card: an experiment is shown the same way in
// every list of its language, so its card is rendered once and reused
// (a large site shows each experiment in five or six lists).
type cardKey struct {
	e     *site.Entry
	level int
}

// pageKinds are the templates a site needs: layouts/<kind>.html each.
var pageKinds = []string{"home", "experiments", "experiment", "campaigns", "campaign", "contacts",
	"contact", "tags", "tag", "failday", "page", "404", "root"}

// Templates holds parsed layouts and UI strings, independent of content,
// so that `kokeilu serve` parses them again only when layouts/ changes.
type Templates struct {
	tmpl map[string]*template.Template
	i18n map[string]map[string]string
}

// LoadTemplates parses layouts/ and the UI string tables for the languages.
func LoadTemplates(fsys fs.FS, langs []string, probs *problem.List) *Templates {
	t := &Templates{tmpl: map[string]*template.Template{}, i18n: map[string]map[string]string{}}
	t.loadI18n(fsys, langs, probs)
	base := template.New("").Option("missingkey=error")
	var shared []string
	for _, pat := range []string{LayoutDir + "/base.html", LayoutDir + "/partials/*.html"} {
		m, _ := fs.Glob(fsys, pat)
		shared = append(shared, m...)
	}
	if len(shared) == 0 {
		probs.Errorf(LayoutDir+"/base.html", 0, 0, "restore layouts/ from the sample site", "the base template is missing")
		return t
	}
	base, err := base.ParseFS(fsys, shared...)
	if err != nil {
		probs.Add(templateProblem(err))
		return t
	}
	for _, kind := range pageKinds {
		name := LayoutDir + "/" + kind + ".html"
		if _, err := fs.Stat(fsys, name); err != nil {
			probs.Errorf(name, 0, 0, "restore it from the sample site", "the %s template is missing", kind)
			continue
		}
		c := template.Must(base.Clone())
		if _, err := c.ParseFS(fsys, name); err != nil {
			probs.Add(templateProblem(err))
			continue
		}
		t.tmpl[kind] = c
	}
	return t
}

// templateProblem turns "template: x.html:12: ..." into a positioned problem.
func templateProblem(err error) problem.Problem {
	msg := err.Error()
	p := problem.Problem{File: LayoutDir, Message: msg, Hint: "fix the template syntax"}
	rest, ok := strings.CutPrefix(msg, "template: ")
	if !ok {
		return p
	}
	parts := strings.SplitN(rest, ":", 3)
	if len(parts) == 3 {
		var line int
		if _, err := fmt.Sscan(parts[1], &line); err == nil {
			p.File = LayoutDir + "/" + strings.TrimPrefix(parts[0], LayoutDir+"/")
			p.Line = line
			p.Message = strings.TrimSpace(parts[2])
		}
	}
	return p
}

func (t *Templates) loadI18n(fsys fs.FS, langs []string, probs *problem.List) {
	for _, code := range langs {
		name := LayoutDir + "/i18n/" + code + ".yaml"
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs.Errorf(name, 0, 0, "create it with the same keys as the other language's file", "the UI strings for %s are missing", code)
			continue
		}
		var m map[string]string
		if err := yaml.Unmarshal(data, &m); err != nil {
			line, msg := 0, err.Error()
			probs.Errorf(name, line, 0, "each line is key: text", "cannot read the UI strings: %s", msg)
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
	r := &Renderer{site: s, md: newMarkdown(s, locale), tmpl: t.tmpl, i18n: t.i18n, locale: locale, assets: as}
	r.bufs.New = func() any { return new(bytes.Buffer) }
	return r
}

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

// Job renders one output file.
type Job struct {
	Path    string   // the output file, slash-separated: fi/kokeilut/x/index.html
	Sources []string // the content files the file shows, for incremental rebuilds
	page    *Page    // the page, for HTML files
	sig     uint64   // for other files: what they show besides their Sources' text
	render  func(r *Renderer, w *bytes.Buffer, probs *problem.List) error
}

// Render runs the jobs in parallel into sink. Content problems go to probs;
// the returned error is for failures of the sink or cancellation.
func (r *Renderer) Render(ctx context.Context, jobs []Job, sink output.Sink, probs *problem.List) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, j := range jobs {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			buf := r.getBuf()
			defer r.putBuf(buf)
			if err := j.render(r, buf, probs); err != nil {
				probs.Add(asProblem(err, j.Path))
				return nil
			}
			return sink.Write(j.Path, buf.Bytes())
		})
	}
	return g.Wait()
}

// CheckBodies converts every entry's Markdown without rendering pages, to
// report broken content links when the build already has other errors (a
// page of a broken document cannot be rendered, but its links can be checked).
func (r *Renderer) CheckBodies(ctx context.Context, probs *problem.List) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, l := range r.site.Langs {
		for _, e := range r.site.Entries(l) {
			if e.Broken {
				continue
			}
			g.Go(func() error {
				if err := ctx.Err(); err != nil {
					return err
				}
				buf := r.getBuf()
				defer r.putBuf(buf)
				if err := r.md.Convert(buf, e, probs); err != nil {
					probs.Errorf(e.Path, 0, 0, "", "the text cannot be converted: %v", err)
				}
				return nil
			})
		}
	}
	return g.Wait()
}

func asProblem(err error, out string) problem.Problem {
	msg := err.Error()
	if strings.HasPrefix(msg, "template: ") {
		p := templateProblem(err)
		p.Message += " (rendering " + out + ")"
		return p
	}
	return problem.Problem{File: out, Message: msg}
}

// execute runs a page template into w.
func (r *Renderer) execute(w *bytes.Buffer, p *Page) error {
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
