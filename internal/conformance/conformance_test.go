package conformance

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestBuiltSite builds the sample site in content/ with kokeilu and runs
// every check on it.
func TestBuiltSite(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	cfg := readSiteConfig(t, filepath.Join(root, "content", "site.yaml"))
	runSuite(t, serveSite(t, buildSite(t, root), cfg), true)
}

// TestGoodFixture runs every check on testdata/good, a small hand-written
// site shaped like kokeilu's output that passes them all: it keeps the
// harness itself honest (no false alarms).
func TestGoodFixture(t *testing.T) {
	t.Parallel()
	runSuite(t, serveSite(t, "testdata/good", fixtureConfig), false)
}

// TestCheckersCatchBrokenSite proves that every check bites: each reports the
// defects planted in testdata/broken (see the comments in its files).
func TestCheckersCatchBrokenSite(t *testing.T) {
	t.Parallel()
	// Without netlify.toml's headers: several planted defects are inline
	// styles, which its CSP would keep from showing. The csp subtest
	// serves the site with them.
	s := serveSiteWith(t, "testdata/broken", fixtureConfig, nil)
	t.Run("html", func(t *testing.T) {
		expectProblems(t, "vnu", checkHTML(t, s), "“img” element must have an “alt” attribute")
	})
	t.Run("axe", func(t *testing.T) {
		expectProblems(t, "axe-core", checkAxe(t, s, []pageRef{
			{path: "/fi/", status: http.StatusOK, why: "broken fi"},
			{path: "/sv/", status: http.StatusOK, why: "broken sv"},
		}), "image-alt", "color-contrast", "html-has-lang")
	})
	t.Run("csp", func(t *testing.T) {
		expectProblems(t, "CSP check", checkCSP(t, serveSite(t, "testdata/broken", fixtureConfig), []pageRef{
			{path: "/fi/", status: http.StatusOK, why: "broken fi"},
			{path: "/sv/", status: http.StatusOK, why: "broken sv"},
		}), "/fi/ (broken fi): style-src-elem refused inline", "/sv/ (broken sv): style-src-attr refused inline")
	})
	t.Run("keyboard", func(t *testing.T) {
		expectProblems(t, "keyboard test", checkKeyboard(t, s, "/fi/", "/sv/"),
			"/fi/: the first Tab stop is <a href=\"/ei-ole/\">", "/sv/: the focused skip link is not visible",
			"/sv/: the focused skip link has no visible focus indicator")
	})
	t.Run("links", func(t *testing.T) {
		expectProblems(t, "linkinator", checkLinks(t, s), "[404] /ei-ole/", "[#] /sv/#puuttuu")
	})
	t.Run("atom", func(t *testing.T) {
		expectProblems(t, "jing", checkAtom(t, s), `missing required element "updated"`)
	})
	t.Run("sitemap", func(t *testing.T) {
		expectProblems(t, "xmllint --schema", checkSitemap(t, s), "'svenska_' is not a valid value of the atomic type 'xs:language'")
	})
	t.Run("hreflang", func(t *testing.T) {
		expectProblems(t, "hreflang check", checkHreflang(t, s),
			`/fi/: no hreflang="x-default" alternate`,
			`/fi/: hreflang "sv" points at /sv/, which does not point back with hreflang "fi"`)
	})
	t.Run("lighthouse", func(t *testing.T) {
		expectProblems(t, "Lighthouse", checkLighthouse(t, s, "/fi/"), "accessibility", "image-alt")
	})
}

// fixtureConfig is the site.yaml the hand-written fixtures were made for.
var fixtureConfig = siteConfig{
	BaseURL:         "https://kokeilu.example.fi",
	DefaultLanguage: "fi",
	Languages: []language{
		{Code: "fi", Sections: map[string]string{"experiments": "kokeilut", "failday": "epaonnistumisen-paiva"}},
		{Code: "sv", Sections: map[string]string{"experiments": "forsok", "failday": "dagen-for-misslyckande"}},
	},
}

