package render

import (
	"context"
	"fmt"
	stdhtml "html"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
	"github.com/yuin/goldmark/util"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/plaintext"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// linksSite is the site FuzzContentLinks converts bodies in: every kind in
// two languages, experiments and a page in one language only, a page with
// a slug of its own and one whose address is taken (it has none).
var linksSite = map[string]string{
	"content/site.yaml": `baseURL: https://kokeilu.example.fi
defaultLanguage: fi
languages:
  - {code: fi, name: Suomeksi, title: Kokeilun paikka, sections: {experiments: kokeilut, campaigns: kampanjat, contacts: yhteystiedot, tags: aiheet, failday: epaonnistumisen-paiva, browse: selaa, stage: vaihe, municipality: kunta, region: maakunta, year: vuosi, role: rooli}}
  - {code: sv, name: På svenska, title: Plats för försök, sections: {experiments: forsok, campaigns: kampanjer, contacts: kontakter, tags: amnen, failday: dagen-for-misslyckande, browse: bladdra, stage: skede, municipality: kommun, region: landskap, year: ar, role: roll}}
`,
	"content/experiments/a.fi.md":   "---\ntitle: A\ndate: 2018-01-01\nsummary: S\ntags: [t]\nstatus: idea\ncampaign: c\ncontacts: [m]\n---\n",
	"content/experiments/a.sv.md":   "---\ntitle: A\ndate: 2018-01-01\nsummary: S\ntags: [t]\nstatus: idea\ncampaign: c\ncontacts: [m]\nrawhtml: true\n---\n",
	"content/experiments/b.fi.md":   "---\ntitle: B\ndate: 2017-01-01\nsummary: S\ntags: [t]\nstatus: idea\n---\n",
	"content/tags/t.fi.md":          "---\ntitle: Aihe\n---\n",
	"content/tags/t.sv.md":          "---\ntitle: Ämne\n---\n",
	"content/campaigns/c.fi.md":     "---\ntitle: C\nstart: 2018-01-01\nend: 2018-01-02\n---\n",
	"content/campaigns/c.sv.md":     "---\ntitle: C\nstart: 2018-01-01\nend: 2018-01-02\n---\n",
	"content/contacts/m.fi.md":      "---\nname: M M\ntitle: T\norganisation: O\n---\n",
	"content/contacts/m.sv.md":      "---\nname: M M\ntitle: T\norganisation: O\n---\n",
	"content/pages/about.fi.md":     "---\ntitle: Tietoa\nslug: tietoa\n---\n",
	"content/pages/about.sv.md":     "---\ntitle: Om\nslug: om-webbplatsen\n---\n",
	"content/pages/index.fi.md":     "---\ntitle: Etusivu\n---\n",
	"content/pages/only-fi.fi.md":   "---\ntitle: Vain\n---\n",
	"content/pages/clash.fi.md":     "---\ntitle: Sama\nslug: kokeilut\n---\n",
	"content/experiments/z-x.sv.md": "---\ntitle: Z\ndate: 2019-01-01\nsummary: S\ntags: [t]\nstatus: idea\n---\n",
}

// linkBody puts dest where a body can hold a link destination, and as
// link text.
func linkBody(dest string) string {
	return "# [h](" + dest + ")\n\n" +
		"[a](" + dest + ") ![i](" + dest + ") <" + dest + ">\n\n" +
		"[" + dest + "](b.md) ![" + dest + "](/images/kuva.jpg) *[e](" + dest + " \"title\")* [r][] ![ri][r] [^1]\n\n" +
		"| [c](" + dest + ") |\n|---|\n| ![](" + dest + ") |\n\n" +
		"[r]: " + dest + "\n\n" +
		"[^1]: [f](<" + dest + ">)\n"
}

// goldmarkAttrs are the attributes goldmark writes (links, images,
// headings, footnotes, tables, task lists): without rawhtml, any other is
// text that got into a tag.
var goldmarkAttrs = map[string]bool{"href": true, "src": true, "alt": true, "title": true, "id": true, "class": true,
	"role": true, "align": true, "style": true, "start": true, "checked": true, "disabled": true, "type": true}

// attrs returns the attributes of the tags in HTML, their values unescaped.
func attrs(out string) [][2]string {
	var as [][2]string
	l := html.NewLexer(parse.NewInputString(out))
	for {
		tt, _ := l.Next()
		if tt == html.ErrorToken {
			return as
		}
		if tt == html.AttributeToken {
			v := string(l.AttrVal())
			if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
				v = v[1 : len(v)-1]
			}
			as = append(as, [2]string{strings.ToLower(string(l.AttrKey())), stdhtml.UnescapeString(v)})
		}
	}
}

