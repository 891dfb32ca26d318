package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/kokeilu/kokeilu/internal/engine"
	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/output"
	"github.com/kokeilu/kokeilu/internal/sitefs"
)

// testSite writes testdata/site.txtar and the repository's layouts and
// assets into a new folder and returns it.
func testSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "site.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyTree(t, repoRoot(t), dir, "layouts", "assets")
	return dir
}

// preview is a running server for a test.
type preview struct {
	t       testing.TB
	dir     string
	url     string
	srv     *Server
	reports chan *Report
	cancel  context.CancelFunc
	done    chan error
	log     func() string // what the server has logged so far
}

// timeout bounds every wait of the tests; a rebuild takes milliseconds.
const timeout = 20 * time.Second

// start runs a preview of dir on a free loopback port until the test ends,
// and waits for its first render.
func start(t testing.TB, dir string) *preview { return startWith(t, dir, Options{}) }

// startWith is start with more options; Root, Logger and OnRebuild are the
// test's.
func startWith(t testing.TB, dir string, opt Options) *preview {
	t.Helper()
	reports := make(chan *Report, 100)
	var logs bytes.Buffer
	var logMu sync.Mutex
	log := slog.New(slog.NewTextHandler(lockedWriter{&logs, &logMu}, nil))
	ctx, cancel := context.WithCancel(context.Background())
	opt.Root, opt.Logger, opt.OnRebuild = dir, log, func(r *Report) { reports <- r }
	srv, err := New(ctx, opt)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cancel()
		srv.Close()
		t.Fatal(err)
	}
	p := &preview{t: t, dir: dir, url: "http://" + ln.Addr().String(), srv: srv, reports: reports, cancel: cancel, done: make(chan error, 1),
		log: func() string {
			logMu.Lock()
			defer logMu.Unlock()
			return logs.String()
		}}
	go func() { p.done <- srv.Run(ctx, ln) }()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			logMu.Lock()
			t.Logf("server log:\n%s", logs.String())
			logMu.Unlock()
		}
	})
	p.next() // the first run
	return p
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// stop cancels the server and waits for Run to return.
func (p *preview) stop() {
	if p.cancel == nil {
		return
	}
	p.cancel()
	p.cancel = nil
	select {
	case err := <-p.done:
		if err != nil {
			p.t.Errorf("Run: %v", err)
		}
	case <-time.After(timeout):
		p.t.Errorf("Run did not return %v after its context was cancelled", timeout)
	}
}

// next waits for the next rebuild.
func (p *preview) next() *Report {
	p.t.Helper()
	select {
	case r := <-p.reports:
		return r
	case <-time.After(timeout):
		p.t.Fatalf("no rebuild within %v", timeout)
		return nil
	}
}

// until waits for rebuilds until ok holds, and fails on any rebuild with
// errors (an editor's save must never show one).
func (p *preview) until(what string, ok func() bool) {
	p.t.Helper()
	deadline := time.After(timeout)
	for !ok() {
		select {
		case r := <-p.reports:
			if errs := r.Errors(); len(errs) > 0 {
				p.t.Fatalf("%s: rebuild after %v reported errors: %v", what, r.Changed, errs)
			}
		case <-deadline:
			p.t.Fatalf("%s: not seen within %v", what, timeout)
		}
	}
}

// get fetches a path without following redirects.
func (p *preview) get(path string) (*http.Response, string) {
	p.t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(p.url + path)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return resp, string(body)
}

// has reports whether path is served with status 200 and contains text.
func (p *preview) has(path, text string) bool {
	resp, body := p.get(path)
	return resp.StatusCode == http.StatusOK && strings.Contains(body, text)
}

// status is the HTTP status of a path.
func (p *preview) status(path string) int {
	resp, _ := p.get(path)
	return resp.StatusCode
}

// write writes a file below the site root in one step (a hidden file
// renamed into place, as most editors save), so that the watcher never
// sees it truncated: under -race on a loaded machine it once read an
// os.WriteFile'd site.yaml between the truncation and the write.
func write(t testing.TB, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".kokeilu-test")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

func read(t testing.TB, dir, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// sameAsFresh checks that the preview serves exactly what a fresh build of
// the folder gives: incremental rebuilds must not leave stale files.
func (p *preview) sameAsFresh() {
	p.t.Helper()
	fsys, err := sitefs.Open(p.dir)
	must(p.t, err)
	m := minify.New()
	fresh := output.NewMemory(m)
	res, err := engine.New(fsys, engine.Options{Program: engine.ProgramHash()}, m, nil).Run(context.Background(), nil, fresh, nil, nil)
	must(p.t, err)
	if !res.Rendered {
		p.t.Fatalf("the site has errors: %v", res.Problems)
	}
	// The pages a test waited for are served first (Engine.Want), while
	// the run goes on with the rest: compare again until it is done.
	deadline := time.Now().Add(timeout)
	for {
		diffs := p.diffs(fresh)
		if len(diffs) == 0 {
			return
		}
		if time.Now().After(deadline) {
			for _, d := range diffs {
				p.t.Error(d)
			}
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// diffs says how the served files differ from fresh.
func (p *preview) diffs(fresh *output.Memory) []string {
	var out []string
	served := p.srv.out
	got, want := served.Names(), fresh.Names()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		out = append(out, fmt.Sprintf("served files differ from a fresh build:\n%s", diffLists(got, want)))
	}
	for _, name := range want {
		g, _ := served.Get(name)
		w, _ := fresh.Get(name)
		if g != nil && !bytes.Equal(g, w) {
			out = append(out, name+" differs from a fresh build")
		}
	}
	return out
}

func diffLists(got, want []string) string {
	in := func(l []string) map[string]bool {
		m := map[string]bool{}
		for _, s := range l {
			m[s] = true
		}
		return m
	}
	g, w := in(got), in(want)
	var b strings.Builder
	for _, s := range got {
		if !w[s] {
			b.WriteString("  extra: " + s + "\n")
		}
	}
	for _, s := range want {
		if !g[s] {
			b.WriteString("  missing: " + s + "\n")
		}
	}
	return b.String()
}

// repoRoot is the module's root, which holds the layouts/ and assets/ the
// test sites use, so that the tests follow the templates as they change.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "layouts", "base.html")); err != nil {
		t.Fatalf("no layouts/ at the repository root %s: %v", dir, err)
	}
	return dir
}

// copyTree copies the folders names of src into dst.
func copyTree(t testing.TB, src, dst string, names ...string) {
	t.Helper()
	for _, name := range names {
		if err := os.CopyFS(filepath.Join(dst, name), os.DirFS(filepath.Join(src, name))); err != nil {
			t.Fatal(err)
		}
	}
}
