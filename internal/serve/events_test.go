package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kokeilu/kokeilu/internal/problem"
	"go.uber.org/goleak"
)

type sse struct {
	name string
	data string
}

// stream opens /_kokeilu/events and returns its events.
func (p *preview) stream(ctx context.Context) <-chan sse { return p.streamOf(ctx, "") }

// streamOf opens an event stream as the page (a URL path) does.
func (p *preview) streamOf(ctx context.Context, page string) <-chan sse {
	p.t.Helper()
	u := p.url + eventsPath
	if page != "" {
		u += "?page=" + url.QueryEscape(page)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	must(p.t, err)
	resp, err := http.DefaultClient.Do(req)
	must(p.t, err)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		p.t.Fatalf("events: Content-Type %q", ct)
	}
	out := make(chan sse, 100)
	go func() {
		defer close(out)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var ev sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					out <- ev
				}
				ev = sse{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return out
}

// expect waits for an event of the name whose data satisfies ok, skipping
// others.
func (p *preview) expect(events <-chan sse, name string, ok func(data string) bool) string {
	p.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case ev, open := <-events:
			if !open {
				p.t.Fatalf("the event stream ended while waiting for %q", name)
			}
			if ev.name == name && ok(ev.data) {
				return ev.data
			}
		case <-deadline:
			p.t.Fatalf("no %q event within %v", name, timeout)
		}
	}
}

func anyData(string) bool { return true }