// runSuite runs every check on a site as subtests. Lighthouse takes about
// 13 s a page: allPages runs it on every home page and an experiment page,
// otherwise (for the fixture) on the default language's home page only.
func runSuite(t *testing.T, s *site, allPages bool) {
	timed := func(name string, check func(t *testing.T) []string) {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			report(t, name, check(t))
			t.Logf("%s: %.1f s", name, time.Since(start).Seconds())
		})
	}
	timed("layout", func(t *testing.T) []string { return checkLayout(t, s) })
	timed("html", func(t *testing.T) []string { return checkHTML(t, s) })
	timed("atom", func(t *testing.T) []string { return checkAtom(t, s) })
	timed("sitemap", func(t *testing.T) []string { return checkSitemap(t, s) })
	timed("hreflang", func(t *testing.T) []string { return checkHreflang(t, s) })
	timed("links", func(t *testing.T) []string { return checkLinks(t, s) })
	timed("forms", func(t *testing.T) []string { return checkForms(t, s, allPages) })
	timed("axe", func(t *testing.T) []string { return checkAxe(t, s, axePages(s)) })
	timed("csp", func(t *testing.T) []string { return checkCSP(t, s, axePages(s)) })
	timed("keyboard", func(t *testing.T) []string {
		// Every page type in every language (axe's pages that answer 200,
		// with the forms' pages), the search pages and the filtered list.
		var paths []string
		for _, pr := range axePages(s) {
			if pr.status == http.StatusOK && pr.ready == "" && !slices.Contains(paths, pr.path) {
				paths = append(paths, pr.path)
			}
		}
		for _, p := range searchPages(s) {
			if !slices.Contains(paths, p) {
				paths = append(paths, p)
			}
		}
		for _, l := range s.cfg.Languages {
			if f, ok := filteredList(s, l); ok && !slices.Contains(paths, f.path) {
				paths = append(paths, f.path)
			}
		}
		return checkKeyboard(t, s, paths...)
	})
	timed("lighthouse", func(t *testing.T) []string {
		if !allPages {
			return checkLighthouse(t, s, "/"+s.cfg.DefaultLanguage+"/")
		}
		both, phone := lighthousePages(t, s)
		return checkLighthouseAt(t, s, both, phone)
	})
}

// lighthousePages are the pages Lighthouse scores on the sample site. It
// takes 5-30 s a page and width, too long for every page, so it scores
// one page of every type in every language at the phone's width (phone),
// and at both widths (both) each home page, an experiment page, and in
// every language the search page, the browse page, one browse group's
// page, the experiment list narrowed by its filter form, and each form's
// page and thank-you page. A 404 is left out: Lighthouse's SEO score marks
// its status down by design.
func lighthousePages(t testing.TB, s *site) (both, phone []string) {
	both = []string{experimentPage(t, s)}
	for _, l := range s.cfg.Languages {
		both = append(both, "/"+l.Code+"/")
	}
	both = append(both, searchPages(s)...)
	for _, l := range s.cfg.Languages {
		browse := "/" + l.Code + "/" + section(l, "browse") + "/"
		if _, ok := s.docs[browse]; ok {
			both = append(both, browse)
		}
		if f, ok := filteredList(s, l); ok {
			both = append(both, f.group(), f.path)
		}
	}
	both = append(both, formPaths(s)...)
	for _, pr := range axePages(s) {
		if pr.status == http.StatusOK && !slices.Contains(both, pr.path) && !slices.Contains(phone, pr.path) {
			phone = append(phone, pr.path)
		}
	}
	return both, phone
}

// section is a section's URL segment in a language: site.yaml's, or by
// default its key.
func section(l language, key string) string {
	if seg := l.Sections[key]; seg != "" {
		return seg
	}
	return key
}

// filtered is the experiment list of a language narrowed in place by one
// choice of its filter form, the first stage of its newest experiment:
// /fi/kokeilut/?vaihe=completed.
type filtered struct {
	lang, list, param, value, path string
}

// filteredList finds it from the language's filter data
// (/fi/kokeilut.filter.json); false when the site has no filter form.
func filteredList(s *site, l language) (filtered, bool) {
	list := "/" + l.Code + "/" + section(l, "experiments") + "/"
	b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(strings.TrimSuffix(list, "/")+".filter.json")))
	if err != nil || !s.docs[list].ids["filter-status"] {
		return filtered{}, false
	}
	var data struct {
		Items []struct {
			Values map[string][]string `json:"f"`
		} `json:"items"`
	}
	param := section(l, "stage")
	if json.Unmarshal(b, &data) != nil || len(data.Items) == 0 || len(data.Items[0].Values[param]) == 0 {
		return filtered{}, false
	}
	v := data.Items[0].Values[param][0]
	return filtered{lang: l.Code, list: list, param: param, value: v, path: list + "?" + url.Values{param: {v}}.Encode()}, true
}

