package serve

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
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

	// The experiment list's filter form goes where the build's _redirects
	// sends it, as on Netlify; a value that is no slug goes nowhere.
	for q, want := range map[string]string{"?vaihe=idea": "/fi/vaihe/idea/", "?vuosi=2018": "/fi/vuosi/2018/",
		"?kunta=lahti&vaihe=idea": "/fi/vaihe/idea/", "?vaihe=%2F%2Fevil.example": ""} {
		resp, _ := p.get("/fi/selaa/" + q)
		if got := resp.Header.Get("Location"); got != want || (want == "") != (resp.StatusCode == http.StatusOK) {
			t.Errorf("/fi/selaa/%s: %s to %q, want %q", q, resp.Status, got, want)
		}
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

	// Nothing outside the site: raw requests with dot segments and their
	// encodings, which a browser would never send, are refused.
	for _, raw := range traversals {
		status, body := rawRequest(t, p.url, "GET", raw, "127.0.0.1")
		if status != "400" && status != "404" {
			t.Errorf("GET %s: status %s, want 400 or 404", raw, status)
		}
		for _, secret := range []string{"root:", "module github.com/kokeilu", "baseURL:", "{{define", "[core]"} {
			if strings.Contains(body, secret) {
				t.Errorf("GET %s: the answer holds %q", raw, secret)
			}
		}
	}
}

// traversals are paths that try to leave the served site: dot segments
// raw and encoded (once, twice, overlong UTF-8, backslashes), NUL bytes,
// and the site's own sources and state.
var traversals = []string{
	"/../../etc/passwd", "/fi/../../go.mod", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/%2E%2E/etc/passwd",
	"/.%2e/etc/passwd", "/%2e./etc/passwd", "/..%2fetc%2fpasswd", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
	"/fi/%2e%2e/%2e%2e/go.mod", "/fi/..%2f..%2fgo.mod", "/fi%2f..%2f..%2fgo.mod", "/%252e%252e/%252e%252e/etc/passwd",
	"/..%252fetc%252fpasswd", "/..\\..\\etc\\passwd", "/..%5c..%5cetc%5cpasswd", "/..%255c..%255cetc%255cpasswd",
	"/%c0%ae%c0%ae/etc/passwd", "/%c0%ae%c0%ae%c0%afetc%c0%afpasswd", "/%e0%80%ae%e0%80%ae/etc/passwd", "/..%c0%af..%c0%afetc/passwd",
	"/..;/etc/passwd", "/%00/etc/passwd", "/index.html%00.css", "/fi/index.html%00", "/./content/site.yaml",
	"/fi/./../content/site.yaml", "/fi/kokeilut/..", "/..", "/.", "/%2e%2e", "//etc/passwd", "///etc/passwd",
	"/%2fetc%2fpasswd", "/etc/passwd", "/proc/self/environ", "/content/site.yaml", "/layouts/base.html",
	"/layouts/i18n/fi.yaml", "/assets/main.css", "/go.mod", "/.git/config", "/.public.kokeilu-cache",
	"/../.public.kokeilu-cache", "/C:/Windows/win.ini", "/fi/../../../../../../../../../../etc/passwd",
}

