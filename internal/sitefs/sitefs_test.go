package sitefs

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// site makes a site root with a few regular files and a secret beside it.
func site(t *testing.T) (root, secret string) {
	t.Helper()
	dir := t.TempDir()
	root = filepath.Join(dir, "site")
	secret = filepath.Join(dir, "secret.txt")
	for name, text := range map[string]string{
		"site/content/a.fi.md":          "---\ntitle: a\n---\n",
		"site/layouts/base.html":        "{{.}}",
		"site/layouts/partials/x.html":  "x",
		"site/assets/main.css":          "body{}",
		"secret.txt":                    "TOKEN=s3cr3t",
		"outside/partials/stolen.html":  "stolen",
		"site/assets/images/kuva.svg":   "<svg/>",
		"site/content/experiments/b.md": "b",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(text), 0o644))
	}
	return root, secret
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, root string) *FS {
	t.Helper()
	f, err := Open(root)
	must(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func TestRegularFiles(t *testing.T) {
	root, _ := site(t)
	must(t, fstest.TestFS(open(t, root), "content/a.fi.md", "layouts/base.html", "assets/images/kuva.svg"))
}

// within runs f and fails if it does not return in time: a FIFO opened for
// reading blocks until a writer comes, which in a build is never.
func within(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("blocked for 10 s")
	}
}

func TestRefused(t *testing.T) {
	root, secret := site(t)
	links := map[string]string{
		"assets/secret.txt":        secret,                   // absolute, outside
		"assets/up.txt":            "../../secret.txt",       // relative, outside
		"assets/environ":           "/proc/self/environ",     // the build's environment
		"layouts/partials/zero":    "/dev/zero",              // endless
		"layouts/stolen":           "../../outside/partials", // a folder outside
		"content/loop.md":          "loop.md",                // itself
		"content/via-inside.md":    "../assets/secret.txt",   // inside, to a link outside
		"content/experiments/c.md": "../../../secret.txt",    // two levels up
	}
	for name, target := range links {
		must(t, os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))))
	}
	must(t, syscall.Mkfifo(filepath.Join(root, "content", "pipe.fi.md"), 0o644))
	must(t, os.Symlink("pipe.fi.md", filepath.Join(root, "content", "to-pipe.md")))
	ln, err := net.Listen("unix", filepath.Join(root, "assets", "sock"))
	must(t, err)
	defer ln.Close()

	f := open(t, root)
	for _, name := range []string{"assets/secret.txt", "assets/up.txt", "assets/environ", "layouts/partials/zero",
		"content/via-inside.md", "content/experiments/c.md", "content/pipe.fi.md", "content/to-pipe.md", "assets/sock",
		"layouts/stolen/stolen.html", "content/loop.md"} {
		within(t, func() {
			data, err := fs.ReadFile(f, name)
			if err == nil {
				t.Errorf("%s: read %q", name, data)
				return
			}
			r, ok := Explain(err)
			if !ok {
				t.Errorf("%s: %v, want a refusal", name, err)
				return
			}
			if r.Path != name || r.Hint == "" || strings.Contains(r.Error(), "s3cr3t") {
				t.Errorf("%s: refusal %+v", name, r)
			}
			if !errors.Is(err, fs.ErrPermission) {
				t.Errorf("%s: %v is not fs.ErrPermission", name, err)
			}
		})
	}
	if _, err := fs.ReadDir(f, "layouts/stolen"); err == nil {
		t.Error("listed a folder outside the root")
	}
	if m, _ := fs.Glob(f, "layouts/stolen/*.html"); len(m) > 0 {
		t.Errorf("glob found %v outside the root", m)
	}
	r, _ := Explain(firstErr(fs.ReadFile(f, "content/pipe.fi.md")))
	if r == nil || !strings.Contains(r.Reason, "FIFO") {
		t.Errorf("FIFO: %v", r)
	}
	r, _ = Explain(firstErr(fs.ReadFile(f, "assets/environ")))
	if r == nil || !strings.Contains(r.Reason, "/proc/self/environ") || !strings.Contains(r.Reason, "outside the site") {
		t.Errorf("environ: %v", r)
	}
	r, _ = Explain(firstErr(fs.ReadFile(f, "content/loop.md")))
	if r == nil || !strings.Contains(r.Reason, "cannot be followed") {
		t.Errorf("loop: %v", r)
	}
}

func firstErr(_ []byte, err error) error { return err }

// TestLinksInside: a link to a regular file inside the root is followed.
func TestLinksInside(t *testing.T) {
	root, _ := site(t)
	must(t, os.Symlink("../base.html", filepath.Join(root, "layouts", "partials", "base-copy.html")))
	f := open(t, root)
	data, err := fs.ReadFile(f, "layouts/partials/base-copy.html")
	if err != nil || string(data) != "{{.}}" {
		t.Fatalf("link inside the root: %q, %v", data, err)
	}
	if m, _ := fs.Glob(f, "layouts/partials/*.html"); len(m) != 2 {
		t.Errorf("glob: %v", m)
	}
	if _, err := fs.ReadFile(f, "layouts/partials/none.html"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v, want fs.ErrNotExist", err)
	}
	must(t, os.Symlink("none.html", filepath.Join(root, "layouts", "partials", "dangling.html")))
	if _, err := fs.ReadFile(f, "layouts/partials/dangling.html"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a dangling link inside: %v, want fs.ErrNotExist", err)
	}
}

// TestStat describes a FIFO and a link outside as what they are, without
// opening them or following the link, so a caller reads them next and
// reports the refusal.
func TestStat(t *testing.T) {
	root, secret := site(t)
	must(t, syscall.Mkfifo(filepath.Join(root, "content", "pipe.fi.md"), 0o644))
	must(t, os.Symlink(secret, filepath.Join(root, "assets", "secret.txt")))
	f := open(t, root)
	within(t, func() {
		if fi, err := fs.Stat(f, "content/pipe.fi.md"); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
			t.Errorf("Stat(FIFO) = %v, %v", fi, err)
		}
	})
	if fi, err := fs.Stat(f, "assets/secret.txt"); err != nil || fi.Mode()&fs.ModeSymlink == 0 || fi.Size() == int64(len("TOKEN=s3cr3t")) {
		t.Errorf("Stat(link outside) = %v, %v; want the link itself", fi, err)
	}
}
