package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
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
// event for the edited page (median-ms, p90-ms): for edits of an
// experiment's text (the common case while writing) and of its title (the
// page is linked against the served site and served first, see
// builder.preview). rebuilt-median-ms is the time to the end of the whole
// rebuild, for a title edit the lists, tag pages, feeds and data files that
// show the title. It also reports the time from start-up to the first page
// served and the process's peak memory.
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
	first := <-reports
	if errs := first.Errors(); len(errs) > 0 {
		b.Fatalf("the corpus has errors: %v", errs[:min(3, len(errs))])
	}
	b.Logf("start-up to the first page: %v; all %d files rendered %v after start-up", startup, first.Rendered, time.Since(started))

	// The reload events, as a browser gets them.
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+eventsPath, nil)
	stream, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer stream.Body.Close()
	reloads := make(chan reloadData, 100)
	go func() {
		sc := bufio.NewScanner(stream.Body)
		sc.Buffer(nil, 1<<20)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				name = v
			} else if v, ok := strings.CutPrefix(line, "data: "); ok && name == "reload" {
				var r reloadData
				if json.Unmarshal([]byte(v), &r) == nil {
					reloads <- r
				}
			}
		}
		close(reloads)
	}()

	edits := 0
	edit := func(b *testing.B, kind string) {
		var lat, whole []time.Duration // to the page's reload event; to the end of the rebuild
		var rendered int
		for b.Loop() {
			// edits counts on across runs (-count), so that no edit
			// writes what a file already holds.
			f := files[edits%len(files)]
			edits++
			i := edits
			text := string(originals[f])
			switch kind {
			case "text":
				text += fmt.Sprintf("\nMuokkaus %d.\n", i)
			case "title":
				text = strings.Replace(text, "title: ", fmt.Sprintf("title: Muokattu %d ", i), 1)
			}
			page := "/fi/" + "kokeilut/" + strings.TrimSuffix(filepath.Base(f), ".fi.md") + "/"
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
					b.Fatalf("no reload of %s within %v", page, timeout)
				}
			}
			lat = append(lat, time.Since(t0))
			// Wait for the whole rebuild before the next edit, as an
			// editor's saves are seconds apart: the next edit's figure
			// is then its own.
			rendered += settle(b, reports)
			whole = append(whole, time.Since(t0))
			drain(reloads)
		}
		slices.Sort(lat)
		slices.Sort(whole)
		b.ReportMetric(ms(lat[len(lat)/2]), "median-ms")
		b.ReportMetric(ms(lat[len(lat)*9/10]), "p90-ms")
		b.ReportMetric(ms(whole[len(whole)/2]), "rebuilt-median-ms")
		b.ReportMetric(float64(rendered)/float64(len(lat)), "files/edit")
		b.ReportMetric(startup.Seconds(), "startup-s")
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
			b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB") // Maxrss is in KiB on Linux
		}
	}
	b.Run("text", func(b *testing.B) { edit(b, "text") })
	b.Run("title", func(b *testing.B) { edit(b, "title") })
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

// drain discards the reload events still on their way, so that the next
// edit waits for its own.
func drain(reloads chan reloadData) {
	for {
		select {
		case <-reloads:
		case <-time.After(20 * time.Millisecond):
			return
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
