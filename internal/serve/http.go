package serve

import (
	"bytes"
	_ "embed"
	"net"
	"net/http"
	"net/netip"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/kokeilu/kokeilu/internal/content"
)

// The preview's own URLs, outside the site's.
const (
	scriptPath = "/_kokeilu/reload.js"
	eventsPath = "/_kokeilu/events"
)

//go:embed reload.js
var reloadJS []byte

// pagefindPath is where the search page loads Pagefind's API. kokeilu build
// makes the index from the built pages (package search), which takes about
// a minute at 5,000 experiments per language: too slow for every save, so
// the preview answers with a stand-in that tells the search page (see
// assets/search.js) to say that search works on the built site only.
const pagefindPath = "/pagefind/pagefind.js"

var pagefindStandIn = []byte("// kokeilu serve: the preview has no search index; kokeilu build makes it.\nexport const preview = true;\n")

// csp is the site's Content-Security-Policy (netlify.toml) less what only
// HTTPS needs: the preview proves that live reload needs nothing inline.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// contentTypes are the media types of the files a site has. They are not
// taken from the system's tables, which differ between machines.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".xml":         "application/xml; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/vnd.microsoft.icon",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".pdf":         "application/pdf",
	".webmanifest": "application/manifest+json",
}

func contentType(name string, data []byte) string {
	if path.Base(name) == "atom.xml" {
		return "application/atom+xml; charset=utf-8"
	}
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return http.DetectContentType(data)
}

// ServeHTTP serves the site from memory: only files of the last good
// build exist, so no path can reach anything else. It answers only
// requests addressed to this machine (see hostAllowed), and only GET and
// HEAD.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store") // a preview is never kept
	if !s.hostAllowed(r) {
		http.Error(w, "misdirected request: the preview answers only to localhost, loopback addresses and its -addr host",
			http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		s.hub.ServeHTTP(w, r)
		return
	case scriptPath:
		s.write(w, r, http.StatusOK, "reload.js", reloadJS, 0)
		return
	}
	p := r.URL.Path
	if p == pagefindPath {
		if data, gen, ok := s.file(r.Context(), fileOf(p)); ok {
			s.write(w, r, http.StatusOK, "pagefind.js", data, gen)
		} else {
			s.write(w, r, http.StatusOK, "pagefind.js", pagefindStandIn, 0)
		}
		return
	}
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") ||
		slices.ContainsFunc(strings.Split(p, "/"), func(seg string) bool { return seg == ".." || seg == "." }) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	name := fileOf(p)
	ctx := r.Context()
	if r.URL.RawQuery != "" {
		// The experiment list's filter form: the build's _redirects says
		// where each choice goes, as Netlify reads it.
		if rules, _, ok := s.file(ctx, "_redirects"); ok {
			if to, ok := queryRedirect(rules, r); ok {
				http.Redirect(w, r, to, http.StatusFound)
				return
			}
		}
	}
	if data, gen, ok := s.file(ctx, name); ok {
		s.write(w, r, http.StatusOK, name, data, gen)
		return
	}
	if !strings.HasSuffix(p, "/") {
		if _, _, ok := s.file(ctx, name+"/index.html"); ok {
			// A folder without its slash: the page's links are relative to
			// the folder, so send the browser there.
			target := p + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
	}
	s.notFound(w, r)
}

// hostAllowed reports whether the request names this machine in its Host
// header: localhost, a loopback address, the address the connection came
// in on, or the host of the -addr flag. A page on another site that points
// its own name at 127.0.0.1 (DNS rebinding) sends its own name, so it can
// read neither the pages (drafts included) nor the event stream.
func (s *Server) hostAllowed(r *http.Request) bool {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if host == "" {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		ip = ip.Unmap()
		if ip.IsLoopback() {
			return true
		}
		if la, ok := r.Context().Value(http.LocalAddrContextKey).(*net.TCPAddr); ok && la.AddrPort().Addr().Unmap() == ip {
			return true
		}
	}
	if h, _, err := net.SplitHostPort(s.opt.Addr); err == nil && h != "" {
		return strings.EqualFold(host, strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"))
	}
	return false
}

// notFound answers with the 404 page of the path's language.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	first, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	langs := s.languages()
	page := "404.html"
	if slices.Contains(langs, first) {
		page = first + "/404.html"
	}
	data, gen, ok := s.file(r.Context(), page)
	if !ok {
		data, gen, ok = s.file(r.Context(), "404.html")
	}
	if !ok {
		// No build yet (the configuration or templates have errors): a
		// bare page that still shows the errors.
		page, data = "404.html", []byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><h1>Not found</h1><p>The site has not been built yet.</p></body></html>`)
	}
	s.write(w, r, http.StatusNotFound, page, data, gen)
}

// write sends a file; HTML gets the live-reload script.
func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, name string, data []byte, gen uint64) {
	typ := contentType(name, data)
	if strings.HasPrefix(typ, "text/html") {
		data = inject(data, gen)
	}
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", csp)
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// inject puts the live-reload script (and the build the page belongs to)
// at the end of the head, or of the document when it has none.
func inject(page []byte, gen uint64) []byte {
	tag := `<meta name="kokeilu-build" content="` + strconv.FormatUint(gen, 10) + `">` +
		`<script src="` + scriptPath + `" defer></script>`
	i := bytes.Index(page, []byte("</head>"))
	if i < 0 {
		i = bytes.Index(page, []byte("</HEAD>"))
	}
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// queryRedirect returns where the first rule of a _redirects file that
// matches the request's path and one of its query parameters sends it:
// "/fi/selaa/ kunta=:value /fi/kunta/:value/ 302!" sends
// /fi/selaa/?kunta=lahti to /fi/kunta/lahti/. Only such rules are read
// (kokeilu build writes no others); a value is used only when it is a slug,
// so nothing from the query but a-z, digits and hyphens reaches the address.
func queryRedirect(rules []byte, r *http.Request) (string, bool) {
	q := r.URL.Query()
	for line := range strings.Lines(string(rules)) {
		f := strings.Fields(line)
		if len(f) != 4 || f[0] != r.URL.Path {
			continue
		}
		param, placeholder, ok := strings.Cut(f[1], "=")
		v := q.Get(param)
		if !ok || !strings.HasPrefix(placeholder, ":") || !content.ValidSlug(v) && !isYear(v) {
			continue
		}
		return strings.ReplaceAll(f[2], placeholder, v), true
	}
	return "", false
}

// isYear: a year is all digits, which ValidSlug refuses (page numbers).
func isYear(s string) bool {
	return len(s) == 4 && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}
