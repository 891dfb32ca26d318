package serve

import (
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestServeHTTP(t *testing.T) {
	p := start(t, testSite(t))

	for _, c := range []struct {
		path, status, typ, contains string
	}{
		{"/", "200", "text/html; charset=utf-8", `<html lang="fi"`},
		{"/fi/", "200", "text/html; charset=utf-8", "Kokeiluja eri puolilta"},
		{"/fi/index.html", "200", "text/html; charset=utf-8", "Kokeiluja eri puolilta"},
		{"/sv/forsok/ekobetoni/", "200", "text/html; charset=utf-8", "ursprungliga"},
		{"/sitemap.xml", "200", "application/xml; charset=utf-8", "<urlset"},
		{"/robots.txt", "200", "text/plain; charset=utf-8", "Sitemap:"},
		{"/fi/epaonnistumisen-paiva/atom.xml", "200", "application/atom+xml; charset=utf-8", "<feed"},
		{"/fi/kokeilut.json", "200", "application/json", `"slug"`},
		{"/fi/kokeilut.csv", "200", "text/csv; charset=utf-8", "slug"},
		{"/_kokeilu/reload.js", "200", "text/javascript; charset=utf-8", "EventSource"},
		// The 404 page of the path's language, with status 404.
		{"/fi/ei-ole/", "404", "text/html; charset=utf-8", `<html lang="fi"`},
		{"/sv/finns-inte", "404", "text/html; charset=utf-8", `<html lang="sv"`},
		{"/en/nothing/", "404", "text/html; charset=utf-8", `lang="sv"`}, // the root 404 speaks both
		// No directory listings.
		{"/assets/", "404", "text/html; charset=utf-8", "<html"},
		{"/fi/kokeilut/ekobetoni/index.html/", "404", "text/html; charset=utf-8", "<html"},
	} {
		resp, body := p.get(c.path)
		if got := resp.Status[:3]; got != c.status {
			t.Errorf("%s: status %s, want %s", c.path, resp.Status, c.status)
		}
		if got := resp.Header.Get("Content-Type"); got != c.typ {
			t.Errorf("%s: Content-Type %q, want %q", c.path, got, c.typ)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", c.path, got)
		}
		if !strings.Contains(body, c.contains) {
			t.Errorf("%s: no %q in the response", c.path, c.contains)
		}
		isHTML := strings.HasPrefix(c.typ, "text/html")
		if got := strings.Contains(body, `<script src="/_kokeilu/reload.js" defer></script>`); got != isHTML {
			t.Errorf("%s: live-reload script injected: %v, want %v", c.path, got, isHTML)
		}
	}

	// A folder without its slash goes to the folder.
	resp, _ := p.get("/fi/kokeilut?x=1")
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/fi/kokeilut/?x=1" {
		t.Errorf("/fi/kokeilut: %s to %q, want a redirect to /fi/kokeilut/?x=1", resp.Status, resp.Header.Get("Location"))
	}

	// The CSS the pages name is served, and the script is in the head.
	homeResp, home := p.get("/fi/")
	css := regexp.MustCompile(`href="(/assets/main\.[0-9a-f]+\.css)"`).FindStringSubmatch(home)
	if css == nil {
		t.Fatal("no stylesheet link on /fi/")
	}
	if resp, _ := p.get(css[1]); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("%s: %s %s", css[1], resp.Status, resp.Header.Get("Content-Type"))
	}
	if i, j := strings.Index(home, "/_kokeilu/reload.js"), strings.Index(home, "</head>"); i < 0 || i > j {
		t.Error("the script is not in the head")
	}
	if !strings.Contains(homeResp.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Error("no strict Content-Security-Policy")
	}

	// Only GET and HEAD.
	r, err := http.Post(p.url+"/fi/", "text/plain", nil)
	must(t, err)
	r.Body.Close()
	if r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %s, want 405", r.Status)
	}
	r, err = http.Head(p.url + "/fi/")
	must(t, err)
	r.Body.Close()
	if r.StatusCode != 200 || r.ContentLength <= 0 {
		t.Errorf("HEAD /fi/: %s, length %d", r.Status, r.ContentLength)
	}

	// Nothing outside the site: a raw request with dot segments, which a
	// browser would never send, is refused.
	for _, raw := range []string{"/../../etc/passwd", "/fi/../../go.mod", "/%2e%2e/%2e%2e/etc/passwd", "/content/site.yaml", "/layouts/base.html"} {
		status := rawGet(t, p.url, raw)
		if status != "400" && status != "404" {
			t.Errorf("GET %s: status %s, want 400 or 404", raw, status)
		}
	}
}

// rawGet sends a request line as it is and returns the status code.
func rawGet(t *testing.T, base, path string) string {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	must(t, err)
	defer conn.Close()
	_, err = conn.Write([]byte("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
	must(t, err)
	buf := make([]byte, 64)
	n, _ := conn.Read(buf)
	f := strings.Fields(string(buf[:n]))
	if len(f) < 2 {
		t.Fatalf("GET %s: no status line in %q", path, buf[:n])
	}
	return f[1]
}

func TestInject(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"<html><head><title>x</title></head><body></body></html>",
			`<html><head><title>x</title><meta name="kokeilu-build" content="7"><script src="/_kokeilu/reload.js" defer></script></head><body></body></html>`},
		{"<p>no head", `<p>no head<meta name="kokeilu-build" content="7"><script src="/_kokeilu/reload.js" defer></script>`},
	} {
		if got := string(inject([]byte(c.in), 7)); got != c.want {
			t.Errorf("inject(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestURLOf(t *testing.T) {
	for in, want := range map[string]string{"index.html": "/", "fi/index.html": "/fi/", "fi/x/index.html": "/fi/x/",
		"sitemap.xml": "/sitemap.xml", "fi/404.html": "/fi/404.html"} {
		if got := urlOf(in); got != want {
			t.Errorf("urlOf(%q) = %q, want %q", in, got, want)
		}
	}
}
