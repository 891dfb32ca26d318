package render

import (
	"bufio"
	"bytes"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// markdown converts document bodies to HTML. One instance serves every page
// and goroutine; the document being converted travels in the parser context.
type markdown struct {
	safe, unsafe map[string]goldmark.Markdown // by language: each has its own quotes
	env          map[string]uint64            // by language: a hash of what conversion uses besides the body (the quotes)
	site         *site.Site
	images       map[string]bool // the paths of assets/images/ as bodies link them: /images/x.jpg
	layoutIDs    []string        // the ids the layouts use, which headings must not take
	src          fs.FS           // the site root, for the bodies documents dropped (see ReadsFrom)
	// outs are buffered writers into buffers, reused from body to body:
	// goldmark wraps any other writer in a new bufio.Writer.
	outs sync.Pool
}

// out is a buffered writer into a buffer, for one conversion.
type out struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var entryKey = parser.NewContextKey()
var probsKey = parser.NewContextKey()
var linksKey = parser.NewContextKey()
var sitesKey = parser.NewContextKey()

// SiteLink is a link in a body to an address of the site itself
// (/fi/kokeilut/x/, or the full address with the site's base URL, as
// copied from the browser's address bar). Whether the address exists is
// known only once every file of the build is, so conversion records the
// link and checkSiteLinks looks it up on every run: a recorded body
// never keeps an answer that has gone stale.
type SiteLink struct {
	Dest      string // as written
	Path      string // the path on the site: /fi/kokeilut/x/
	Line, Col int    // in the file
}

func newMarkdown(s *site.Site, locale map[string]*l10n.Locale, images, layoutIDs []string) *markdown {
	m := &markdown{site: s, safe: map[string]goldmark.Markdown{}, unsafe: map[string]goldmark.Markdown{}, env: map[string]uint64{},
		images: map[string]bool{}, layoutIDs: layoutIDs}
	for _, p := range images {
		m.images[p] = true
	}
	build := func(unsafe bool, q l10n.Quotes) goldmark.Markdown {
		// The quotes are the language's (layouts/i18n format.quotes).
		// goldmark writes a substitution as HTML, in text and in an
		// image's alt="…" alike: the default quotes are a typed " and ',
		// which must not end the attribute.
		quotes := extension.NewTypographer(extension.WithTypographicSubstitutions(extension.TypographicSubstitutions{
			extension.LeftDoubleQuote:  []byte(template.HTMLEscapeString(q.LeftDouble)),
			extension.RightDoubleQuote: []byte(template.HTMLEscapeString(q.RightDouble)),
			extension.LeftSingleQuote:  []byte(template.HTMLEscapeString(q.LeftSingle)),
			extension.RightSingleQuote: []byte(template.HTMLEscapeString(q.RightSingle)),
			extension.EnDash:           []byte("–"),
			extension.EmDash:           []byte("—"),
			extension.Ellipsis:         []byte("…"),
		}))
		opts := []goldmark.Option{
			goldmark.WithExtensions(extension.GFM, extension.Footnote, quotes),
			goldmark.WithParserOptions(parser.WithAutoHeadingID(),
				parser.WithASTTransformers(util.Prioritized(&linkResolver{m: m}, 100))),
		}
		if unsafe {
			opts = append(opts, goldmark.WithRendererOptions(html.WithUnsafe()))
		}
		return goldmark.New(opts...)
	}
	for code, l := range locale {
		m.safe[code], m.unsafe[code] = build(false, l.Quotes()), build(true, l.Quotes())
		// A body's conversion depends on the quotes, on which images exist
		// (a missing one is a problem) and on the layouts' ids: all are in
		// its key.
		m.env[code] = newHasher(nil).sum(struct {
			Quotes    l10n.Quotes
			Images    []string
			LayoutIDs []string
		}{l.Quotes(), images, layoutIDs})
	}
	return m
}

// convert renders an entry's body and records the content links it
// resolved and the problems it found (see Bodies).
func (m *markdown) convert(e *site.Entry) (*BodyRecord, error) {
	md := m.safe[e.Lang]
	if e.Meta.RawHTML {
		md = m.unsafe[e.Lang]
	}
	probs := &problem.List{}
	var links []Lookup
	var sites []SiteLink
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs(m.layoutIDs)))
	pc.Set(entryKey, e)
	pc.Set(probsKey, probs)
	pc.Set(linksKey, &links)
	pc.Set(sitesKey, &sites)
	body, err := e.ReadBody(m.src)
	if err != nil {
		return nil, err
	}
	o, _ := m.outs.Get().(*out)
	if o == nil {
		o = &out{}
		o.w = bufio.NewWriter(&o.buf)
	}
	defer func() {
		if o.buf.Cap() <= maxPooled {
			m.outs.Put(o)
		}
	}()
	o.buf.Reset()
	o.w.Reset(&o.buf)
	o.buf.Grow(len(body) * 5 / 4)
	if err := md.Convert(body, o.w, parser.WithContext(pc)); err != nil {
		return nil, err
	}
	if err := o.w.Flush(); err != nil {
		return nil, err
	}
	return &BodyRecord{Links: links, Sites: sites, Problems: probs.All(), html: template.HTML(o.buf.String()), hasHTML: true}, nil
}

