package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// Page is what a template sees: the view of one HTML file. Its exported
// fields are everything the page can show of the site; its key (see
// viewhash.go) is their hash, so they must hold values, never the linked
// site itself. Its methods read only those fields and the renderer's
// site-wide inputs (UI strings, assets, layouts), which are in every key.
type Page struct {
	Kind      string // the template: home, experiment, tag, …
	Lang      *Lang  // the page's language
	URL       string // the page's path: /fi/kokeilut/x/
	Title     string // the page's own title (h1 and <title>)
	Summary   string // the meta description
	Entry     *Entry // the entry a single page shows; nil on lists
	Items     []*Ref
	Pager     *Pager
	Versions  []Version    // this page in every language, in site order; URL "" where missing
	NoIndex   bool         // keep out of search engines (404 pages)
	Tags      []*Ref       // the home page: every theme with its count
	Campaigns []*Ref       // the home page: the latest campaign weeks
	Upcoming  []Upcoming   // the home page: weeks on now or to come
	Browse    []*Dimension // the browse pages and the experiment list's filter: the ways of browsing
	Group     *Group       // a browse page of one value: the stage, municipality, … it lists
	BaseURL   string       // for absolute addresses
	Default   string       // the default language's code

	r     *Renderer
	probs *problem.List
	// set is the layouts the page is made from (Renderer.execute),
	// fromMin whether they are the minified ones, and minified whether
	// the page was made from them without a problem.
	set               map[string]*template.Template
	fromMin, minified bool
}

// Version is this page in one language.
type Version struct {
	Lang     *Lang
	URL      string // "" when the page has no version in the language
	Fallback string // where the switcher goes when URL is "": the same list's first page
}

// Pager describes one page of a paginated list.
type Pager struct {
	Num, Total int
	Prev, Next string // URLs; "" at the ends
}

// T returns the UI string for key in the page's language.
func (p *Page) T(key string) (string, error) {
	s, ok := p.r.i18n[p.Lang.Code][key]
	if !ok {
		return "", fmt.Errorf("no UI string %q in layouts/i18n/%s.yaml", key, p.Lang.Code)
	}
	return s, nil
}

// TIn returns the UI string for key in another language (the switcher
// writes "På svenska" in Swedish on a Finnish page).
func (p *Page) TIn(l *Lang, key string) (string, error) {
	s, ok := p.r.i18n[l.Code][key]
	if !ok {
		return "", fmt.Errorf("no UI string %q in layouts/i18n/%s.yaml", key, l.Code)
	}
	return s, nil
}

// Tf formats the UI string for key with args ("Sivu %d / %d").
func (p *Page) Tf(key string, args ...any) (string, error) {
	s, err := p.T(key)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf(s, args...), nil
}

// Date writes a date as the page's readers write it.
func (p *Page) Date(t time.Time) string { return p.r.locale[p.Lang.Code].Date(t) }

// ISO writes a date for <time datetime>.
func (p *Page) ISO(t time.Time) string { return l10n.ISODate(t) }

// Period writes a date range (14.–20.5.2018, 14–20 maj 2018).
func (p *Page) Period(start, end time.Time) string { return p.r.locale[p.Lang.Code].Range(start, end) }

// Num writes a number with the language's grouping.
func (p *Page) Num(n int) string { return p.r.locale[p.Lang.Code].Int(n) }

// Abs is the full URL of a site path.
func (p *Page) Abs(path string) string { return p.BaseURL + path }

// Asset is the published URL of a file in assets/.
func (p *Page) Asset(name string) (string, error) {
	if p.r.assets == nil {
		return "", fmt.Errorf("no assets")
	}
	u, ok := p.r.assets.URL(name)
	if !ok {
		return "", fmt.Errorf("the asset %q is not in assets/", name)
	}
	return u, nil
}

// Markdown is an entry's body as HTML.
func (p *Page) Markdown(e *Entry) (template.HTML, error) {
	if e == nil || e.Body == nil {
		return "", nil
	}
	h, err := e.Body.HTML(p.r.md)
	if err != nil {
		return "", fmt.Errorf("%s: %w", e.Path, err)
	}
	if p.fromMin {
		// The page will not be minified: its body is, on its own.
		b, err := p.r.templates.min.Bytes("body.html", []byte(h))
		if err != nil {
			return "", fmt.Errorf("%s: minifying its text: %w", e.Path, err)
		}
		h = template.HTML(b)
	}
	return h, nil
}

// layouts is the set of layouts the page is made from.
func (p *Page) layouts() map[string]*template.Template {
	if p.set != nil {
		return p.set
	}
	return p.r.tmpl
}

// Email writes an address as Finnish government sites do: name(at)domain.
func (p *Page) Email(addr string) string { return strings.Replace(addr, "@", "(at)", 1) }

