package output

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/kokeilu/kokeilu/internal/minify"
)

// tree reads every file below dir; anything but folders and regular
// files is an error.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if !e.Type().IsRegular() {
			t.Errorf("%s: %v, not a file", rel, e.Type())
			return nil
		}
		got[filepath.ToSlash(rel)] = read(t, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestSpareBuildsWhatANewFolderWould: builds that stage into the spare
// leave exactly the files they wrote, whatever earlier outputs left in it:
// files that became folders and folders that became files, removed files,
// and files someone put into the spare.
func TestSpareBuildsWhatANewFolderWould(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	spare := sparePath(out)
	steps := []struct {
		name   string
		before func() // done to the spare before the build
		files  map[string]string
	}{
		{"first", nil, map[string]string{"index.html": "<p>1</p>", "a": "file a", "b/index.html": "<p>b</p>", "c/d/e.txt": "e"}},
		{"second, no spare yet", nil, map[string]string{"index.html": "<p>2</p>", "a": "file a", "b/index.html": "<p>b</p>", "c/d/e.txt": "e"}},
		{"a becomes a folder, b a file", nil, map[string]string{"index.html": "<p>2</p>", "a/index.html": "<p>a</p>", "b": "file b", "c/d/e.txt": "e"}},
		{"c removed, a back", nil, map[string]string{"index.html": "<p>3</p>", "a": "file a", "b": "file b"}},
		{"strays in the spare", func() {
			mkfile(t, filepath.Join(spare, "stray.html"), "<p>not ours</p>")
			mkfile(t, filepath.Join(spare, "x/deep/stray.txt"), "no")
			if err := os.Symlink("/etc", filepath.Join(spare, "link")); err != nil {
				t.Fatal(err)
			}
			mkfile(t, filepath.Join(spare, "index.html"), "edited in the spare")
		}, map[string]string{"index.html": "<p>3</p>", "a": "file a", "b": "file b", "link/index.html": "<p>l</p>"}},
		{"nothing changed", nil, map[string]string{"index.html": "<p>3</p>", "a": "file a", "b": "file b", "link/index.html": "<p>l</p>"}},
	}
	for i, st := range steps {
		if st.before != nil {
			st.before()
		}
		d := write(t, out, st.files, true)
		if want := i >= 2; d.reuse != want {
			t.Errorf("%s: staged into the spare: %v, want %v", st.name, d.reuse, want)
		}
		if got := tree(t, out); !maps.Equal(got, st.files) {
			t.Errorf("%s: output\n%v\nwant\n%v", st.name, got, st.files)
		}
		noStaging(t, out)
		if i > 0 {
			if got, want := tree(t, spare), steps[i-1].files; !maps.Equal(got, want) && st.before == nil {
				t.Errorf("%s: the spare holds\n%v\nnot the previous output\n%v", st.name, got, want)
			}
		}
	}
}

// TestSpareNeverChangesTheOutput: the spare shares unchanged files with the
// output (hard links). A build that writes new bytes for one of them must
// not write into it: until the swap, and after an aborted build, the output
// is as it was.
func TestSpareNeverChangesTheOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"x.txt": "1", "y/index.html": "<p>1</p>"}
	write(t, out, files, true)
	write(t, out, files, true) // now the spare's files are the output's
	x, _ := os.Lstat(filepath.Join(out, "x.txt"))
	sx, _ := os.Lstat(filepath.Join(sparePath(out), "x.txt"))
	if !os.SameFile(x, sx) {
		t.Fatal("the spare does not share the unchanged file")
	}

	d, err := NewDir(out, minify.New())
	if err != nil {
		t.Fatal(err)
	}
	if !d.reuse {
		t.Fatal("the build does not stage into the spare")
	}
	for name, data := range map[string]string{"x.txt": "2", "y/index.html": "<p>2</p>", "z.txt": "new"} {
		if err := d.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if got := tree(t, out); !maps.Equal(got, files) {
		t.Errorf("before the swap the output holds %v", got)
	}
	d.Abort()
	if got := tree(t, out); !maps.Equal(got, files) {
		t.Errorf("after an aborted build the output holds %v", got)
	}

	next := map[string]string{"x.txt": "3", "y/index.html": "<p>1</p>"}
	write(t, out, next, true)
	if got := tree(t, out); !maps.Equal(got, next) {
		t.Errorf("after the next build the output holds %v, want %v", got, next)
	}
}

// TestUnwritableSpareIsNotUsed: a spare the build could not change is
// not staged into; the build makes a new folder as the first one did.
func TestUnwritableSpareIsNotUsed(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	out := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"a/index.html": "<p>a</p>"}
	write(t, out, files, true)
	write(t, out, files, true)
	ro := filepath.Join(sparePath(out), "a")
	if err := os.Chmod(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(ro, 0o755) })
	next := map[string]string{"a/index.html": "<p>b</p>"}
	if d := write(t, out, next, true); d.reuse {
		t.Error("staged into a read-only spare")
	}
	if got := tree(t, out); !maps.Equal(got, next) {
		t.Errorf("output %v, want %v", got, next)
	}
}
