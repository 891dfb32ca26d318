package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kokeilu/kokeilu/internal/corpus"
)

// BenchmarkEditToReload measures, on a generated site of 5,000 experiments
// in both languages, the time from an editor's file write to the reload
// event for the edited page, which a browser shows (median-ms, p90-ms): for
// edits of an experiment's text (the common case while writing) and of its
// title. first-edit-ms is an edit right after start-up, while the start-up
// run still renders the rest of the site. rebuilt-median-ms is the time to
// the end of the whole run, for a title edit the lists, tag pages, feeds
// and data files that show the title. It also reports the time from
// start-up to the first page served and the process's peak memory.
//
// KOKEILU_BENCH_CORPUS_5000 may name a folder written beforehand by
// corpus.Write (Experiments 5000, Seed 1); it is edited and restored.
func BenchmarkEditToReload(b *testing.B) {
	const n = 5000
	dir := os.Getenv("KOKEILU_BENCH_CORPUS_" + strconv.Itoa(n))
	if dir == "" {
		dir = filepath.Join(b.TempDir(), "site")
		if err := corpus.Write(dir, corpus.Options{Experiments: n, Seed: 1, Layouts: repoRoot(b)}); err != nil {
			b.Fatal(err)
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "content", "experiments", "*.fi.md"))
	if err != nil || len(files) < 100 {
		b.Fatalf("no corpus in %s: %v", dir, err)
	}
	slices.Sort(files)
	files = files[:100]
	originals := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		originals[f] = data
	}
	b.Cleanup(func() {
		for f, data := range originals {
			_ = os.WriteFile(f, data, 0o644)
		}
	})

	// Start-up: from New to the first page served.
	reports := make(chan *Report, 1000)
	ctx, cancel := context.WithCancel(context.Background())
	started := time.Now()
	srv, err := New(ctx, Options{Root: dir, OnRebuild: func(r *Report) { reports <- r }})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}()
	base := "http://" + ln.Addr().String()
	resp, err := http.Get(base + "/fi/")
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Fatalf("/fi/: %s", resp.Status)
	}
	startup := time.Since(started)

	edits := 0
	// editOnce edits the next file while a browser shows its page (an
	// open event stream with the page's path, as reload.js opens it), and
	// returns the time from the write to the page's reload event, to the
	// end of the run, and the files the run rendered.
	editOnce := func(b *testing.B, kind string) (lat, whole time.Duration, rendered int) {
		// edits counts on across runs (-count), so that no edit writes
		// what a file already holds.
		f := files[edits%len(files)]
		edits++
		text := string(originals[f])
		switch kind {
		case "text":
			text += fmt.Sprintf("\nMuokkaus %d.\n", edits)
		case "title":
			text = strings.Replace(text, "title: ", fmt.Sprintf("title: Muokattu %d ", edits), 1)
		}
		page := "/fi/" + "kokeilut/" + strings.TrimSuffix(filepath.Base(f), ".fi.md") + "/"
		sctx, stop := context.WithCancel(ctx)
		defer stop()
		reloads := openStream(b, sctx, base, page)
		t0 := time.Now()
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	wait:
		for {
			select {
			case r := <-reloads:
				if slices.Contains(r.Paths, page) || r.All {
					break wait
				}
			case <-time.After(timeout):
				// A site with errors renders nothing: say which.
				for len(reports) > 0 {
					if errs := (<-reports).Errors(); len(errs) > 0 {
						b.Fatalf("no reload of %s: the site has errors: %v", page, errs[:min(3, len(errs))])
					}
				}
				b.Fatalf("no reload of %s within %v", page, timeout)
			}
		}
		lat = time.Since(t0)
		// Wait for the whole run before the next edit, as an editor's
		// saves are seconds apart: the next edit's figure is then its own.
		rendered = settle(b, reports)
		return lat, time.Since(t0), rendered
	}

	// The first edit comes while the start-up run is still rendering.
	firstEdit, firstWhole, _ := editOnce(b, "text")
	b.Logf("start-up to the first page: %v; the first edit, right after: %v to its reload, %v to the end of the run",
		startup, firstEdit, firstWhole)

	edit := func(b *testing.B, kind string) {
		var lat, whole []time.Duration // to the page's reload event; to the end of the rebuild
		var rendered int
		for b.Loop() {
			l, w, n := editOnce(b, kind)
			lat, whole, rendered = append(lat, l), append(whole, w), rendered+n
		}
		slices.Sort(lat)
		slices.Sort(whole)
		b.ReportMetric(ms(lat[len(lat)/2]), "median-ms")
		b.ReportMetric(ms(lat[len(lat)*9/10]), "p90-ms")
		b.ReportMetric(ms(whole[len(whole)/2]), "rebuilt-median-ms")
		b.ReportMetric(float64(rendered)/float64(len(lat)), "files/edit")
		b.ReportMetric(startup.Seconds(), "startup-s")
		b.ReportMetric(ms(firstEdit), "first-edit-ms")
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
			b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB") // Maxrss is in KiB on Linux
		}
	}
	b.Run("text", func(b *testing.B) { edit(b, "text") })
	b.Run("title", func(b *testing.B) { edit(b, "title") })
}

// openStream opens an event stream as a browser showing page does, waits
// until the server has it, and returns its reload events.
func openStream(b *testing.B, ctx context.Context, base, page string) <-chan reloadData {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+eventsPath+"?page="+url.QueryEscape(page), nil)
	stream, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	reloads := make(chan reloadData, 100)
	hello := make(chan struct{})
	go func() {
		defer stream.Body.Close()
		defer close(reloads)
		sc := bufio.NewScanner(stream.Body)
		sc.Buffer(nil, 1<<20)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				name = v
				if name == "hello" {
					close(hello)
				}
			} else if v, ok := strings.CutPrefix(line, "data: "); ok && name == "reload" {
				var r reloadData
				if json.Unmarshal([]byte(v), &r) == nil {
					reloads <- r
				}
			}
		}
	}()
	select {
	case <-hello:
	case <-time.After(timeout):
		b.Fatal("no hello event")
	}
	return reloads
}

// settle waits for the end of an edit's rebuild and returns how many
// files it rendered.
func settle(b *testing.B, reports chan *Report) int {
	for r := range reports {
		if errs := r.Errors(); len(errs) > 0 {
			b.Fatalf("a benchmark edit made errors: %v", errs)
		}
		if !r.Early {
			return r.Rendered
		}
	}
	return 0
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
