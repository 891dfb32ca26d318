package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copySite copies the repository's sample site (content, layouts, assets)
// into a temporary site root.
func copySite(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	for _, dir := range []string{"content", "layouts", "assets"} {
		if err := os.CopyFS(filepath.Join(dst, dir), os.DirFS(filepath.Join("..", "..", dir))); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func kokeilu(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

// tree reads every file below dir into a map.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSampleSiteBuildsCleanlyAndIdentically(t *testing.T) {
	site := copySite(t)
	code, out, errs := kokeilu(t, "build", "-src", site, "-out", "a")
	// The sample keeps one outdated translation and one page with no
	// Swedish version on purpose: two warnings, printed by build as by
	// check and serve.
	if code != 0 || strings.Contains(errs, "error") {
		t.Fatalf("build: exit %d\n%s", code, errs)
	}
	// build counts the warnings as check does.
	_, checked, _ := kokeilu(t, "check", "-src", site)
	if !strings.HasPrefix(out, "no errors, 2 warnings; pages: fi ") || !strings.HasPrefix(checked, "no errors, 2 warnings; ") {
		t.Errorf("build's summary line = %q, check's = %q; want both to start with \"no errors, 2 warnings; \"", out, checked)
	}
	if code, _, errs := kokeilu(t, "build", "-src", site, "-out", "b"); code != 0 {
		t.Fatalf("second build: exit %d\n%s", code, errs)
	}
	a, b := tree(t, filepath.Join(site, "a")), tree(t, filepath.Join(site, "b"))
	if len(a) < 100 {
		t.Fatalf("only %d files", len(a))
	}
	for name, data := range a {
		if b[name] != data {
			t.Errorf("%s differs between two builds of the same input", name)
		}
	}
	if len(a) != len(b) {
		t.Errorf("%d files, then %d", len(a), len(b))
	}
}

func TestFailedBuildKeepsPreviousOutput(t *testing.T) {
	site := copySite(t)
	if code, _, errs := kokeilu(t, "build", "-src", site); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errs)
	}
	before := tree(t, filepath.Join(site, "public"))
	bad := filepath.Join(site, "content", "experiments", "huleruoko.fi.md")
	src, err := os.ReadFile(bad)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(src), "status: ", "status: valmis\nstatuss: ", 1)
	if err := os.WriteFile(bad, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := kokeilu(t, "build", "-src", site)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, errs)
	}
	for _, want := range []string{
		filepath.ToSlash(filepath.Join(site, "content/experiments/huleruoko.fi.md")) + ":",
		`"valmis" is not a valid status`,
		`hint: `,
		`has no field "statuss"`,
		"nothing was written",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	after := tree(t, filepath.Join(site, "public"))
	if len(after) != len(before) {
		t.Fatalf("%d files before, %d after", len(before), len(after))
	}
	for name, data := range before {
		if after[name] != data {
			t.Errorf("%s changed although the build failed", name)
		}
	}
}

func TestExitCodes(t *testing.T) {
	site := copySite(t)
	tests := []struct {
		args []string
		code int
	}{
		{[]string{}, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"build", "-nope"}, 2},
		{[]string{"build", "-h"}, 0},
		{[]string{"check", "-src", site}, 0},
		{[]string{"check", "-src", t.TempDir()}, 2},
		{[]string{"build", "-src", site, "-out", filepath.Join(site, "content", "x")}, 2},
		{[]string{"build", "-src", site, "-out", filepath.Dir(site)}, 2},
		{[]string{"new", "experiment"}, 2},
		{[]string{"new", "robot", "x", "-src", site}, 2},
		{[]string{"version"}, 0},
	}
	for _, tt := range tests {
		if code, _, errs := kokeilu(t, tt.args...); code != tt.code {
			t.Errorf("kokeilu %s: exit %d, want %d\n%s", strings.Join(tt.args, " "), code, tt.code, errs)
		}
	}
}

func TestNewWritesValidDraftPairAndNeverOverwrites(t *testing.T) {
	site := copySite(t)
	for _, kind := range []string{"experiment", "campaign", "contact", "tag", "page"} {
		code, out, errs := kokeilu(t, "new", "-src", site, kind, "uusi-"+kind)
		if code != 0 {
			t.Fatalf("new %s: exit %d\n%s", kind, code, errs)
		}
		if strings.Count(out, "wrote ") != 2 {
			t.Errorf("new %s wrote: %s", kind, out)
		}
	}
	// The new files are drafts: the site still builds, and with -drafts too.
	for _, args := range [][]string{{"check", "-src", site}, {"check", "-drafts", "-src", site}} {
		if code, _, errs := kokeilu(t, args...); code != 0 {
			t.Errorf("%v after new: exit %d\n%s", args, code, errs)
		}
	}
	p := filepath.Join(site, "content", "tags", "uusi-tag.fi.md")
	if err := os.WriteFile(p, []byte("---\ntitle: Oma\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := kokeilu(t, "new", "-src", site, "tag", "uusi-tag"); code != 2 {
		t.Errorf("new over an existing file: exit %d, want 2", code)
	}
	if b, _ := os.ReadFile(p); string(b) != "---\ntitle: Oma\n---\n" {
		t.Error("new overwrote an existing file")
	}
}

func TestBaseURLFlagIsChecked(t *testing.T) {
	site := copySite(t)
	for _, u := range []string{"javascript:alert(1)//", "https://x.example/../", "https://user@x.example", "ftp://x.example"} {
		code, _, errs := kokeilu(t, "build", "-src", site, "-baseurl", u)
		if code != 2 || !strings.Contains(errs, "-baseurl") {
			t.Errorf("kokeilu build -baseurl %s: exit %d, want 2 and a message\n%s", u, code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("a refused -baseurl still built the site")
	}
}

// Each command's usage line names every flag its -h lists (build -h once
// left out -date).
func TestUsageLineNamesEveryFlag(t *testing.T) {
	for _, cmd := range []string{"build", "check", "serve"} {
		_, out, errs := kokeilu(t, cmd, "-h")
		text := out + errs
		first, rest, _ := strings.Cut(text, "\n")
		for _, line := range strings.Split(rest, "\n") {
			f := strings.Fields(line)
			if len(f) == 0 || !strings.HasPrefix(line, "  -") {
				continue
			}
			if !strings.Contains(first, "["+f[0]) {
				t.Errorf("kokeilu %s -h: the usage line %q does not name %s", cmd, first, f[0])
			}
		}
	}
}
