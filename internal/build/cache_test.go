package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func sampleFS(t *testing.T) fstest.MapFS {
	return repoFSFor(t, "content", "layouts", "assets")
}

func mustBuild(t *testing.T, fsys fs.FS, out string) *Result {
	t.Helper()
	res, err := Build(context.Background(), fsys, out, Options{})
	if err != nil {
		t.Fatalf("build: %v %v", err, res.Problems)
	}
	return res
}

func sameTrees(t *testing.T, a, b string) {
	t.Helper()
	n := 0
	filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs from a fresh build", rel)
		}
		n++
		return nil
	})
	if n < 100 {
		t.Fatalf("only %d files", n)
	}
}

func TestRebuildCache(t *testing.T) {
	fsys := sampleFS(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	cold := mustBuild(t, fsys, out)
	if cold.Rendered == 0 {
		t.Fatal("cold build rendered nothing")
	}

	// Nothing changed: nothing is rendered or written.
	warm := mustBuild(t, fsys, out)
	if warm.Rendered != 0 || warm.Written != 0 {
		t.Errorf("unchanged rebuild rendered %d and wrote %d files", warm.Rendered, warm.Written)
	}

	// A file removed from the output by hand is put back.
	os.Remove(filepath.Join(out, "fi", "index.html"))
	if again := mustBuild(t, fsys, out); again.Rendered != 1 {
		t.Errorf("after removing one output file, %d files were rendered", again.Rendered)
	}
	if _, err := os.Stat(filepath.Join(out, "fi", "index.html")); err != nil {
		t.Error("the removed file was not put back")
	}

	// A body edit re-renders only what shows that body, and the result is
	// exactly what a build without a cache gives.
	p := "content/experiments/huleruoko.fi.md"
	fsys[p] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[p].Data), "## ", "Uusi kappale.\n\n## ", 1))}
	edit := mustBuild(t, fsys, out)
	if edit.Rendered == 0 || edit.Rendered > cold.Rendered/5 {
		t.Errorf("a body edit rendered %d files", edit.Rendered)
	}
	fresh := filepath.Join(dir, "fresh")
	mustBuild(t, fsys, fresh)
	sameTrees(t, fresh, out)

	// A title edit reaches the lists, tag pages, feeds and sitemap.
	fsys[p] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[p].Data), "title: HuleRuoko", "title: HuleRuoko 2", 1))}
	mustBuild(t, fsys, out)
	os.RemoveAll(fresh)
	mustBuild(t, fsys, fresh)
	sameTrees(t, fresh, out)

	// A layout change renders everything.
	l := "layouts/partials/chrome.html"
	fsys[l] = &fstest.MapFile{Data: append(bytes.Clone(fsys[l].Data), "\n{{/* changed */}}"...)}
	if all := mustBuild(t, fsys, out); all.Rendered != cold.Rendered {
		t.Errorf("a layout change rendered %d of %d files", all.Rendered, cold.Rendered)
	}

	// Without its cache file a build renders everything again.
	os.Remove(statePath(out))
	if again := mustBuild(t, fsys, out); again.Rendered != cold.Rendered {
		t.Errorf("without a cache %d of %d files were rendered", again.Rendered, cold.Rendered)
	}
}