// rawRequest sends a request line as it is, with the Host header given,
// and returns the status code and the answer.
func rawRequest(t *testing.T, base, method, path, host string) (status, answer string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	must(t, err)
	defer conn.Close()
	must(t, conn.SetDeadline(time.Now().Add(timeout)))
	_, err = conn.Write([]byte(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"))
	must(t, err)
	b, _ := io.ReadAll(conn)
	f := strings.Fields(string(b))
	if len(f) < 2 {
		t.Fatalf("%s %s: no status line in %q", method, path, b)
	}
	return f[1], string(b)
}

// TestHostHeader: only this machine's names get the preview; DNS
// rebinding (another name pointed at 127.0.0.1) gets 421 everywhere.
func TestHostHeader(t *testing.T) {
	p := start(t, testSite(t))
	port := p.url[strings.LastIndex(p.url, ":")+1:]
	for _, host := range []string{"localhost", "localhost:" + port, "LocalHost:" + port, "127.0.0.1:" + port,
		"127.0.0.1", "127.1.2.3:" + port, "[::1]:" + port, "[::1]"} {
		if status, _ := rawRequest(t, p.url, "GET", "/fi/", host); status != "200" {
			t.Errorf("Host %q: status %s, want 200", host, status)
		}
	}
	for _, host := range []string{"evil.example", "evil.example:" + port, "localhost.evil.example", "127.0.0.1.nip.io:" + port,
		"localhost.", "10.0.0.1:" + port, "[::2]:" + port, "0.0.0.0:" + port, "", "kokeilu.example.fi"} {
		for _, path := range []string{"/fi/", "/_kokeilu/events", "/_kokeilu/reload.js", "/sitemap.xml", "/nothing/"} {
			status, body := rawRequest(t, p.url, "GET", path, host)
			if status != "421" {
				t.Errorf("Host %q, GET %s: status %s, want 421", host, path, status)
			}
			if strings.Contains(body, "<html") || strings.Contains(body, "event:") {
				t.Errorf("Host %q, GET %s: the answer holds the preview", host, path)
			}
		}
	}

	// The -addr host is accepted too.
	s := &Server{opt: Options{Addr: "kokeilu.lan:1313"}}
	for host, want := range map[string]bool{"kokeilu.lan:1313": true, "KOKEILU.lan": true, "evil.example": false} {
		r := httptest.NewRequest("GET", "/fi/", nil)
		r.Host = host
		if got := s.hostAllowed(r); got != want {
			t.Errorf("-addr kokeilu.lan:1313, Host %q: allowed %v, want %v", host, got, want)
		}
	}
}

// TestMethods: only GET and HEAD, on the preview's own URLs too.
func TestMethods(t *testing.T) {
	p := start(t, testSite(t))
	for _, path := range []string{"/", "/fi/", "/_kokeilu/reload.js", "/_kokeilu/events", "/sitemap.xml", "/nothing/"} {
		for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"} {
			status, answer := rawRequest(t, p.url, method, path, "127.0.0.1")
			if status != "405" {
				t.Errorf("%s %s: status %s, want 405", method, path, status)
			}
			if !strings.Contains(answer, "\r\nAllow: GET") {
				t.Errorf("%s %s: no Allow header in %q", method, path, answer)
			}
		}
	}
	if status, _ := rawRequest(t, p.url, "HEAD", "/_kokeilu/reload.js", "127.0.0.1"); status != "200" {
		t.Errorf("HEAD /_kokeilu/reload.js: status %s, want 200", status)
	}
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

// TestLoad holds 100 live-reload streams open while at least 500
// connections fetch pages for about two seconds on loopback (at most 5,000),
// then closes them: no request may
// fail, every stream gets the events of an edit, and no goroutine is left.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a few seconds of load")
	}
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) }) // runs last, after the server stopped
	p := start(t, testSite(t))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tr := &http.Transport{MaxIdleConnsPerHost: -1, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: timeout}

	const streams, conns, workers = 100, 500, 25
	var errs atomic.Int64
	fail := func(format string, args ...any) {
		if errs.Add(1) <= 5 {
			t.Errorf(format, args...)
		}
	}

	// The streams: each reads its hello, then waits for a reload.
	streamCtx, closeStreams := context.WithCancel(ctx)
	defer closeStreams()
	var opened, reloaded sync.WaitGroup
	var streamsDone sync.WaitGroup
	opened.Add(streams)
	reloaded.Add(streams)
	for range streams {
		streamsDone.Go(func() {
			var once sync.Once
			seen := func() { once.Do(reloaded.Done) }
			defer seen()
			req, _ := http.NewRequestWithContext(streamCtx, "GET", p.url+eventsPath, nil)
			resp, err := client.Do(req)
			if err != nil {
				fail("stream: %v", err)
				opened.Done()
				return
			}
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			hello := false
			for sc.Scan() {
				switch sc.Text() {
				case "event: hello":
					hello = true
					opened.Done()
				case "event: reload":
					seen()
				}
			}
			if !hello {
				fail("stream: no hello (status %s)", resp.Status)
				opened.Done()
			}
		})
	}
	opened.Wait()
	if n := p.srv.hub.count(); n != streams {
		t.Errorf("%d streams open, want %d", n, streams)
	}

	// The connections: each its own TCP connection, a page, a stylesheet
	// or a missing page.
	_, home := p.get("/fi/")
	css := regexp.MustCompile(`href="(/assets/main\.[0-9a-f]+\.css)"`).FindStringSubmatch(home)
	if css == nil {
		t.Fatal("no stylesheet on /fi/")
	}
	paths := []struct {
		path   string
		status int
	}{{"/fi/", 200}, {"/sv/forsok/ekobetoni/", 200}, {css[1], 200}, {"/sitemap.xml", 200}, {"/fi/ei-ole/", 404}}
	jobs := make(chan int)
	var workersDone sync.WaitGroup
	for range workers {
		workersDone.Go(func() {
			for i := range jobs {
				c := paths[i%len(paths)]
				req, _ := http.NewRequestWithContext(ctx, "GET", p.url+c.path, nil)
				resp, err := client.Do(req)
				if err != nil {
					fail("GET %s: %v", c.path, err)
					continue
				}
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != c.status || n == 0 {
					fail("GET %s: %s, %d bytes, %v", c.path, resp.Status, n, err)
				}
			}
		})
	}
	// At least conns connections, more until a few seconds have passed,
	// never more than ten times conns.
	started := time.Now()
	sent := 0
	for i := 0; i < conns || (time.Since(started) < 2*time.Second && i < 10*conns); i++ {
		jobs <- i
		sent++
		if i == conns/2 {
			// An edit halfway: every stream must hear of it.
			write(t, p.dir, "content/experiments/ekobetoni.fi.md", strings.Replace(read(t, p.dir, "content/experiments/ekobetoni.fi.md"), "\n---\n", "\n---\nKuorman alla.\n\n", 1))
		}
	}
	close(jobs)
	workersDone.Wait()
	t.Logf("%d connections in %v beside %d streams", sent, time.Since(started).Round(time.Millisecond), streams)

	waited := make(chan struct{})
	go func() { reloaded.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-ctx.Done():
		t.Error("not every stream got the edit's reload")
	}
	closeStreams()
	streamsDone.Wait()
	for deadline := time.Now().Add(timeout); p.srv.hub.count() > 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond) // the server notices closed streams on its own
	}
	if n := p.srv.hub.count(); n > 0 {
		t.Errorf("%d streams still registered after their clients left", n)
	}
	if n := errs.Load(); n > 0 {
		t.Errorf("%d errors", n)
	}
	tr.CloseIdleConnections()
	p.stop()
}
