package conformance

import (
	"bytes"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/tdewolff/parse/v2"
	htmllex "github.com/tdewolff/parse/v2/html"
	"gopkg.in/yaml.v3"
)

// siteConfig is the part of content/site.yaml the checks need.
type siteConfig struct {
	BaseURL         string     `yaml:"baseURL"`
	DefaultLanguage string     `yaml:"defaultLanguage"`
	Languages       []language `yaml:"languages"`
}

type language struct {
	Code     string            `yaml:"code"`
	Sections map[string]string `yaml:"sections"` // "experiments" -> "kokeilut"
}

func readSiteConfig(t testing.TB, file string) siteConfig {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("reading the site configuration: %v", err)
	}
	var c siteConfig
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	if c.BaseURL == "" || len(c.Languages) == 0 {
		t.Fatalf("%s: no baseURL or no languages", file)
	}
	return c
}

func (c siteConfig) lang(code string) (language, bool) {
	for _, l := range c.Languages {
		if l.Code == code {
			return l, true
		}
	}
	return language{}, false
}

// site is a built site served over HTTP the way Netlify serves it.
type site struct {
	dir    string     // the built output directory
	cfg    siteConfig // its configuration; cfg.BaseURL is the production origin
	url    string     // the local server, e.g. http://127.0.0.1:41234
	client *http.Client
	docs   map[string]*page // every HTML file by server path, parsed
	inbox  *formInbox       // what the stand-in for Netlify Forms received
}

// serveSite serves a built site with the headers of netlify.toml.
func serveSite(t testing.TB, dir string, cfg siteConfig) *site {
	t.Helper()
	return serveSiteWith(t, dir, cfg, netlifyHeaders(t))
}

// serveSiteWith serves a built site with the given response headers.
func serveSiteWith(t testing.TB, dir string, cfg siteConfig, headers []headerRule) *site {
	t.Helper()
	// Absolute, because the tools run in it and also get it as an argument.
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("site directory: %v", err)
	}
	inbox, err := newFormInbox(dir)
	if err != nil {
		t.Fatalf("reading the site's forms: %v", err)
	}
	srv := httptest.NewServer(inbox.wrap(netlifyHandler(dir, headers)))
	t.Cleanup(srv.Close)
	s := &site{dir: dir, cfg: cfg, url: srv.URL, client: srv.Client(), docs: map[string]*page{}, inbox: inbox}
	s.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s.docs[serverPath(filepath.ToSlash(rel))] = parsePage(b)
		return nil
	})
	if err != nil {
		t.Fatalf("reading the site: %v", err)
	}
	if len(s.docs) == 0 {
		t.Fatalf("%s has no HTML files", dir)
	}
	return s
}

// serverPath is the URL path a file is served at: fi/index.html -> /fi/.
func serverPath(rel string) string {
	switch {
	case rel == "index.html":
		return "/"
	case strings.HasSuffix(rel, "/index.html"):
		return "/" + strings.TrimSuffix(rel, "index.html")
	}
	return "/" + rel
}

