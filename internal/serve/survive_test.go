package serve

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The preview survives every bad input of the hardening issue: each is
// reported (the overlay lists it), the pages already served stay served,
// and undoing the mistake brings the site back without a restart.
func TestSurvivesBadInput(t *testing.T) {
	p := start(t, testSite(t))
	outside := filepath.Join(t.TempDir(), "secret.txt")
	must(t, os.WriteFile(outside, []byte("s3cr3t"), 0o644))
	deep := "+++\ntitle = \"x\"\nx = " + strings.Repeat("{a = ", 200) + "1" + strings.Repeat("}", 200) + "\n+++\n"
	type bad struct {
		name, file string
		make       func(path string) error // nil: write text
		text       func(old string) string
		want       string // in the first error's file:message
	}
	cases := []bad{
		{name: "negative page size", file: "content/site.yaml", text: func(s string) string { return strings.Replace(s, "pageSize: 2", "pageSize: -1", 1) }, want: "site.yaml"},
		{name: "unknown default language", file: "content/site.yaml", text: func(s string) string { return strings.Replace(s, "defaultLanguage: fi", "defaultLanguage: xx", 1) }, want: "site.yaml"},
		{name: "template syntax", file: "layouts/base.html", text: func(s string) string { return "{{ if }}" + s }, want: "layouts/base.html"},
		{name: "template field", file: "layouts/partials/items.html", text: func(s string) string {
			return strings.Replace(s, `{{define "card"}}`, `{{define "card"}}{{.E.Nope}}`, 1)
		}, want: "layouts/partials/items.html"},
		{name: "UI strings syntax", file: "layouts/i18n/fi.yaml", text: func(s string) string { return "a: [\n" + s }, want: "layouts/i18n/fi.yaml"},
		{name: "deep TOML", file: "content/experiments/syva.fi.md", text: func(string) string { return deep }, want: "syva.fi.md"},
		{name: "invalid UTF-8", file: expFi, text: func(s string) string { return s + "\xff\xfe" }, want: expFi},
		{name: "a NUL in frontmatter", file: expFi, text: func(s string) string { return strings.Replace(s, "title: ", "title: \x00", 1) }, want: expFi},
		{name: "a FIFO", file: "content/experiments/putki.fi.md", make: func(path string) error { return syscall.Mkfifo(path, 0o644) }, want: "putki.fi.md"},
		{name: "a link out of the site", file: "assets/secret.css", make: func(path string) error { return os.Symlink(outside, path) }, want: "assets/secret.css"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(p.dir, filepath.FromSlash(c.file))
			old, readErr := os.ReadFile(path)
			if c.make != nil {
				must(t, c.make(path))
			} else {
				write(t, p.dir, c.file, c.text(string(old)))
			}
			r := p.next()
			errs := r.Errors()
			if len(errs) == 0 || r.Committed {
				t.Fatalf("committed %v, errors %v", r.Committed, errs)
			}
			found := false
			for _, e := range errs {
				found = found || strings.Contains(e.File, c.want)
			}
			if !found {
				t.Errorf("no problem in %s among %v", c.want, errs)
			}
			if p.status("/fi/") != 200 || p.status(pageFi) != 200 {
				t.Errorf("the pages are no longer served")
			}
			if p.has("/assets/secret.css", "s3cr3t") {
				t.Error("the link's target is served")
			}
			// Undo the mistake.
			if readErr == nil {
				must(t, os.WriteFile(path, old, 0o644))
			} else {
				must(t, os.Remove(path))
			}
			r = p.next()
			if errs := r.Errors(); len(errs) > 0 {
				t.Fatalf("after undoing it: %v", errs)
			}
		})
	}
	p.sameAsFresh()
}
