package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kokeilu/kokeilu/internal/search"
)

// fakePagefind writes a shell script that stands in for Pagefind: it
// writes DIR/pagefind/pagefind.js (and an unused UI file) for --site DIR,
// or does what mode says: "fail" exits 1, "hang" sleeps.
func fakePagefind(t *testing.T, mode string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "pagefind")
	script := `#!/bin/sh
site=$2
case "` + mode + `" in
fail) echo "Error: something went wrong" >&2; exit 1 ;;
hang) exec sleep 60 ;;
esac
test "$3" = --output-subdir || exit 2
mkdir -p "$site/$4" && echo "export {}" > "$site/$4/pagefind.js" && echo x > "$site/$4/pagefind-ui.css"
n=$(find "$site" -name index.html | wc -l)
echo "Indexed 2 languages"
echo "Indexed $n pages"
`
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestBuildMakesSearchIndex(t *testing.T) {
	fsys := sampleFS(t)
	out := filepath.Join(t.TempDir(), "public")
	ctx := context.Background()

	// Without Pagefind: the site is built, without an index.
	if _, err := Build(ctx, fsys, out, Options{}); err != nil {
		t.Fatal(err)
	}
	if search.Has(out) {
		t.Fatal("an index without Pagefind")
	}

	// Nothing changed, but now there is Pagefind: the index is made.
	res, err := Build(ctx, fsys, out, Options{Pagefind: fakePagefind(t, "")})
	if err != nil {
		t.Fatal(err)
	}
	if !search.Has(out) || res.Search == nil || res.Search.Pages == 0 || res.Search.Languages != 2 {
		t.Fatalf("no index after a build with Pagefind: %+v", res.Search)
	}
	if !strings.Contains(res.Summary([]string{"fi", "sv"}), "search index of") {
		t.Errorf("summary %q does not mention the index", res.Summary([]string{"fi", "sv"}))
	}
	if _, err := os.Stat(filepath.Join(out, search.Dir, "pagefind-ui.css")); err == nil {
		t.Error("Pagefind's unused UI files are published")
	}
	// A change elsewhere: the index files whose bytes are the same keep
	// their mtime (the stand-in writes the same pagefind.js every time).
	js := filepath.Join(out, search.Dir, "pagefind.js")
	old, err := os.Stat(js)
	if err != nil {
		t.Fatal(err)
	}
	fsys["content/pages/about.sv.md"].Data = append(fsys["content/pages/about.sv.md"].Data, "\nMer text.\n"...)
	if _, err := Build(ctx, fsys, out, Options{Pagefind: fakePagefind(t, "")}); err != nil {
		t.Fatal(err)
	}
	if now, err := os.Stat(js); err != nil || !os.SameFile(old, now) {
		t.Errorf("the unchanged %s was written again (%v)", js, err)
	}

	// Nothing changed and the index is there: the output is left alone.
	res, err = Build(ctx, fsys, out, Options{Pagefind: fakePagefind(t, "fail")})
	if err != nil || res.Written != 0 || !search.Has(out) {
		t.Fatalf("an unchanged site was indexed again: %v, %d written", err, res.Written)
	}

	// A change and a failing Pagefind: an error, the previous output stays.
	before := snapshot(t, out)
	fsys["content/pages/about.fi.md"].Data = append(fsys["content/pages/about.fi.md"].Data, "\nLisää tekstiä.\n"...)
	_, err = Build(ctx, fsys, out, Options{Pagefind: fakePagefind(t, "fail")})
	if err == nil || !strings.Contains(err.Error(), "something went wrong") || !strings.Contains(err.Error(), "is as it was") {
		t.Fatalf("a failing Pagefind: error %v", err)
	}
	if after := snapshot(t, out); after != before {
		t.Error("a failed index changed the previous output")
	}

	// Ctrl-C while Pagefind runs stops it at once; the output stays.
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	start := time.Now()
	if _, err := Build(ctx, fsys, out, Options{Pagefind: fakePagefind(t, "hang")}); err == nil {
		t.Fatal("a stopped build succeeded")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("stopping Pagefind took %v", d)
	}
	if after := snapshot(t, out); after != before {
		t.Error("a stopped build changed the previous output")
	}
}

// TestBuildWithRealPagefind runs the Pagefind the project pins, when it is
// installed (npm ci --prefix .ci), on the sample site: one index per
// language, holding the experiment pages.
func TestBuildWithRealPagefind(t *testing.T) {
	root, _ := filepath.Abs("../..")
	bin := search.Find(root)
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Pagefind is not installed (npm ci --prefix .ci); CI must run this test")
		}
		t.Skip("Pagefind is not installed: npm ci --prefix .ci")
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), sampleFS(t), out, Options{Pagefind: bin})
	if err != nil {
		t.Fatal(err)
	}
	if res.Search == nil || res.Search.Languages != 2 || res.Search.Pages < 20 {
		t.Fatalf("index: %+v", res.Search)
	}
	for _, l := range []string{"fi", "sv"} {
		m, _ := filepath.Glob(filepath.Join(out, search.Dir, "index", l+"_*.pf_index"))
		if len(m) == 0 {
			t.Errorf("no %s index in %s", l, filepath.Join(out, search.Dir, "index"))
		}
	}
}

// snapshot is every file of a tree with its size and mtime, as one string.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintln(&b, p, fi.ModTime(), fi.Size())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