// group is the static page of the filtered list's choice: /fi/vaihe/completed/.
func (f filtered) group() string { return "/" + f.lang + "/" + f.param + "/" + f.value + "/" }

// buildDate is the reference date the sample site is built for: a day
// when the October 2018 experiment week takes sign-ups, so that the site
// has all its forms (the campaign-signup form is on a week's page only
// while sign-up is open) and the home page its upcoming week.
const buildDate = "2018-09-20"

// buildSite builds cmd/kokeilu and with it the site in content/.
func buildSite(t *testing.T, root string) string {
	t.Helper()
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "kokeilu")
	if r := runTool(t, 5*time.Minute, root, goCommand(), "build", "-o", bin, "./cmd/kokeilu"); r.code != 0 {
		t.Fatalf("go build ./cmd/kokeilu failed (exit %d):\n%s", r.code, r.output())
	}
	out := filepath.Join(tmp, "public")
	if r := runTool(t, 5*time.Minute, root, bin, "build", "-src", root, "-out", out, "-date", buildDate); r.code != 0 {
		t.Fatalf("kokeilu build -src %s failed (exit %d):\n%s", root, r.code, r.output())
	}
	return out
}

func goCommand() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	// Not on PATH: the go command that runs these tests says where it is.
	if root := os.Getenv("GOROOT"); root != "" {
		return filepath.Join(root, "bin", "go")
	}
	return "go"
}

// checkLayout checks that the files DESIGN.md promises are served.
func checkLayout(t testing.TB, s *site) []string {
	want := []string{"/", "/404.html", "/sitemap.xml", "/robots.txt"}
	for _, l := range s.cfg.Languages {
		want = append(want, "/"+l.Code+"/", "/"+l.Code+"/404.html")
		for key, sec := range l.Sections {
			want = append(want, "/"+l.Code+"/"+sec+"/")
			if key == "failday" {
				want = append(want, "/"+l.Code+"/"+sec+"/atom.xml")
			}
		}
	}
	slices.Sort(want)
	var problems []string
	for _, p := range want {
		status, _, err := s.get(p)
		if err != nil {
			t.Fatal(err)
		}
		if status != http.StatusOK {
			problems = append(problems, fmt.Sprintf("%s: HTTP %d, want 200", p, status))
		}
	}
	return problems
}

// segments splits a server path below its language directory:
// /fi/kokeilut/x/ -> ["kokeilut", "x"].
func segments(p string) []string {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	return parts[1:]
}

// sectionKey is the site.yaml key of a section path segment ("kokeilut" ->
// "experiments"), or "".
func (s *site) sectionKey(lang, seg string) string {
	l, _ := s.cfg.lang(lang)
	for k, v := range l.Sections {
		if v == seg {
			return k
		}
	}
	return ""
}

// pageType names the kind of page a server path is ("fi experiments item",
// "sv tags item page N", "fi plain page"), so that axe can check one page
// of every kind in every language.
func pageType(s *site, p string) string {
	lang := s.langOf(p)
	switch {
	case p == "/":
		return "language choice"
	case lang == "" || !strings.HasSuffix(p, "/"):
		return "file " + p
	}
	rest := segments(p)
	if len(rest) == 0 {
		return lang + " home"
	}
	key := s.sectionKey(lang, rest[0])
	if key == "" {
		return lang + " plain page"
	}
	switch {
	case len(rest) == 1:
		return lang + " " + key + " list"
	case numeric.MatchString(rest[1]):
		return lang + " " + key + " list page N"
	case len(rest) == 2:
		return lang + " " + key + " item"
	case len(rest) == 3 && numeric.MatchString(rest[2]):
		return lang + " " + key + " item page N"
	}
	return lang + " " + key + " deeper"
}

