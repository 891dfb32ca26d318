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
	"time"
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

// listTree returns every file and folder below root with its bytes
// (folders: "/").
func listTree(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			m[rel] = "/"
			return nil
		}
		if !d.Type().IsRegular() {
			m[rel] = "not a file"
			return nil
		}
		b, err := os.ReadFile(p)
		m[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// An output folder damaged after a build (a file truncated, edited,
// removed, replaced, or something added) is repaired by the next build, so
// that an unchanged build always means "equal to a fresh build"; an input
// only touched (new time, same bytes) changes nothing.
func TestOutputRepaired(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, sampleFS(t)); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(src)
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh")
	mustBuild(t, fsys, fresh)
	want := listTree(t, fresh)
	page := filepath.Join("fi", "index.html")
	tests := []struct {
		name    string
		damage  func(out string) error
		written bool // the repair writes files (else only replaces the folder)
	}{
		{"nothing", func(string) error { return nil }, false},
		{"file truncated", func(out string) error { return os.Truncate(filepath.Join(out, page), 10) }, true},
		{"file edited, same size", func(out string) error {
			p := filepath.Join(out, page)
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b[len(b)/2] ^= 1
			return os.WriteFile(p, b, 0o644)
		}, true},
		{"file removed", func(out string) error { return os.Remove(filepath.Join(out, page)) }, true},
		{"file added", func(out string) error {
			return os.WriteFile(filepath.Join(out, "fi", "extra.html"), []byte("x"), 0o644)
		}, false},
		{"folder added", func(out string) error { return os.Mkdir(filepath.Join(out, "sv", "extra"), 0o755) }, false},
		{"file replaced by a link", func(out string) error {
			p := filepath.Join(out, page)
			if err := os.Remove(p); err != nil {
				return err
			}
			return os.Symlink("/etc/passwd", p)
		}, true},
		{"folder removed", func(out string) error { return os.RemoveAll(filepath.Join(out, "sv")) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			mustBuild(t, fsys, out)
			if err := tt.damage(out); err != nil {
				t.Fatal(err)
			}
			res := mustBuild(t, fsys, out)
			if tt.written && res.Written == 0 {
				t.Errorf("the repair wrote no file")
			}
			if !tt.written && res.Rendered != 0 {
				t.Errorf("%d files were rendered, want none", res.Rendered)
			}
			got := listTree(t, out)
			for name, w := range want {
				if g, ok := got[name]; !ok {
					t.Errorf("%s is missing", name)
				} else if g != w {
					t.Errorf("%s differs from a fresh build", name)
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("%s is not in a fresh build", name)
				}
			}
			if again := mustBuild(t, fsys, out); again.Rendered != 0 || again.Written != 0 {
				t.Errorf("the build after the repair rendered %d and wrote %d files", again.Rendered, again.Written)
			}
		})
	}

	t.Run("input touched", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "public")
		mustBuild(t, fsys, out)
		p := filepath.Join(src, "content", "experiments", "huleruoko.fi.md")
		later := time.Now().Add(time.Hour)
		if err := os.Chtimes(p, later, later); err != nil {
			t.Fatal(err)
		}
		if res := mustBuild(t, fsys, out); res.Rendered != 0 || res.Written != 0 {
			t.Errorf("a touched input rendered %d and wrote %d files", res.Rendered, res.Written)
		}
	})
}
