package output

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kokeilu/kokeilu/internal/minify"
)

func write(t *testing.T, out string, files map[string]string, commit bool) *Dir {
	t.Helper()
	d, err := NewDir(out, minify.New())
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := d.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if commit {
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	} else {
		d.Abort()
	}
	return d
}

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCommitReplacesAndRemovesStale(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	write(t, out, map[string]string{"index.html": "<p>a</p>", "old/index.html": "<p>old</p>"}, true)
	write(t, out, map[string]string{"index.html": "<p>b</p>", "new.txt": "n"}, true)
	if got := read(t, filepath.Join(out, "index.html")); got != "<p>b</p>" {
		t.Errorf("index.html = %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "old")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale folder survived: %v", err)
	}
	noStaging(t, out)
}

func TestAbortLeavesPreviousOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	write(t, out, map[string]string{"index.html": "<p>a</p>"}, true)
	write(t, out, map[string]string{"index.html": "<p>broken</p>"}, false)
	if got := read(t, filepath.Join(out, "index.html")); got != "<p>a</p>" {
		t.Errorf("index.html = %q after an aborted build", got)
	}
	noStaging(t, out)
}

func TestUnchangedFilesKeepTheirMtime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	write(t, out, map[string]string{"index.html": "<p>i</p>", "a/index.html": "<p>same</p>", "b.xml": "<x>1</x>"}, true)
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range []string{"a/index.html", "b.xml"} {
		if err := os.Chtimes(filepath.Join(out, n), past, past); err != nil {
			t.Fatal(err)
		}
	}
	d := write(t, out, map[string]string{"a/index.html": "<p>same</p>", "b.xml": "<x>2</x>"}, true)
	if w, k := d.Stats(); w != 1 || k != 1 {
		t.Errorf("written %d, kept %d; want 1 and 1", w, k)
	}
	fi, _ := os.Stat(filepath.Join(out, "a/index.html"))
	if !fi.ModTime().Equal(past) {
		t.Errorf("unchanged file was rewritten: mtime %v", fi.ModTime())
	}
	fi, _ = os.Stat(filepath.Join(out, "b.xml"))
	if fi.ModTime().Equal(past) {
		t.Error("changed file kept its old mtime")
	}
}

func TestRefusesForeignFolder(t *testing.T) {
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "thesis.docx"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewDir(out, minify.New()); !errors.Is(err, ErrNotOutput) {
		t.Fatalf("NewDir on a folder of other files: %v, want ErrNotOutput", err)
	}
}

func TestWriteRefusesEscapingPaths(t *testing.T) {
	d, err := NewDir(filepath.Join(t.TempDir(), "public"), minify.New())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, name := range []string{"../x.html", "/etc/x", "a/../../x"} {
		if err := d.Write(name, []byte("x")); err == nil {
			t.Errorf("Write(%q) succeeded", name)
		}
	}
}

func TestMemory(t *testing.T) {
	m := NewMemory(minify.New())
	if err := m.Write("fi/index.html", []byte("<p>  a  </p>")); err != nil {
		t.Fatal(err)
	}
	if b, ok := m.Get("fi/index.html"); !ok || string(b) != "<p>a</p>" {
		t.Errorf("Get = %q, %v", b, ok)
	}
	m.Delete("fi/index.html")
	if _, ok := m.Get("fi/index.html"); ok || len(m.Names()) != 0 {
		t.Error("Delete left the file")
	}
}
