package build_test

// Benchmarks of the whole pipeline on synthetic corpora (internal/corpus)
// built with the repository's own layouts/ and assets/.
//
//	go test ./internal/build -run '^$' -bench 'Build_1000|Rebuild'
//	go test ./internal/build -run '^$' -bench Build_10000 -benchtime 3x
//
// BenchmarkBuild_10000 writes about 160 MB of content and 20,500 pages per
// build, so it runs only when asked for by name (the -bench pattern
// contains "10000") or with KOKEILU_BENCH_LARGE=1; `-bench .` skips it.
// -short skips it always. To profile the build without the corpus being
// written in the same run, write it once and name it:
//
//	go run ./cmd/corpus -n 10000 -seed 1 -out /tmp/corpus10k
//	KOKEILU_BENCH_CORPUS_10000=/tmp/corpus10k go test ./internal/build -run '^$' \
//		-bench Build_10000 -benchtime 1x -cpuprofile cpu.prof -memprofile mem.prof

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kokeilu/kokeilu/internal/build"
	"github.com/kokeilu/kokeilu/internal/corpus"
)

// corpusFor writes a corpus of n experiments into a temporary folder, or
// returns the folder KOKEILU_BENCH_CORPUS_<n> names (one written before by
// `go run ./cmd/corpus -n <n>`), so that a CPU profile shows only the build.
func corpusFor(b *testing.B, n int) string {
	b.Helper()
	if dir := os.Getenv("KOKEILU_BENCH_CORPUS_" + strconv.Itoa(n)); dir != "" {
		return dir
	}
	dir := filepath.Join(b.TempDir(), "site")
	if err := corpus.Write(dir, corpus.Options{Experiments: n, Seed: 1, Layouts: "../.."}); err != nil {
		b.Fatalf("writing the corpus: %v", err)
	}
	return dir
}

// largeWanted reports whether the large benchmark was asked for.
func largeWanted() bool {
	if testing.Short() {
		return false
	}
	if os.Getenv("KOKEILU_BENCH_LARGE") == "1" {
		return true
	}
	f := flag.Lookup("test.bench")
	return f != nil && strings.Contains(f.Value.String(), "10000")
}

func BenchmarkBuild_1000(b *testing.B) { benchBuild(b, 1000) }

func BenchmarkBuild_10000(b *testing.B) {
	if !largeWanted() {
		b.Skip("large: select it with -bench Build_10000 or set KOKEILU_BENCH_LARGE=1")
	}
	benchBuild(b, 10000)
}

// benchBuild measures a full build: each iteration writes into a new
// output folder, as a first build or a CI build does.
func benchBuild(b *testing.B, n int) {
	src := os.DirFS(corpusFor(b, n))
	outs := b.TempDir()
	ctx := context.Background()
	var res *build.Result
	i := 0
	for b.Loop() {
		out := filepath.Join(outs, "public"+strconv.Itoa(i))
		i++
		r, err := build.Build(ctx, src, out, build.Options{})
		if err != nil {
			b.Fatalf("build: %v (%d problems)", err, len(r.Problems))
		}
		res = r
		b.StopTimer()
		if err := os.RemoveAll(out); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	report(b, res)
}

// BenchmarkRebuildUnchanged measures a second build into the same output
// folder with nothing changed, as `kokeilu build` run twice does. No file
// may be written; "rendered" shows how many were rendered all the same.
func BenchmarkRebuildUnchanged(b *testing.B) {
	src := os.DirFS(corpusFor(b, 1000))
	out := filepath.Join(b.TempDir(), "public")
	ctx := context.Background()
	if _, err := build.Build(ctx, src, out, build.Options{}); err != nil {
		b.Fatalf("first build: %v", err)
	}
	var res *build.Result
	for b.Loop() {
		r, err := build.Build(ctx, src, out, build.Options{})
		if err != nil {
			b.Fatalf("build: %v", err)
		}
		res = r
	}
	report(b, res)
	b.ReportMetric(float64(res.Written), "written")
	b.ReportMetric(float64(res.Rendered), "rendered")
	if res.Written != 0 {
		b.Errorf("an unchanged rebuild wrote %d files, want 0", res.Written)
	}
}

func report(b *testing.B, res *build.Result) {
	pages := 0
	for _, n := range res.Pages {
		pages += n
	}
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(res.Files), "files")
}
