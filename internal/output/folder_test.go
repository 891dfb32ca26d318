package output

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kokeilu/kokeilu/internal/minify"
)

// noStaging fails if a staging folder of out is left beside it.
func noStaging(t *testing.T, out string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), stagingPrefix(out)+"*"))
	if len(left) > 0 {
		t.Errorf("staging folders left beside the output: %v", left)
	}
}

func mkfile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRefusesFolderWithASite: a folder kokeilu did not make is refused even
// when it holds an index.html (any such folder was wiped before).
func TestRefusesFolderWithASite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "www")
	mkfile(t, filepath.Join(out, "index.html"), "<p>someone else's site</p>")
	mkfile(t, filepath.Join(out, "sitemap.xml"), "<urlset/>")
	_, err := NewDir(out, minify.New())
	if !errors.Is(err, ErrNotOutput) {
		t.Fatalf("NewDir: %v, want ErrNotOutput", err)
	}
	t.Logf("kokeilu build: %v", err)
	if msg := err.Error(); !strings.HasPrefix(msg, out+": ") || !strings.Contains(msg, "choose a new or empty folder with -out") {
		t.Errorf("message %q names neither the folder nor what to do", msg)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "<p>someone else's site</p>" {
		t.Errorf("index.html = %q", got)
	}
	noStaging(t, out)
}

// TestReplacesItsOwn: an empty folder, kokeilu's own output and one from a
// kokeilu that wrote only its build cache beside it are replaced.
func TestReplacesItsOwn(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "public")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, empty, map[string]string{"index.html": "<p>a</p>"}, true)
	write(t, empty, map[string]string{"index.html": "<p>b</p>"}, true) // the marker says it is ours now
	if got := read(t, filepath.Join(empty, "index.html")); got != "<p>b</p>" {
		t.Errorf("index.html = %q", got)
	}

	older := filepath.Join(t.TempDir(), "public")
	mkfile(t, filepath.Join(older, "index.html"), "<p>old</p>")
	mkfile(t, filepath.Join(filepath.Dir(older), ".public.kokeilu-cache"), "kokeilu-cache 1\n")
	write(t, older, map[string]string{"index.html": "<p>new</p>"}, true)
	if got := read(t, filepath.Join(older, "index.html")); got != "<p>new</p>" {
		t.Errorf("index.html = %q", got)
	}
}

// TestRemovesWhatKilledBuildsLeft: the staging folders of builds that were
// killed are removed by the next build, and nothing else beside the output.
func TestRemovesWhatKilledBuildsLeft(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	write(t, out, map[string]string{"index.html": "<p>a</p>"}, true)
	for _, name := range []string{".public.build-123", ".public.build-4567/fi/index.html"} {
		mkfile(t, filepath.Join(parent, name, "x.html"), "left by kill -9")
	}
	keep := []string{".public.build-notes/x", ".public.buildx/x", ".other.build-1/x", "public.bak/x", ".public.build-9"}
	for _, name := range keep {
		mkfile(t, filepath.Join(parent, name), "not kokeilu's")
	}
	write(t, out, map[string]string{"index.html": "<p>b</p>"}, true)
	for _, name := range []string{".public.build-123", ".public.build-4567"} {
		if _, err := os.Stat(filepath.Join(parent, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s survived: %v", name, err)
		}
	}
	for _, name := range keep {
		if got := read(t, filepath.Join(parent, name)); got != "not kokeilu's" {
			t.Errorf("%s = %q", name, got)
		}
	}
}

// TestTidy removes leftovers when a build finds nothing to write.
func TestTidy(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	Tidy(out) // nothing there yet
	write(t, out, map[string]string{"index.html": "<p>a</p>"}, true)
	mkfile(t, filepath.Join(parent, ".public.build-42", "x"), "left by kill -9")
	Tidy(out)
	noStaging(t, out)
}

// TestBusy: a second build of the same output waits its turn and leaves
// the running build's staging folder alone.
func TestBusy(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first, err := NewDir(out, minify.New())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewDir(out, minify.New()); !errors.Is(err, ErrBusy) {
		t.Errorf("second NewDir: %v, want ErrBusy", err)
	}
	Tidy(out)
	if err := first.Write("index.html", []byte("<p>a</p>")); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "<p>a</p>" {
		t.Errorf("index.html = %q", got)
	}
	write(t, out, map[string]string{"index.html": "<p>b</p>"}, true) // the lock is free again
}

// TestReadOnlyOutputStaysAsItWas: a previous output that cannot be removed
// is found before the swap; the new output never goes live.
//
// Root may write to read-only folders (CI runs as root), so there the
// folders are made immutable instead (chattr +i), which stops root too.
func TestReadOnlyOutputStaysAsItWas(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	write(t, out, map[string]string{"index.html": "<p>a</p>", "fi/index.html": "<p>fi</p>"}, true)
	for _, dir := range []string{filepath.Join(out, "fi"), out} {
		if os.Geteuid() != 0 {
			if err := os.Chmod(dir, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
			continue
		}
		if msg, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("chattr +i %s: %v %s", dir, err, msg)
			}
			t.Skipf("as root, a read-only folder needs chattr +i, which failed here: %v %s", err, msg)
		}
		t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
	}
	d, err := NewDir(out, minify.New())
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"index.html": "<p>b</p>", "fi/index.html": "<p>fi</p>", "sv/index.html": "<p>sv</p>"} {
		if err := d.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	err = d.Commit()
	if err == nil || !strings.Contains(err.Error(), "is read-only") || !strings.Contains(err.Error(), "chmod -R u+w") {
		t.Fatalf("Commit: %v, want a read-only error that says what to do", err)
	}
	t.Logf("kokeilu build: %v", err)
	if got := read(t, filepath.Join(out, "index.html")); got != "<p>a</p>" {
		t.Errorf("index.html = %q: the new output went live", got)
	}
	if _, err := os.Stat(filepath.Join(out, "sv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("sv/ appeared in the previous output: %v", err)
	}
	noStaging(t, out)
}
