package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runWithin runs kokeilu with a deadline and fails the test if it does not
// return: a FIFO in content/ used to block the build forever.
func runWithin(t *testing.T, limit time.Duration, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		var o, e bytes.Buffer
		c := run(ctx, args, &o, &e)
		done <- result{c, o.String(), e.String()}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.err
	case <-time.After(limit + 10*time.Second):
		t.Fatalf("kokeilu %s did not return within %v", strings.Join(args, " "), limit)
		return 0, "", ""
	}
}

// TestFilesOutsideTheSite: links that leave the site root and a FIFO are
// refused with a problem that names the file, never read or published.
func TestFilesOutsideTheSite(t *testing.T) {
	site := copySite(t)
	if code, _, errs := kokeilu(t, "build", "-src", site); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, errs)
	}
	before := tree(t, filepath.Join(site, "public"))

	secret := filepath.Join(t.TempDir(), "token.txt")
	if err := os.WriteFile(secret, []byte("NETLIFY_AUTH_TOKEN=s3cr3t"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{
		"assets/token.css":            secret,
		"assets/environ.txt":          "/proc/self/environ",
		"layouts/partials/token.html": secret,
	} {
		if err := os.Symlink(target, filepath.Join(site, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(site, "content", "experiments", "putki.fi.md"), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, cmd := range []string{"build", "check"} {
		code, _, errs := runWithin(t, 20*time.Second, cmd, "-src", site)
		if code != exitContent {
			t.Errorf("%s: exit %d, want %d\n%s", cmd, code, exitContent, errs)
		}
		for _, want := range []string{
			"/assets/token.css: is a link to " + secret + ", outside the site folder",
			"/assets/environ.txt: is a link to /proc/self/environ, outside the site folder",
			"/content/experiments/putki.fi.md: is a named pipe (FIFO), not a file",
			"layouts/partials/token.html: is a link to " + secret + ", outside the site folder; kokeilu reads only files inside it\n" +
				"\thint: copy the file into the site instead of linking to it",
		} {
			if !strings.Contains(errs, want) {
				t.Errorf("%s: no %q in\n%s", cmd, want, errs)
			}
		}
		if strings.Contains(errs, "s3cr3t") {
			t.Errorf("%s: the link's target was read:\n%s", cmd, errs)
		}
		t.Logf("kokeilu %s:\n%s", cmd, errs)
	}
	after := tree(t, filepath.Join(site, "public"))
	for name, data := range after {
		if before[name] != data {
			t.Errorf("%s changed after a refused build", name)
		}
		if strings.Contains(data, "s3cr3t") {
			t.Errorf("%s publishes the link's target", name)
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d files before the refused build, %d after", len(before), len(after))
	}
}

// TestOutputFolderNotKokeilus: -out at a folder kokeilu did not make is
// refused and left as it was; what killed builds left is removed.
func TestOutputFolderNotKokeilus(t *testing.T) {
	site := copySite(t)
	www := filepath.Join(site, "www")
	if err := os.MkdirAll(www, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(www, "index.html"), []byte("<p>another site</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := kokeilu(t, "build", "-src", site, "-out", "www")
	if code == exitOK || !strings.Contains(errs, "www: the folder is not empty and was not made by kokeilu build") ||
		!strings.Contains(errs, "choose a new or empty folder with -out") {
		t.Errorf("build -out www: exit %d\n%s", code, errs)
	}
	t.Logf("kokeilu build -out www:\n%s", errs)
	if got := tree(t, www); len(got) != 1 || got["index.html"] != "<p>another site</p>" {
		t.Errorf("www/ changed: %v", got)
	}

	left := filepath.Join(site, ".public.build-1234567")
	if err := os.MkdirAll(filepath.Join(left, "fi"), 0o755); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second build finds nothing to write and tidies up too
		if code, _, errs := kokeilu(t, "build", "-src", site); code != exitOK {
			t.Fatalf("build: exit %d\n%s", code, errs)
		}
		if _, err := os.Stat(left); !os.IsNotExist(err) {
			t.Errorf("the staging folder a killed build left survived: %v", err)
		}
		if err := os.MkdirAll(left, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}