func TestEvents(t *testing.T) {
	p := start(t, testSite(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := p.stream(ctx)
	p.expect(events, "hello", anyData)
	p.expect(events, "problems", func(d string) bool { return d == `{"errors":[]}` })

	// A body edit reloads the page that shows it.
	write(t, p.dir, expFi, strings.Replace(read(t, p.dir, expFi), "Alkuperäinen", "Uusi", 1))
	p.expect(events, "reload", func(d string) bool {
		var r reloadData
		must(t, json.Unmarshal([]byte(d), &r))
		return slices.Contains(r.Paths, pageFi)
	})

	// Broken frontmatter: the errors with file and line, the page as it was.
	good := read(t, p.dir, expFi)
	write(t, p.dir, expFi, strings.Replace(good, "tags: [kiertotalous]", "tags: [kiertotalous", 1))
	data := p.expect(events, "problems", func(d string) bool { return d != `{"errors":[]}` })
	var probs problemsData
	must(t, json.Unmarshal([]byte(data), &probs))
	if len(probs.Errors) == 0 || probs.Errors[0].File != expFi || probs.Errors[0].Line == 0 {
		t.Fatalf("problems: %s, want the error at %s:line", data, expFi)
	}
	// Each error comes in every language, so that the overlay shows it in
	// the page's own.
	e := probs.Errors[0]
	want := map[string]problemText{
		"fi": {"merkillä [ alkava luettelo on sulkematta", "päätä se merkkiin ] samalla rivillä, esimerkiksi tags: [a, b]"},
		"sv": {"listan som börjar med [ är inte stängd", "avsluta den med ] på samma rad, till exempel tags: [a, b]"},
	}
	if e.Message != "the list that starts with [ is not closed" || !maps.Equal(e.Text, want) {
		t.Errorf("problems: %q %q %v, want the English and %v", e.Message, e.Hint, e.Text, want)
	}
	if !p.has(pageFi, "Uusi kuvaus") {
		t.Error("the last good page is not served while the site has errors")
	}
	// A new stream gets the errors at once.
	ctx2, cancel2 := context.WithCancel(context.Background())
	late := p.stream(ctx2)
	p.expect(late, "problems", func(d string) bool { return strings.Contains(d, expFi) })
	cancel2()

	// Fixed: no errors, and the page reloads.
	write(t, p.dir, expFi, strings.Replace(good, "Uusi kuvaus", "Korjattu kuvaus", 1))
	p.expect(events, "problems", func(d string) bool { return d == `{"errors":[]}` })
	p.expect(events, "reload", func(d string) bool { return strings.Contains(d, pageFi) })
	if !p.has(pageFi, "Korjattu kuvaus") {
		t.Error("the fixed page is not served")
	}
}

// A stylesheet change is swapped in place: a css event with the new URL,
// no page reload.
func TestStylesheetSwap(t *testing.T) {
	p := start(t, testSite(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := p.stream(ctx)
	p.expect(events, "hello", anyData)
	cssURL := regexp.MustCompile(`/assets/main\.[0-9a-f]+\.css`)
	_, home := p.get("/fi/")
	old := cssURL.FindString(home)

	css := filepath.Join(p.dir, "assets/main.css")
	data, err := os.ReadFile(css)
	must(t, err)
	must(t, os.WriteFile(css, append(data, []byte("\n.kokeilu-test{color:#123456}\n")...), 0o644))
	got := p.expect(events, "css", anyData)
	var c cssData
	must(t, json.Unmarshal([]byte(got), &c))
	if len(c.Styles) != 1 || c.Styles[0].Name != "main.css" || c.Styles[0].URL == old || !cssURL.MatchString(c.Styles[0].URL) {
		t.Fatalf("css event %s, want main.css under a new URL (was %s)", got, old)
	}
	reload := p.expect(events, "reload", anyData)
	var r reloadData
	must(t, json.Unmarshal([]byte(reload), &r))
	if r.All || len(r.Paths) > 0 {
		t.Errorf("a stylesheet change reloads pages: %s", reload)
	}
	if !p.has(c.Styles[0].URL, "#123456") {
		t.Error("the new stylesheet is not served")
	}
	if p.status(old) != http.StatusNotFound {
		t.Error("the old stylesheet is still served")
	}
	if !p.has("/sv/", c.Styles[0].URL) {
		t.Error("pages do not link the new stylesheet")
	}
	p.sameAsFresh()
}

// A template or configuration change renders everything again.
func TestLayoutsAndConfig(t *testing.T) {
	p := start(t, testSite(t))
	base := filepath.Join(p.dir, "layouts/base.html")
	data, err := os.ReadFile(base)
	must(t, err)
	must(t, os.WriteFile(base, []byte(strings.Replace(string(data), "<main", `<p class="kokeilu-test">Malli muuttui</p><main`, 1)), 0o644))
	p.until("the template change on every page", func() bool {
		return p.has("/fi/", "Malli muuttui") && p.has("/sv/forsok/ekobetoni/", "Malli muuttui")
	})
	p.sameAsFresh()

	write(t, p.dir, "content/site.yaml", strings.Replace(read(t, p.dir, "content/site.yaml"), "title: Plats för försök", "title: Försöksplatsen", 1))
	p.until("the site's new name", func() bool { return p.has("/sv/kontakter/", "Försöksplatsen") })
	p.sameAsFresh()

	// A new file in a new folder in layouts/ is watched too.
	write(t, p.dir, "layouts/partials/extra/x.html", `{{define "kokeilu-extra"}}{{end}}`)
	p.next()
	write(t, p.dir, "layouts/partials/extra/x.html", `{{define "kokeilu-extra"}}x{{end}}`)
	p.next()
}

// Ctrl-C: the context is cancelled; open event streams end, the server
// shuts down, and no goroutine is left.
func TestShutdown(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	dir := testSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	reports := make(chan *Report, 10)
	srv, err := New(ctx, Options{Root: dir, OnRebuild: func(r *Report) { reports <- r }})
	must(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	<-reports // the first run

	resp, err := http.Get("http://" + ln.Addr().String() + eventsPath)
	must(t, err)
	// Once the hello event arrived, the stream is registered.
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() && sc.Text() != "event: hello" {
	}
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		for sc.Scan() {
		}
	}()
	if srv.hub.count() != 1 {
		t.Fatalf("%d open streams, want 1", srv.hub.count())
	}
	cancel()
	select {
	case err := <-done:
		must(t, err)
	case <-time.After(timeout):
		t.Fatal("Run did not return after cancellation")
	}
	select {
	case <-ended:
	case <-time.After(timeout):
		t.Fatal("the event stream was not closed")
	}
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()
	if _, err := http.Get("http://" + ln.Addr().String() + "/fi/"); err == nil {
		t.Error("the server still answers")
	}
	http.DefaultClient.CloseIdleConnections()
}

// Drafts are left out unless asked for.
func TestDrafts(t *testing.T) {
	dir := testSite(t)
	write(t, dir, "content/pages/luonnos.fi.md", "---\ntitle: Luonnos\ndraft: true\n---\nKesken.\n")
	p := start(t, dir)
	if p.status("/fi/luonnos/") != http.StatusNotFound {
		t.Error("a draft is served without Drafts")
	}
	ctx, cancel := context.WithCancel(context.Background())
	reports := make(chan *Report, 10)
	srv, err := New(ctx, Options{Root: dir, Drafts: true, OnRebuild: func(r *Report) { reports <- r }})
	must(t, err)
	defer func() {
		cancel()
		srv.Close()
	}()
	_, err = srv.eng.Run(ctx, nil, srv.out, nil, nil)
	must(t, err)
	if data, ok := srv.out.Get("fi/luonnos/index.html"); !ok || !strings.Contains(string(data), "Kesken") {
		t.Error("a draft is not served with Drafts")
	}
}

// A broken template or configuration is reported with its file and line,
// the last good build stays served, and the fix brings everything back.
func TestBrokenTemplateAndConfig(t *testing.T) {
	p := start(t, testSite(t))
	errorsIn := func(file string) {
		t.Helper()
		for {
			r := p.next()
			for _, e := range r.Errors() {
				if e.File == file {
					if r.Committed {
						t.Errorf("a build with errors was served")
					}
					return
				}
			}
		}
	}

	base := read(t, p.dir, "layouts/base.html")
	write(t, p.dir, "layouts/base.html", strings.Replace(base, "</main>", "{{if}}</main>", 1))
	errorsIn("layouts/base.html")
	if !p.has("/fi/", "Kokeiluja eri puolilta") {
		t.Error("the last good home page is not served")
	}
	write(t, p.dir, "layouts/base.html", base)
	p.until("the template fixed", func() bool { return p.has(pageFi, "Alkuperäinen kuvaus") })

	cfg := read(t, p.dir, "content/site.yaml")
	write(t, p.dir, "content/site.yaml", strings.Replace(cfg, "pageSize: 2", "pageSize: [2", 1))
	errorsIn("content/site.yaml")
	if !p.has("/sv/", "Försök från olika delar") {
		t.Error("the last good Swedish home page is not served")
	}
	write(t, p.dir, "content/site.yaml", strings.Replace(cfg, "pageSize: 2", "pageSize: 1", 1))
	p.until("the configuration fixed", func() bool { return p.has("/fi/kokeilut/3/", "Kirjastobotti") })
	p.sameAsFresh()
}

// A site whose configuration is broken at start-up is served once fixed.
func TestBrokenAtStartUp(t *testing.T) {
	dir := testSite(t)
	cfg := read(t, dir, "content/site.yaml")
	write(t, dir, "content/site.yaml", strings.Replace(cfg, "languages:", "languages: [", 1))
	reports := make(chan *Report, 10)
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := New(ctx, Options{Root: dir, OnRebuild: func(r *Report) { reports <- r }})
	must(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	p := &preview{t: t, dir: dir, url: "http://" + ln.Addr().String(), srv: srv, reports: reports, cancel: cancel, done: make(chan error, 1)}
	go func() { p.done <- srv.Run(ctx, ln) }()
	t.Cleanup(p.stop)
	if r := p.next(); len(r.Errors()) == 0 || r.Committed {
		t.Fatalf("start-up with a broken site.yaml: committed %v, errors %v", r.Committed, r.Errors())
	}
	if resp, body := p.get("/fi/"); resp.StatusCode != 404 || !strings.Contains(body, scriptPath) {
		t.Errorf("/fi/ before the fix: %s; want 404 with the live-reload script", resp.Status)
	}
	write(t, dir, "content/site.yaml", cfg)
	r := p.next()
	if !r.Committed || !r.ReloadAll || len(r.Errors()) > 0 {
		t.Errorf("after the fix: committed %v, reload all %v, errors %v", r.Committed, r.ReloadAll, r.Errors())
	}
	if !p.has("/fi/", "Kokeiluja eri puolilta") {
		t.Error("/fi/ is not served after the fix")
	}
	p.sameAsFresh()
}

// Errors the site already has (a colleague's broken file) are listed in
// the overlay, and an edit elsewhere is not served until they are fixed:
// the preview shows exactly what `kokeilu build` would publish, and that is
// nothing while the site has errors. The fix brings every edit in.
func TestOldErrorsKeepPagesAsTheyWere(t *testing.T) {
	dir := testSite(t)
	other := "content/experiments/kirjastobotti.fi.md"
	good := read(t, dir, other)
	write(t, dir, other, strings.Replace(good, "tags: [osallisuus, kiertotalous]", "tags: [osallisuus, kiertotalos]", 1))
	reports := make(chan *Report, 100)
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := New(ctx, Options{Root: dir, OnRebuild: func(r *Report) { reports <- r }})
	must(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	p := &preview{t: t, dir: dir, url: "http://" + ln.Addr().String(), srv: srv, reports: reports, cancel: cancel, done: make(chan error, 1)}
	go func() { p.done <- srv.Run(ctx, ln) }()
	t.Cleanup(p.stop)
	if r := p.next(); len(r.Errors()) == 0 || r.Committed {
		t.Fatalf("the unknown tag: committed %v, errors %v", r.Committed, r.Errors())
	}

	write(t, dir, expFi, strings.Replace(read(t, dir, expFi), "Alkuperäinen", "Muokattu", 1))
	r := p.next()
	if r.Committed || p.has(pageFi, "Muokattu kuvaus") {
		t.Errorf("an edit is served while the site has an error (committed %v)", r.Committed)
	}
	errs := r.Errors()
	if len(errs) == 0 {
		t.Error("the old errors are no longer listed")
	}
	for _, e := range errs {
		if !strings.HasPrefix(e.File, "content/experiments/kirjastobotti.") {
			t.Errorf("error %v, want only the old ones of kirjastobotti", e)
		}
	}

	write(t, dir, other, good)
	r = p.next()
	if !r.Committed || len(r.Errors()) > 0 || !p.has(pageFi, "Muokattu kuvaus") {
		t.Errorf("after the fix: committed %v, errors %v", r.Committed, r.Errors())
	}
	p.sameAsFresh()
}

// TestLogInTheChosenLanguage: kokeilu serve -lang sv logs the problems in
// Swedish, while the overlay still gets every language.
func TestLogInTheChosenLanguage(t *testing.T) {
	p := startWith(t, testSite(t), Options{Messages: problem.CatalogFor("sv")})
	good := read(t, p.dir, expFi)
	write(t, p.dir, expFi, strings.Replace(good, "tags: [kiertotalous]", "tags: [kiertotalous", 1))
	if r := p.next(); len(r.Errors()) == 0 {
		t.Fatal("no error")
	}
	log := p.log()
	if !strings.Contains(log, "listan som börjar med [ är inte stängd") || !strings.Contains(log, "avsluta den med ]") ||
		strings.Contains(log, "is not closed") {
		t.Errorf("the log is not in Swedish:\n%s", log)
	}
}