// scriptURL reports whether a browser would run the address as script:
// it drops leading spaces and controls and every tab and newline, and
// takes the scheme in any case.
func scriptURL(v string) bool {
	v = strings.TrimLeftFunc(v, func(r rune) bool { return r <= ' ' })
	v = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(v)
	v = strings.ToLower(v)
	return strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:")
}

// FuzzContentLinks converts bodies holding the input as link
// destinations, link text and image descriptions, and as the whole body,
// in a small site in two languages (one with typed " and ' as its quotes,
// the default). Whatever the input: conversion ends within 10 s; every
// problem is in the body's file, at a line and column of the body, in
// text without control characters; every broken link has its problem;
// every link that resolves goes to a page of the site, and one to a
// content file that stays as written was reported; the HTML is UTF-8
// and, unless the document allows raw HTML, has only the attributes
// goldmark writes and no script address; converting again gives the same
// bytes, problems and links; and stillResolves holds for those links.
// The inputs it found are in testdata/fuzz/FuzzContentLinks.
func FuzzContentLinks(f *testing.F) {
	for _, seed := range []string{
		"b.md", "b.fi.md", "a.sv.md", "b.sv.md", "only-fi.md", "../pages/about.md", "../pages/about.sv.md",
		"../tags/t.sv.md#a", "../experiments/b.md#tulos-2", "../../content/tags/t.md", "../../../x.md",
		"./../tags/./t.md", "../campaigns//c.md", "../contacts/m.fi.md?x=1#y", "../pages/clash.md",
		"../pages/index.md", "../experiments/z-x.md", "missing.md", "../nope/x.md", "../tags/t.xx.md",
		"%2e%2e/tags/t.md", "..%2ftags%2ft.md", "b%2Emd", "b.md%23x", "b.md#%ff", "b.md#%00", "b.md#\"><x>",
		"b.md#%25", "b.md#a%20b", "/fi/kokeilut/b/", "/fi/kokeilut/b.md", "/sv/forsok/a/#x", "//evil.example/b.md",
		"https://example.fi/b.md", "http://example.fi", "mailto:a@example.fi", "#tulos", "#", "?q=1", "b.md?",
		"..\\tags\\t.md", "b\\.md", "b.md\x00", "\x00", "b\x01.md", "\x1b[2J.md", "\x1b[2Jb.md", "%1b[2J.md",
		"<b.md>", "<b .md>", "b.md \"t\"", "b.md 'x'", "(b.md)", "b.md)", "[x](b.md)", "`b.md`", "b.md\n[q]: c.md",
		strings.Repeat("../", 200) + "b.md", strings.Repeat("a", 5000) + ".md", strings.Repeat("x/", 2000),
		"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "<java\tscript:alert(1)>",
		"&#106;avascript:alert(1)", "javascript&#58;alert(1)", "java%73cript:alert(1)", "vbscript:x",
		"data:text/html,<script>", "data:image/png;base64,AA", "/images/kuva.jpg", "/images/nope.jpg",
		"images/kuva.jpg", "/images/kuva.jpg?x", "file:///etc/passwd", "ä.md", "tietoa.md", "%ff.md", "\xff.md",
		"b.md#" + strings.Repeat("é", 300), "/images/&#27;[2J", "</images/\x1b[2J>", "/images/&#10;x", "&#27;.md", "<\x07.md>",
		"a \"x\" onerror=alert(1) \"", "![a \"x\" onerror=alert(1) \"](/images/kuva.jpg)", "x' onload='y", "&quot;onerror=x", "b.md \"t\\\" onclick=\"x\"",
		"---\ntitle: x\n---\n", "# Otsikko\n\n[a](b.md)\n", "[a]: b.md\n\n[a]\n", "![i](/images/kuva.jpg)\n\n![](x.png)",
		"<a href=\"javascript:alert(1)\">x</a> <script>x</script>", "[a](b.md)\n[b](../tags/t.sv.md#x)\n\n> [c](nope.md)",
	} {
		f.Add(seed)
	}

	fsys := fstest.MapFS{}
	for k, v := range linksSite {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	var loadProbs problem.List
	set, err := content.Load(context.Background(), fsys, &loadProbs, nil)
	if err != nil || set == nil {
		f.Fatalf("load: %v %v", err, loadProbs.All())
	}
	s := site.Build(set, site.Options{}, &loadProbs)
	// Finnish has the quotes of layouts/i18n, Swedish the default ones
	// (typed " and '), which a site gets without format.quotes.
	fiFormat, err := l10n.ParseFormat(map[string]string{l10n.KeyQuotes: "” ” ’ ’"})
	if err != nil {
		f.Fatal(err)
	}
	locale := map[string]*l10n.Locale{"fi": l10n.New(s.Lang("fi").Tag(), fiFormat), "sv": l10n.New(s.Lang("sv").Tag(), l10n.Format{})}
	m := newMarkdown(s, locale, []string{"/images/kuva.jpg"}, []string{"main", "links"})
	pages := map[string]bool{}
	for _, e := range s.All() {
		if e.URL != "" {
			pages[e.URL] = true
		}
	}
	if !pages["/fi/kokeilut/b/"] || s.Lookup(content.Page, "clash", "fi").URL != "" {
		f.Fatalf("the site is not as the target expects: %v", pages)
	}
	// The bodies go in an experiment, a page in the other language, and a
	// document that allows raw HTML.
	var froms []*site.Entry
	for _, p := range []string{"content/experiments/a.fi.md", "content/pages/about.sv.md", "content/experiments/a.sv.md"} {
		for _, e := range s.All() {
			if e.Path == p {
				froms = append(froms, e)
			}
		}
	}
	if len(froms) != 3 {
		f.Fatalf("entries %d", len(froms))
	}

	f.Fuzz(func(t *testing.T, in string) {
		for _, from := range froms {
			for _, body := range []string{linkBody(in), in} {
				// The body as content reads it: render never sees a file
				// that is not UTF-8 or a body past the bounds.
				var probs problem.List
				doc := content.ParseFile(from.Path, []byte(linksSite[from.Path]+body), s.Config.Codes(), &probs)
				if doc == nil || doc.Body == nil {
					continue
				}
				e := *from
				e.Document = doc
				checkConvert(t, m, &e, pages)
			}
		}
	})
}

func checkConvert(t *testing.T, m *markdown, e *site.Entry, pages map[string]bool) {
	t.Helper()
	type result struct {
		rec *BodyRecord
		err error
	}
	done := make(chan result, 1)
	go func() {
		rec, err := m.convert(e)
		done <- result{rec, err}
	}()
	var rec *BodyRecord
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("convert: %v", r.err)
		}
		rec = r.rec
	case <-time.After(10 * time.Second):
		t.Fatalf("converting a %d-byte body took more than 10 s", len(e.Body))
	}

	lines := strings.Split(string(e.Body), "\n")
	// Problems are a set (two empty links in a paragraph are one), so a
	// broken link and its problem are matched by text, not counted.
	reported, matched := map[[2]string]bool{}, map[[2]string]bool{}
	for _, p := range rec.Problems {
		i := p.Line - e.BodyLine
		if p.File != e.Path || p.Line <= 0 || i < 0 || i >= len(lines) {
			t.Fatalf("problem outside the body (lines %d-%d of %s): %+v", e.BodyLine, e.BodyLine+len(lines)-1, e.Path, p)
		}
		if p.Col < 0 || p.Col > utf8.RuneCountInString(lines[i])+1 {
			t.Fatalf("problem past its line's end (%d characters): %+v", utf8.RuneCountInString(lines[i]), p)
		}
		for _, s := range []string{p.Message, p.Hint} {
			if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r == '\n' || plaintext.Unshown(r) }) {
				t.Fatalf("problem text that is not plain UTF-8: %+v", p)
			}
		}
		if strings.Contains(p.Message, "leads to no page") || strings.Contains(p.Message, "written without .md") {
			reported[[2]string{p.Message, p.Hint}] = true
		}
	}
	for _, l := range rec.Links {
		if !l.OK {
			k := [2]string{fmt.Sprintf("the link %q leads to no page", l.Dest), l.URL}
			if !reported[k] {
				k = [2]string{fmt.Sprintf("the link %q is to a content file, written without .md", shown(l.Dest)), l.URL}
			}
			if !reported[k] {
				t.Fatalf("broken link %q without its problem: %+v", l.Dest, rec.Problems)
			}
			matched[k] = true
			continue
		}
		if l.URL == "" {
			// A relative link that names no content file now, kept so
			// that it is looked at again when the site changes.
			if u, err := url.Parse(string(util.URLEscape([]byte(l.Dest), true))); err == nil && (u.Scheme != "" || u.Host != "" || strings.HasSuffix(u.Path, ".md")) {
				t.Fatalf("link %q recorded as no content link", l.Dest)
			}
			continue
		}
		page, _, _ := strings.Cut(l.URL, "#")
		if !pages[page] {
			t.Fatalf("link %q resolved to %q, which is no page of the site", l.Dest, l.URL)
		}
	}
	// Links to the site's own addresses are inside the body, each a path.
	for _, l := range rec.Sites {
		i := l.Line - e.BodyLine
		if i < 0 || i >= len(lines) || l.Col < 0 || l.Col > utf8.RuneCountInString(lines[i])+1 || !strings.HasPrefix(l.Path, "/") {
			t.Fatalf("site link outside the body or without a path: %+v", l)
		}
	}
	for k := range reported {
		if matched[k] {
			continue
		}
		t.Fatalf("problem %q (%s) for no broken link: %+v", k[0], k[1], rec.Links)
	}

	out := string(rec.html)
	if !utf8.ValidString(out) {
		t.Fatalf("HTML is not UTF-8: %q", out)
	}
	if !e.Meta.RawHTML {
		for _, a := range attrs(out) {
			if !goldmarkAttrs[a[0]] {
				t.Fatalf("attribute %s=%q is not one goldmark writes: %q", a[0], a[1], out)
			}
			if (a[0] == "href" || a[0] == "src") && scriptURL(a[1]) {
				t.Fatalf("script address in %s: %q", a[0], a[1])
			}
			if a[0] != "href" {
				continue
			}
			// An address is a page of the site, outside it or in the
			// page; one to a content file stays only when reported.
			u, err := url.Parse(a[1])
			page, _, _ := strings.Cut(a[1], "#")
			if pages[page] || err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(a[1], "#") ||
				!strings.HasSuffix(u.Path, ".md") || strings.HasPrefix(u.Path, "/") {
				continue
			}
			if !slices.ContainsFunc(rec.Links, func(l Lookup) bool { return !l.OK && string(util.URLEscape([]byte(l.Dest), true)) == a[1] }) {
				t.Fatalf("link to a content file %q left as it is without a problem: %+v", a[1], rec.Links)
			}
		}
	}

	again, err := m.convert(e)
	if err != nil {
		t.Fatalf("convert again: %v", err)
	}
	if again.html != rec.html || !reflect.DeepEqual(again.Problems, rec.Problems) || !reflect.DeepEqual(again.Links, rec.Links) || !reflect.DeepEqual(again.Sites, rec.Sites) {
		t.Fatalf("converting twice differs:\n%q\n%q\n%+v\n%+v", rec.html, again.html, rec.Problems, again.Problems)
	}
	if !m.stillResolves(e, rec.Links) {
		t.Fatalf("stillResolves is false right after converting: %+v", rec.Links)
	}
}