// stillResolves reports whether every link a body resolved before resolves
// to the same place in this site.
func (m *markdown) stillResolves(e *site.Entry, links []Lookup) bool {
	r := linkResolver{m: m}
	for _, l := range links {
		if res := r.lookup(e, l.Dest); res.url != l.URL || res.ok != l.OK {
			return false
		}
	}
	return true
}

// linkResolver rewrites links to content files (other.md, ../tags/x.sv.md)
// into the target page's URL, reports those that lead nowhere, and moves
// headings down a level when the body uses # (the page title is the h1).
type linkResolver struct{ m *markdown }

func (r *linkResolver) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	e, _ := pc.Get(entryKey).(*site.Entry)
	probs, _ := pc.Get(probsKey).(*problem.List)
	if e == nil || probs == nil {
		return
	}
	links, _ := pc.Get(linksKey).(*[]Lookup)
	sites, _ := pc.Get(sitesKey).(*[]SiteLink)
	src := reader.Source()
	hasH1 := false
	// Images: where each starts (an image without a description has no
	// text to find it by), and which have a description, known when the
	// walk leaves them. lastOff is the end of the last text seen: the
	// next image's ![ is the first after it.
	loc := newLocator(src)
	imageAt := map[*ast.Image]int{}
	described := map[*ast.Image]bool{}
	lastOff, noneFrom := 0, len(src)+1
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && !entering {
			if described[img] = hasDescription(img, src, described); !described[img] {
				line, col := loc.at(imageAt[img])
				probs.Warnf(e.Path, e.BodyLine+line-1, col,
					"describe what it shows for readers who cannot see it: ![what the image shows]("+shown(string(img.Destination))+"); "+
						"WCAG 1.1.1 asks a text alternative of every image in the text (an image that only decorates belongs in the layout, not in the text)",
					"the image %q has no description (alt text)", shown(string(img.Destination)))
			}
			return ast.WalkContinue, nil
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			// Not the furthest yet: footnotes come last in the tree but
			// may be written anywhere.
			lastOff = n.Lines().At(0).Start
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			// Left out of the page unless the file asks for raw HTML:
			// say so, or the editor's text just disappears.
			if off, tag := rawHTMLAt(n, src); !e.Meta.RawHTML && !strings.HasPrefix(tag, "</") && !strings.HasPrefix(tag, "<!--") {
				line, col := loc.at(off)
				probs.Warnf(e.Path, e.BodyLine+line-1, col,
					"write it in Markdown (**bold**, [link](page.md), lists with -); if this file really needs HTML, set rawhtml: true in its frontmatter",
					"the HTML %s is left out of the page", tag)
			}
		case *ast.Text:
			lastOff = n.Segment.Stop
		case *ast.Heading:
			if n.Level == 1 {
				hasH1 = true
			}
		case *ast.Link:
			d := string(n.Destination)
			if p, ok := r.sitePath(d); ok {
				if sites != nil {
					line, col := loc.at(nodeOffset(n))
					*sites = append(*sites, SiteLink{Dest: d, Path: p, Line: e.BodyLine + line - 1, Col: col})
				}
				break
			}
			res := r.lookup(e, d)
			if links != nil && (!res.ok || res.url != "" || res.dep) {
				*links = append(*links, Lookup{Dest: d, URL: res.url, OK: res.ok})
			}
			switch {
			case res.ok && res.url != "":
				n.Destination = []byte(res.url)
			case res.noMD:
				line, col := loc.at(nodeOffset(n))
				probs.Warnf(e.Path, e.BodyLine+line-1, col, res.url, "the link %q is to a content file, written without .md", shown(d))
			case !res.ok:
				line, col := loc.at(nodeOffset(n))
				probs.Errorf(e.Path, e.BodyLine+line-1, col, res.url, "the link %q leads to no page", d)
			}
		case *ast.Image:
			at := lastOff
			if lastOff < noneFrom {
				if i := bytes.Index(src[lastOff:], []byte("![")); i >= 0 {
					at = lastOff + i
					lastOff = at + 2
				} else {
					noneFrom = lastOff // and none after it: never searched again
				}
			}
			imageAt[n] = at
			if len(n.Destination) > 0 && !strings.Contains(string(n.Destination), "://") {
				d := string(n.Destination)
				if r.m.images[strings.SplitN(d, "?", 2)[0]] {
					break
				}
				off := at
				if n.FirstChild() != nil {
					off = nodeOffset(n)
				}
				line, col := loc.at(off)
				if strings.HasPrefix(d, "/images/") {
					probs.Errorf(e.Path, e.BodyLine+line-1, col, "check the name, or put the file in assets/images/",
						"the image %q does not exist: there is no %s", d, shown("assets"+d))
					break
				}
				probs.Errorf(e.Path, e.BodyLine+line-1, col, "put images in assets/images/ and write ![description](/images/name.jpg)",
					"the image %q is not in the site", d)
			}
		}
		return ast.WalkContinue, nil
	})
	if hasH1 {
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if h, ok := n.(*ast.Heading); ok && entering && h.Level < 6 {
				h.Level++
			}
			return ast.WalkContinue, nil
		})
	}
}