// axePages is one page of every type in every language (found by walking the
// output), each language's 404 page as served for a missing path, and the
// path where the missing translation of a one-language item would be, which
// must be a 404 in that language.
func axePages(s *site) []pageRef {
	var refs []pageRef
	seen := map[string]bool{}
	for _, p := range s.pagePaths() {
		if is404Page(p) {
			continue
		}
		if typ := pageType(s, p); !seen[typ] {
			seen[typ] = true
			refs = append(refs, pageRef{path: p, status: http.StatusOK, why: typ})
		}
	}
	for _, l := range s.cfg.Languages {
		refs = append(refs, pageRef{path: "/" + l.Code + "/ei-ole-olemassa/", status: http.StatusNotFound,
			lang: l.Code, why: l.Code + " 404"})
	}
	refs = append(refs, pageRef{path: "/ei-ole-olemassa/", status: http.StatusNotFound, why: "root 404"})
	for _, l := range s.cfg.Languages {
		if f, ok := filteredList(s, l); ok {
			refs = append(refs, pageRef{path: f.path, status: http.StatusOK, why: l.Code + " experiment list narrowed in place",
				ready: filterReady})
		}
	}
	refs = append(refs, formRefs(s)...)
	for _, p := range s.pagePaths() {
		lang, rest := s.langOf(p), segments(p)
		if lang == "" || len(rest) != 2 || !strings.HasSuffix(p, "/") || numeric.MatchString(rest[1]) {
			continue
		}
		key := s.sectionKey(lang, rest[0])
		if key == "" {
			continue
		}
		for _, other := range s.cfg.Languages {
			if other.Code == lang || seen[lang+key+other.Code] || hasAlternate(s.docs[p], other.Code) {
				continue
			}
			seen[lang+key+other.Code] = true
			refs = append(refs, pageRef{path: "/" + other.Code + "/" + other.Sections[key] + "/" + rest[1] + "/",
				status: http.StatusNotFound, lang: other.Code,
				why: fmt.Sprintf("missing %s translation of %s", other.Code, p)})
		}
	}
	return refs
}

func hasAlternate(doc *page, lang string) bool {
	for _, a := range doc.alternates {
		if sameLanguage(lang, a.hreflang) {
			return true
		}
	}
	return false
}

// experimentPage is the first experiment page of the default language.
func experimentPage(t testing.TB, s *site) string {
	t.Helper()
	for _, p := range s.pagePaths() {
		if pageType(s, p) == s.cfg.DefaultLanguage+" experiments item" {
			return p
		}
	}
	t.Fatalf("no experiment page (/%s/<experiments section>/<slug>/) in the site", s.cfg.DefaultLanguage)
	return ""
}

// searchPages are the search pages the site has (sections.search of
// site.yaml, "search" by default), in the order of its languages; the
// default language's first.
func searchPages(s *site) []string {
	var out []string
	for _, l := range s.cfg.Languages {
		seg := l.Sections["search"]
		if seg == "" {
			seg = "search"
		}
		p := "/" + l.Code + "/" + seg + "/"
		if _, ok := s.docs[p]; !ok {
			continue
		}
		if l.Code == s.cfg.DefaultLanguage {
			out = append([]string{p}, out...)
		} else {
			out = append(out, p)
		}
	}
	return out
}

// TestNetlifyHandler pins down the local server the checks run against.
func TestNetlifyHandler(t *testing.T) {
	s := serveSite(t, "testdata/good", fixtureConfig)
	for _, c := range []struct {
		path   string
		status int
		body   string
	}{
		{"/", 200, "Valitse kieli"},
		{"/fi/", 200, "<h1>Etusivu</h1>"},
		{"/fi/index.html", 200, "<h1>Etusivu</h1>"},
		{"/sv/forsok/ekobetoni/", 200, "Försöket med ekobetong"},
		{"/fi/kokeilut", 301, ""},
		{"/fi/kokeilut/?q=1", 200, "<h1>Kokeilut</h1>"},
		{"/fi/ei-ole/", 404, "Sivua ei löytynyt"},
		{"/sv/forsok/vain-suomeksi/", 404, "Sidan hittades inte"},
		{"/ei-ole", 404, `<p lang="sv">Sidan hittades inte.`},
		{"/../../etc/passwd", 404, "Sivua ei löytynyt"},
		{"/sitemap.xml", 200, "<urlset"},
	} {
		status, body, err := s.get(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if status != c.status || !strings.Contains(body, c.body) {
			t.Errorf("GET %s: %d %.60q…, want %d with %q", c.path, status, body, c.status, c.body)
		}
	}
	// netlify.toml's headers, the CSP without upgrade-insecure-requests.
	for path, want := range map[string]map[string]string{
		"/fi/":                  {"Cache-Control": "public, max-age=0, must-revalidate", "X-Frame-Options": "DENY"},
		"/assets/main.css":      {"Cache-Control": "public, max-age=31536000, immutable"},
		"/fi/ei-ole/":           {"X-Content-Type-Options": "nosniff"},
		"/robots.txt":           {"Strict-Transport-Security": ""},
		"/sv/forsok/ekobetoni/": {"Referrer-Policy": "strict-origin-when-cross-origin"},
	} {
		resp, err := s.client.Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for k, v := range want {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("GET %s: %s: %q, want %q", path, k, got, v)
			}
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "upgrade-insecure-requests") {
			t.Errorf("GET %s: Content-Security-Policy %q", path, csp)
		}
	}
}

