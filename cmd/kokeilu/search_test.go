package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Without Pagefind the build succeeds and says in one line how to install
// it; with one (here a stand-in where `npm ci --prefix .ci` puts it) the
// output has the index and nothing is said. A pagefind in another
// node_modules/ of the site folder is never run.
func TestBuildWithoutAndWithPagefind(t *testing.T) {
	t.Setenv("PATH", "/usr/bin:/bin")
	if _, err := exec.LookPath("pagefind"); err == nil {
		t.Skip("pagefind is installed in /usr/bin or /bin")
	}
	dir := copySite(t)
	code, stdout, stderr := kokeilu(t, "build", "-src", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var notes []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, "Pagefind is not installed") {
			notes = append(notes, l)
		}
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "npm ci --prefix .ci") {
		t.Errorf("stderr without Pagefind: %q; want one line saying how to install it", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "pagefind")); err == nil {
		t.Error("an index without Pagefind")
	}
	if !strings.Contains(stdout, "pages: fi ") {
		t.Errorf("stdout %q", stdout)
	}

	script := "#!/bin/sh\nmkdir -p \"$2/$4\" && echo 'export {}' > \"$2/$4/pagefind.js\" && echo 'Indexed 31 pages'\n"
	stray := filepath.Join(dir, "node_modules", ".bin", "pagefind")
	os.MkdirAll(filepath.Dir(stray), 0o755)
	if err := os.WriteFile(stray, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := kokeilu(t, "build", "-src", dir); code != 0 || !strings.Contains(stderr, "Pagefind is not installed") {
		t.Errorf("a pagefind in the site's node_modules/ was run: exit %d, stderr %q", code, stderr)
	}
	bin := filepath.Join(dir, ".ci", "node_modules", ".bin", "pagefind")
	os.MkdirAll(filepath.Dir(bin), 0o755)
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = kokeilu(t, "build", "-src", dir)
	if code != 0 || strings.Contains(stderr, "Pagefind is not installed") || !strings.Contains(stdout, "search index of 31 pages") {
		t.Errorf("with Pagefind: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "pagefind", "pagefind.js")); err != nil {
		t.Error(err)
	}
}