// pagePaths lists every HTML page's server path, sorted.
func (s *site) pagePaths() []string {
	ps := make([]string, 0, len(s.docs))
	for p := range s.docs {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// localPath maps a link on the page at base to a path on this site: absolute
// URLs on the production origin or the local server, and relative ones. It
// returns "" for links to other sites.
func (s *site) localPath(base, href string) string {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return ""
	}
	if u.IsAbs() || u.Host != "" {
		origin := u.Scheme + "://" + u.Host
		if origin != s.cfg.BaseURL && origin != s.url {
			return ""
		}
		p := u.EscapedPath()
		if p == "" {
			p = "/"
		}
		if q, err := url.PathUnescape(p); err == nil {
			p = q
		}
		return p
	}
	b, _ := url.Parse(base)
	return b.ResolveReference(u).Path
}

func (s *site) get(path string) (status int, body string, err error) {
	resp, err := s.client.Get(s.url + path)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// is404Page reports whether a server path is one of the not-found pages.
func is404Page(p string) bool { return path.Base(p) == "404.html" }

// langOf is the language directory a server path is in ("" for the root).
func (s *site) langOf(p string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	if _, ok := s.cfg.lang(seg); ok {
		return seg
	}
	return ""
}

// headerRule is one [[headers]] table of netlify.toml.
type headerRule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

// matches reports whether the rule applies to a URL path: "/assets/*"
// matches every path below /assets/, other patterns themselves only.
func (h headerRule) matches(p string) bool {
	if prefix, ok := strings.CutSuffix(h.For, "*"); ok {
		return strings.HasPrefix(p, prefix)
	}
	return p == h.For
}

// netlifyHeaders reads the response headers the project's netlify.toml
// sets, so that the browser checks see the site under its real
// Content-Security-Policy. The local server speaks plain HTTP, so the
// CSP's upgrade-insecure-requests is left out (it would send every
// subresource to https://127.0.0.1), as is HSTS.
func netlifyHeaders(t testing.TB) []headerRule {
	t.Helper()
	var cfg struct {
		Headers []headerRule `toml:"headers"`
	}
	if _, err := toml.DecodeFile(filepath.Join(repoRoot(t), "netlify.toml"), &cfg); err != nil {
		t.Fatalf("reading netlify.toml: %v", err)
	}
	for _, h := range cfg.Headers {
		delete(h.Values, "Strict-Transport-Security")
		if csp, ok := h.Values["Content-Security-Policy"]; ok {
			var kept []string
			for d := range strings.SplitSeq(csp, ";") {
				if d = strings.TrimSpace(d); d != "" && d != "upgrade-insecure-requests" {
					kept = append(kept, d)
				}
			}
			h.Values["Content-Security-Policy"] = strings.Join(kept, "; ")
		}
	}
	if len(cfg.Headers) == 0 {
		t.Fatal("netlify.toml sets no headers")
	}
	return cfg.Headers
}

// netlifyHandler serves a built site as Netlify does: the query-parameter
// rules of its _redirects apply first, /dir/ serves
// dir/index.html, /dir redirects to /dir/, and a missing path gets status
// 404 with the body of the 404.html of its language directory (/fi/404.html
// for /fi/...), else the root /404.html. Every response gets the headers
// of the rules that match its path; where several set the same header, the
// last rule's value is sent, as Netlify's headers engine does (netlify-cli's
// headersForPath merges the matching rules in order): netlify.toml's search
// pages replace the CSP of "/*" that way.
func netlifyHandler(dir string, headers []headerRule) http.Handler {
	fsys := os.DirFS(dir)
	queryRules := readQueryRules(dir) // the filter form's, from _redirects
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if to, status, ok := matchQueryRules(queryRules, r); ok {
			http.Redirect(w, r, to, status)
			return
		}
		for _, h := range headers {
			if !h.matches(r.URL.Path) {
				continue
			}
			for k, v := range h.Values {
				w.Header().Set(k, v)
			}
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if strings.HasSuffix(r.URL.Path, "/") {
			name = path.Join(name, "index.html")
		}
		if name == "" {
			name = "index.html"
		}
		if serveFile(w, r, fsys, name, http.StatusOK) {
			return
		}
		if fi, err := fs.Stat(fsys, name); err == nil && fi.IsDir() {
			target := "/" + name + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		seg, _, _ := strings.Cut(name, "/")
		if serveFile(w, r, fsys, path.Join(seg, "404.html"), http.StatusNotFound) {
			return
		}
		if !serveFile(w, r, fsys, "404.html", http.StatusNotFound) {
			http.NotFound(w, r)
		}
	})
}

func serveFile(w http.ResponseWriter, r *http.Request, fsys fs.FS, name string, status int) bool {
	if !fs.ValidPath(name) {
		return false
	}
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return false
	}
	if status == http.StatusOK {
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
		return true
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
	return true
}

// page is what the checks need from one HTML file.
type page struct {
	lang       string // <html lang>
	mainID     string // id of the first <main>
	alternates []alternate
	ids        map[string]bool
}

// alternate is a <link rel="alternate" hreflang href>.
type alternate struct{ hreflang, href string }

// parsePage reads a page with a real HTML tokenizer: the minifier may drop
// quotes around attribute values, so regular expressions would miss links.
func parsePage(b []byte) *page {
	p := &page{ids: map[string]bool{}}
	lx := htmllex.NewLexer(parse.NewInputBytes(b))
	var tag string
	attrs := map[string]string{}
	for {
		tt, _ := lx.Next()
		switch tt {
		case htmllex.ErrorToken:
			return p
		case htmllex.StartTagToken:
			tag = strings.ToLower(string(lx.Text()))
			clear(attrs)
		case htmllex.AttributeToken:
			v := string(lx.AttrVal())
			if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
				v = v[1 : len(v)-1]
			}
			attrs[strings.ToLower(string(lx.AttrKey()))] = html.UnescapeString(v)
		case htmllex.StartTagCloseToken, htmllex.StartTagVoidToken:
			p.element(tag, attrs)
		}
	}
}

func (p *page) element(tag string, attrs map[string]string) {
	if id, ok := attrs["id"]; ok {
		p.ids[id] = true
	}
	switch tag {
	case "html":
		p.lang = attrs["lang"]
	case "main":
		if p.mainID == "" {
			p.mainID = attrs["id"]
		}
	case "link":
		hl, ok := attrs["hreflang"]
		if ok && slices.Contains(strings.Fields(strings.ToLower(attrs["rel"])), "alternate") {
			p.alternates = append(p.alternates, alternate{hreflang: hl, href: attrs["href"]})
		}
	}
}

// sameLanguage reports whether a page's lang matches an hreflang value:
// "fi" matches "fi" and "fi-FI"; "fi-FI" matches only "fi-FI".
func sameLanguage(lang, hreflang string) bool {
	if strings.EqualFold(lang, hreflang) {
		return true
	}
	primary, _, _ := strings.Cut(lang, "-")
	return !strings.Contains(hreflang, "-") && strings.EqualFold(primary, hreflang)
}

var numeric = regexp.MustCompile(`^[0-9]+$`)