// TestSearchCSP: netlify.toml allows WebAssembly ('wasm-unsafe-eval', which
// Pagefind needs) on the search page of every language of content/site.yaml
// and on Pagefind's files, and nowhere else; there the policy is "/*"'s with
// that one source added.
func TestSearchCSP(t *testing.T) {
	root := repoRoot(t)
	cfg := readSiteConfig(t, filepath.Join(root, "content", "site.yaml"))
	rules := netlifyHeaders(t)
	csp := func(p string) string {
		var v string
		for _, h := range rules {
			if c, ok := h.Values["Content-Security-Policy"]; ok && h.matches(p) {
				v = c
			}
		}
		return v
	}
	base := csp("/")
	if base == "" || strings.Contains(base, "wasm-unsafe-eval") || strings.Contains(base, "unsafe-inline") {
		t.Fatalf("the CSP of / is %q", base)
	}
	want := strings.Replace(base, "script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", 1)
	paths := []string{"/pagefind/pagefind.js", "/pagefind/pagefind-worker.js"}
	for _, l := range cfg.Languages {
		seg := l.Sections["search"]
		if seg == "" {
			seg = "search"
		}
		paths = append(paths, "/"+l.Code+"/"+seg+"/")
		for _, other := range []string{"/" + l.Code + "/", "/" + l.Code + "/" + l.Sections["experiments"] + "/"} {
			if got := csp(other); got != base {
				t.Errorf("%s: CSP %q, want %q", other, got, base)
			}
		}
	}
	for _, p := range paths {
		if got := csp(p); got != want {
			t.Errorf("%s: CSP %q, want %q (netlify.toml needs a [[headers]] rule for it after \"/*\")", p, got, want)
		}
	}
}

// atomRNCSHA256 is the RFC 4287 Appendix B schema as Debian's raptor2 source
// package ships it (tests/feeds/atom.rnc).
const atomRNCSHA256 = "3e626c5be661b2ca409a8437ab9046463d0aa02fde6918a8a184311f5929f162"

func TestVendoredAtomSchema(t *testing.T) {
	b, err := os.ReadFile(schema(t, "atom.rnc"))
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != atomRNCSHA256 {
		t.Errorf("testdata/schemas/atom.rnc has sha256 %x, want %s (the RFC 4287 schema)", sum, atomRNCSHA256)
	}
}

func TestPageTypes(t *testing.T) {
	s := &site{cfg: siteConfig{Languages: []language{{Code: "fi", Sections: map[string]string{
		"experiments": "kokeilut", "tags": "aiheet"}}}}}
	for p, want := range map[string]string{
		"/":                    "language choice",
		"/404.html":            "file /404.html",
		"/fi/":                 "fi home",
		"/fi/kokeilut/":        "fi experiments list",
		"/fi/kokeilut/2/":      "fi experiments list page N",
		"/fi/kokeilut/x/":      "fi experiments item",
		"/fi/aiheet/kunnat/3/": "fi tags item page N",
		"/fi/saavutettavuus/":  "fi plain page",
		"/fi/kokeilut/x/y/z/":  "fi experiments deeper",
		"/en/":                 "file /en/",
	} {
		if got := pageType(s, p); got != want {
			t.Errorf("pageType(%s) = %q, want %q", p, got, want)
		}
	}
}