// hasDescription reports whether an image has text to describe it. An
// image inside it counts by its own description, found already: each
// node is looked at once, however images nest.
func hasDescription(img *ast.Image, src []byte, described map[*ast.Image]bool) bool {
	found := false
	for c := img.FirstChild(); c != nil && !found; c = c.NextSibling() {
		_ = ast.Walk(c, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n := n.(type) {
			case *ast.Image:
				if described[n] {
					found = true
					return ast.WalkStop, nil
				}
				return ast.WalkSkipChildren, nil
			case *ast.Text:
				found = len(bytes.TrimSpace(n.Segment.Value(src))) > 0
			case *ast.String:
				found = len(bytes.TrimSpace(n.Value)) > 0
			case *ast.AutoLink, *ast.RawHTML:
				found = true
			}
			if found {
				return ast.WalkStop, nil
			}
			return ast.WalkContinue, nil
		})
	}
	return found
}

// linkResult is what a link in a body resolves to.
type linkResult struct {
	url  string // the page's address; for a broken link, the hint
	ok   bool   // false: the link leads nowhere
	noMD bool   // not ok because it names a content file without .md (a warning)
	dep  bool   // not a content link now, but it would name one if the site had the file
}

// lookup resolves a link in e's body: a content link to its page's URL;
// a link that is not to a content file to "" and ok (dep when it would
// name one if the site had the file); a broken one to a hint, not ok.
func (r *linkResolver) lookup(e *site.Entry, dest string) linkResult {
	// The address as goldmark writes it in href (\. and &#46; are dots,
	// a lone % is %25, a control character is escaped): the one the
	// reader's browser follows.
	u, err := url.Parse(string(util.URLEscape([]byte(dest), true)))
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") {
		return linkResult{ok: true}
	}
	if !strings.HasSuffix(u.Path, ".md") {
		// ../experiments/ekobetoni: a content file's name without .md,
		// which the browser would look for beside the page and not find.
		if u.Path == "" || u.Opaque != "" {
			return linkResult{ok: true}
		}
		if t, _ := r.target(e, strings.TrimSuffix(u.Path, "/")+".md"); t != nil && t.URL != "" {
			i := strings.IndexAny(dest, "?#")
			if i < 0 {
				i = len(dest)
			}
			fixed := strings.TrimSuffix(dest[:i], "/") + ".md" + dest[i:]
			return linkResult{url: "write the file's name with .md at the end, " + shown(fixed) + ", and the link goes to its page", noMD: true}
		}
		return linkResult{ok: true, dep: true}
	}
	t, hint := r.target(e, u.Path)
	if t == nil {
		return linkResult{url: hint}
	}
	if t.URL == "" {
		return linkResult{url: "the target page has no address (see its own error)"}
	}
	if u.Fragment != "" {
		return linkResult{url: t.URL + "#" + u.EscapedFragment(), ok: true} // as written: decoded, %ff is not UTF-8
	}
	return linkResult{url: t.URL, ok: true}
}

