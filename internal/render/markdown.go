package render

import (
	"bytes"
	"html/template"
	"net/url"
	"path"
	"strconv"
	"strings"

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
}

var entryKey = parser.NewContextKey()
var probsKey = parser.NewContextKey()
var linksKey = parser.NewContextKey()

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
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs(m.layoutIDs)))
	pc.Set(entryKey, e)
	pc.Set(probsKey, probs)
	pc.Set(linksKey, &links)
	var b bytes.Buffer
	b.Grow(len(e.Body) * 5 / 4)
	if err := md.Convert(e.Body, &b, parser.WithContext(pc)); err != nil {
		return nil, err
	}
	return &BodyRecord{Links: links, Problems: probs.All(), html: template.HTML(b.String()), hasHTML: true}, nil
}

// stillResolves reports whether every link a body resolved before resolves
// to the same place in this site.
func (m *markdown) stillResolves(e *site.Entry, links []Lookup) bool {
	r := linkResolver{m: m}
	for _, l := range links {
		if u, ok := r.resolve(e, l.Dest); u != l.URL || ok != l.OK {
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
	src := reader.Source()
	hasH1 := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level == 1 {
				hasH1 = true
			}
		case *ast.Link:
			dest, ok := r.resolve(e, string(n.Destination))
			if links, _ := pc.Get(linksKey).(*[]Lookup); links != nil && !(ok && dest == "") {
				*links = append(*links, Lookup{Dest: string(n.Destination), URL: dest, OK: ok})
			}
			if ok && dest != "" {
				n.Destination = []byte(dest)
			} else if !ok {
				line, col := nodePos(n, src)
				probs.Errorf(e.Path, e.BodyLine+line-1, col, dest, "the link %q leads to no page", string(n.Destination))
			}
		case *ast.Image:
			if len(n.Destination) > 0 && !strings.Contains(string(n.Destination), "://") {
				d := string(n.Destination)
				if r.m.images[strings.SplitN(d, "?", 2)[0]] {
					break
				}
				if strings.HasPrefix(d, "/images/") {
					line, col := nodePos(n, src)
					probs.Errorf(e.Path, e.BodyLine+line-1, col, "check the name, or put the file in assets/images/",
						"the image %q does not exist: there is no %s", d, shown("assets"+d))
					break
				}
				line, col := nodePos(n, src)
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

// resolve returns the URL for a content link and true; for a link that is
// not to a content file it returns "", true; for a broken one a hint and false.
func (r *linkResolver) resolve(e *site.Entry, dest string) (string, bool) {
	// The address as goldmark writes it in href (\. and &#46; are dots,
	// a lone % is %25, a control character is escaped): the one the
	// reader's browser follows.
	u, err := url.Parse(string(util.URLEscape([]byte(dest), true)))
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") || !strings.HasSuffix(u.Path, ".md") {
		return "", true
	}
	target := path.Clean(path.Join(path.Dir(e.Path), u.Path))
	rel, ok := strings.CutPrefix(target, "content/")
	dir, name := path.Split(rel)
	kind, kindOK := content.KindOfFolder(strings.TrimSuffix(dir, "/"))
	if !ok || !kindOK {
		return "link to a file in content/experiments, campaigns, contacts, tags or pages", false
	}
	slug, lang := strings.TrimSuffix(name, ".md"), e.Lang
	if s, l, ok := content.SplitName(name); ok && r.m.site.Lang(l) != nil {
		slug, lang = s, l
	}
	t := r.m.site.Lookup(kind, slug, lang)
	if t == nil {
		for _, l := range r.m.site.Langs {
			if o := r.m.site.Lookup(kind, slug, l.Code); o != nil {
				return "that page has no " + lang + " version; link to " + path.Base(o.Path) + " or write the translation", false
			}
		}
		return "no file " + shown("content/"+kind.Folder()+"/"+slug+"."+lang+".md") + "; check the name", false
	}
	if t.URL == "" {
		return "the target page has no address (see its own error)", false
	}
	if u.Fragment != "" {
		return t.URL + "#" + u.EscapedFragment(), true // as written: decoded, %ff is not UTF-8
	}
	return t.URL, true
}

// shown returns a name from a body as a problem shows it: as it is, or
// quoted with escapes when it holds a control character, a newline or
// bytes that are not UTF-8 (a %1b or %ff decoded).
func shown(s string) string {
	if q := strconv.Quote(s); q[1:len(q)-1] != s {
		return q
	}
	return s
}

// nodePos finds the line and column of an inline node from its first text.
func nodePos(n ast.Node, src []byte) (int, int) {
	for c := n; c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return problem.LineCol(src, t.Segment.Start)
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return problem.LineCol(src, p.Lines().At(0).Start)
		}
	}
	return 1, 0
}