// Tel turns a Finnish phone number into a tel: link target (+358…). It
// keeps only digits and +, so the result is safe as a URL; html/template
// would otherwise refuse the tel: scheme.
func (p *Page) Tel(phone string) template.URL {
	var b strings.Builder
	for _, c := range phone {
		if c >= '0' && c <= '9' || c == '+' {
			b.WriteRune(c)
		}
	}
	n := b.String()
	if strings.HasPrefix(n, "0") {
		n = "+358" + n[1:]
	}
	return template.URL("tel:" + n)
}

// Other returns the site's languages other than the page's.
func (p *Page) Other() []Version {
	var out []Version
	for _, v := range p.Versions {
		if v.Lang != p.Lang {
			out = append(out, v)
		}
	}
	return out
}

// Alternates are the hreflang links: every existing version.
func (p *Page) Alternates() []Version {
	var out []Version
	for _, v := range p.Versions {
		if v.URL != "" {
			out = append(out, v)
		}
	}
	return out
}

// XDefault is the x-default alternate: the language choice at / for the
// home pages, else the default language's version, else this page.
func (p *Page) XDefault() string {
	if p.Kind == "home" || p.Kind == "root" {
		return "/"
	}
	for _, v := range p.Versions {
		if v.Lang.Code == p.Default && v.URL != "" {
			return v.URL
		}
	}
	return p.URL
}

// First gives templates the first n items of a list.
func (p *Page) First(n int, items []*Ref) []*Ref {
	if len(items) > n {
		return items[:n]
	}
	return items
}

// NavLink is a navigation link and whether it is the current page.
type NavLink struct {
	URL, Text string
	Here      bool // the link is this page
	In        bool // this page is inside the link's section
}

// Link describes a navigation link relative to this page.
func (p *Page) Link(url, text string) NavLink {
	return NavLink{URL: url, Text: text, Here: url == p.URL, In: url != p.URL && strings.HasPrefix(p.URL, url)}
}

// Item is an entry shown inside a page, for partials that need both.
type Item struct {
	P     *Page
	E     *Ref
	Level int // the heading level of the item's title
}

// With pairs an entry with this page; level is the heading level (2 by default).
func (p *Page) With(e *Ref, level ...int) Item {
	it := Item{P: p, E: e, Level: 2}
	if len(level) > 0 {
		it.Level = level[0]
	}
	return it
}

// Card is an experiment's card for lists, its title a heading of the level.
func (p *Page) Card(e *Ref, level int) (template.HTML, error) {
	k := cardKey{e, level, p.fromMin}
	if h, ok := p.r.cards.Load(k); ok {
		return h.(template.HTML), nil
	}
	t := p.layouts()["experiments"]
	if t == nil {
		return "", fmt.Errorf("no template for experiment lists")
	}
	var b bytes.Buffer
	it := p.With(e, level)
	if prog := p.r.progs[progKey{"experiments", "card"}]; prog == nil || !p.fromMin || prog.Execute(&b, it) != nil {
		b.Reset()
		if p.fromMin {
			p.r.slow.Add(1)
		}
		if err := t.ExecuteTemplate(&b, "card", it); err != nil {
			return "", err
		}
	}
	h := template.HTML(b.String())
	p.r.cards.Store(k, h)
	return h, nil
}

// Chrome renders the template name once per language and variant and
// reuses it: the footer and the main navigation are identical on thousands
// of pages, and executing them again for each costs more than the page.
// The template may depend only on the language and the variant.
func (p *Page) Chrome(name, variant string) (template.HTML, error) {
	k := chromeKey{name, p.Lang, variant, p.fromMin}
	if h, ok := p.r.chrome.Load(k); ok {
		return h.(template.HTML), nil
	}
	var b bytes.Buffer
	if err := p.layouts()[p.Kind].ExecuteTemplate(&b, name, p); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	p.r.chrome.Store(k, h)
	return h, nil
}

// NavState is the main navigation's variant for this page: which of the
// section links is this page (H) or contains it (I).
func (p *Page) NavState() string {
	var b strings.Builder
	for _, sec := range []string{"experiments", "browse", "campaigns", "tags", "failday"} {
		l := p.Link(p.Lang.SectionURL(sec), "")
		switch {
		case l.Here:
			b.WriteByte('H')
		case l.In:
			b.WriteByte('I')
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// DataURL is the path of the language's open-data file (json or csv).
func (p *Page) DataURL(ext string) string {
	return strings.TrimSuffix(p.Lang.SectionURL("experiments"), "/") + "." + ext
}

// Count writes "1 kokeilu", "12 kokeilua" in the page's language.
func (p *Page) Count(n int) (string, error) {
	if n == 1 {
		return p.T("count.one")
	}
	return p.Tf("count.other", p.Num(n))
}