// target finds the entry a relative path to a content file (…/x.md or
// x.sv.md) names from e's file, or returns a hint.
func (r *linkResolver) target(e *site.Entry, rel string) (*site.Entry, string) {
	target := path.Clean(path.Join(path.Dir(e.Path), rel))
	inContent, ok := strings.CutPrefix(target, "content/")
	dir, name := path.Split(inContent)
	kind, kindOK := content.KindOfFolder(strings.TrimSuffix(dir, "/"))
	if !ok || !kindOK {
		return nil, "link to a file in content/experiments, campaigns, contacts, tags or pages"
	}
	slug, lang := strings.TrimSuffix(name, ".md"), e.Lang
	if s, l, ok := content.SplitName(name); ok && r.m.site.Lang(l) != nil {
		slug, lang = s, l
	}
	if t := r.m.site.Lookup(kind, slug, lang); t != nil {
		return t, ""
	}
	for _, l := range r.m.site.Langs {
		if o := r.m.site.Lookup(kind, slug, l.Code); o != nil {
			return nil, "that page has no " + lang + " version; link to " + path.Base(o.Path) + " or write the translation"
		}
	}
	return nil, "no file " + shown("content/"+kind.Folder()+"/"+slug+"."+lang+".md") + "; check the name"
}

// sitePath returns the path of a link to an address of the site itself:
// /fi/kokeilut/x/, or the site's base URL followed by it. A link to
// another site, to a content file or within the page is none.
func (r *linkResolver) sitePath(dest string) (string, bool) {
	u, err := url.Parse(string(util.URLEscape([]byte(dest), true)))
	if err != nil {
		return "", false
	}
	if u.Scheme != "" || u.Host != "" {
		base, err := url.Parse(r.m.site.Config.BaseURL)
		if err != nil || base.Host == "" || !strings.EqualFold(u.Host, base.Host) || u.Scheme != "http" && u.Scheme != "https" {
			return "", false
		}
		p, ok := strings.CutPrefix(u.Path, strings.TrimSuffix(base.Path, "/"))
		if !ok {
			return "", false
		}
		return "/" + strings.TrimPrefix(p, "/"), true
	}
	if !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(dest, "//") {
		return "", false
	}
	return u.Path, true
}

// checkSiteLinks warns about the links to site addresses (see SiteLink)
// that no file of this build has, with the content file to link to when
// one has the address's last part as its name.
func (r *Renderer) checkSiteLinks(jobs []*Job, bodies []*Body, probs *problem.List) {
	if len(bodies) == 0 {
		return
	}
	files := make(map[string]bool, len(jobs))
	for _, j := range jobs {
		files[j.Path] = true
	}
	if r.assets != nil {
		for _, f := range r.assets.Files() {
			files[strings.TrimPrefix(f.URL, "/")] = true
		}
	}
	for _, b := range bodies {
		if b.rec == nil {
			continue // not converted yet (a lazy stage's: see FinishBodies)
		}
		e := b.e
		for _, l := range b.rec.Sites {
			if siteHas(files, l.Path) {
				continue
			}
			hint := "the address does not exist on the site: copy it again from the page, or link to the page's file, e.g. ../experiments/name.md"
			if t := r.bySlug(e, l.Path); t != nil {
				hint = "link to the page's file instead, " + relFile(e, t) + ": a link to the file goes to the page's address, whatever it is"
			}
			probs.Warnf(e.Path, l.Line, l.Col, hint, "the link %q goes to an address that does not exist on the site", shown(l.Dest))
		}
	}
}

// siteHas reports whether the build writes a file at the site path p,
// as a web server finds it: a folder's index.html, with or without the
// final slash.
func siteHas(files map[string]bool, p string) bool {
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return files[p+"index.html"]
	}
	return files[p] || files[p+"/index.html"]
}

// bySlug finds the entry an address most likely meant: one whose file
// name or address ends in the address's last part, in the address's
// language, else in the linking entry's, else in any.
func (r *Renderer) bySlug(from *site.Entry, p string) *site.Entry {
	parts := strings.FieldsFunc(p, func(c rune) bool { return c == '/' })
	if len(parts) == 0 {
		return nil
	}
	last := strings.TrimSuffix(strings.TrimSuffix(parts[len(parts)-1], ".md"), ".html")
	lang := from.Lang
	if r.site.Lang(parts[0]) != nil {
		lang = parts[0]
	}
	var best *site.Entry
	rank := func(e *site.Entry) int {
		switch e.Lang {
		case lang:
			return 0
		case from.Lang:
			return 1
		}
		return 2
	}
	for _, e := range r.site.All() {
		if e.URL == "" || e.Slug != last && path.Base(e.URL) != last {
			continue
		}
		if best == nil || rank(e) < rank(best) {
			best = e
		}
	}
	return best
}

// relFile is the link from one content file to another: x.md in the same
// folder and language, ../tags/x.sv.md from another folder and language.
func relFile(from, to *site.Entry) string {
	name := path.Base(to.Path)
	if to.Lang == from.Lang {
		name = to.Slug + ".md"
	}
	if path.Dir(to.Path) == path.Dir(from.Path) {
		return name
	}
	return "../" + path.Base(path.Dir(to.Path)) + "/" + name
}

// shown returns a name from a body as a problem shows it: as it is, or
// quoted with escapes when it holds a control character, a newline or
// bytes that are not UTF-8 (a %1b or %ff decoded).
// rawHTMLAt is where a raw HTML node starts and its first tag, cut
// short, for the warning.
func rawHTMLAt(n ast.Node, src []byte) (int, string) {
	var seg text.Segment
	switch n := n.(type) {
	case *ast.RawHTML:
		if n.Segments.Len() == 0 {
			return -1, ""
		}
		seg = n.Segments.At(0)
	case *ast.HTMLBlock:
		if n.Lines().Len() == 0 {
			return -1, ""
		}
		seg = n.Lines().At(0)
	}
	tag := string(bytes.TrimSpace(seg.Value(src)))
	if i := strings.IndexByte(tag, '>'); i >= 0 {
		tag = tag[:i+1]
	}
	if r := []rune(tag); len(r) > 40 {
		tag = string(r[:40]) + "…"
	}
	// Printed to a terminal: no control characters.
	return seg.Start, strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, tag)
}

func shown(s string) string {
	if q := strconv.Quote(s); q[1:len(q)-1] != s {
		return q
	}
	return s
}

// nodeOffset finds where an inline node starts from its first text, or
// else where its block does; -1 when neither is known.
func nodeOffset(n ast.Node) int {
	for c := n; c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return -1
}

// locator turns offsets in a body into lines and columns, counting on
// from the last offset asked for: the problems of one body cost one pass
// over it, not one each.
type locator struct {
	src            []byte
	off, line, col int
}

func newLocator(src []byte) *locator { return &locator{src: src, line: 1, col: 1} }

// at returns the line and column of off (1, 0 when off < 0).
func (l *locator) at(off int) (int, int) {
	if off < 0 {
		return 1, 0
	}
	off = min(off, len(l.src))
	if off < l.off {
		l.off, l.line, l.col = 0, 1, 1
	}
	line, col := problem.LineCol(l.src[l.off:], off-l.off)
	if line == 1 {
		col += l.col - 1
	}
	l.off, l.line, l.col = off, l.line+line-1, col
	return l.line, l.col
}
