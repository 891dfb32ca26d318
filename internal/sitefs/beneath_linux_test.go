//go:build linux

package sitefs

import (
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFastReadsAsTheLongWay: on Linux a file is read with one openat2
// beneath the root. For every kind of entry a hostile site can hold, the
// fast read either gives the bytes that the long way (os.Root, looked at
// first) gives, or declines and leaves the answer to it; it reads no file
// that the long way refuses.
func TestFastReadsAsTheLongWay(t *testing.T) {
	root, secret := site(t)
	big := strings.Repeat("0123456789abcdef", 70_000) // more than one read
	must(t, os.WriteFile(filepath.Join(root, "content", "big.md"), []byte(big), 0o644))
	must(t, os.WriteFile(filepath.Join(root, "content", "empty.md"), nil, 0o644))
	for name, target := range map[string]string{
		"layouts/partials/base-copy.html": "../base.html",         // inside: read
		"content/up-and-in.md":            "../content/a.fi.md",   // up and back inside: read
		"assets/linked":                   "images",               // a folder inside
		"assets/secret.txt":               secret,                 // absolute, outside
		"assets/up.txt":                   "../../secret.txt",     // relative, outside
		"assets/environ":                  "/proc/self/environ",   // the environment
		"assets/fd":                       "/proc/self/fd/0",      // a magic link
		"layouts/partials/zero":           "/dev/zero",            // endless
		"content/loop.md":                 "loop.md",              // itself
		"content/via-inside.md":           "../assets/secret.txt", // inside, to outside
		"content/dangling.md":             "none.md",
	} {
		must(t, os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))))
	}
	must(t, syscall.Mkfifo(filepath.Join(root, "content", "pipe.fi.md"), 0o644))
	ln, err := net.Listen("unix", filepath.Join(root, "assets", "sock"))
	must(t, err)
	defer ln.Close()

	f := open(t, root)
	if f.fast < 0 {
		t.Fatal("no openat2 beneath the root on this Linux: every read goes the long way")
	}
	wantFast := map[string]string{
		"content/a.fi.md":                 "---\ntitle: a\n---\n",
		"content/big.md":                  big,
		"content/empty.md":                "",
		"layouts/partials/base-copy.html": "{{.}}",
		"content/up-and-in.md":            "---\ntitle: a\n---\n",
		"assets/images/kuva.svg":          "<svg/>",
	}
	for _, name := range []string{"content/a.fi.md", "content/big.md", "content/empty.md",
		"layouts/partials/base-copy.html", "content/up-and-in.md", "assets/images/kuva.svg",
		"assets/linked", "assets/images", "assets/secret.txt", "assets/up.txt", "assets/environ",
		"assets/fd", "layouts/partials/zero", "content/loop.md", "content/via-inside.md",
		"content/dangling.md", "content/none.md", "content/pipe.fi.md", "assets/sock",
		"assets/linked/kuva.svg", "layouts/../../secret.txt"} {
		within(t, func() {
			data, ok, err := f.fast.readFast(name)
			want, isFast := wantFast[name]
			switch {
			case isFast && (!ok || err != nil || string(data) != want):
				t.Errorf("%s: fast read %d bytes, ok %v, %v; want %d bytes", name, len(data), ok, err, len(want))
			case !isFast && name == "assets/linked/kuva.svg":
				// Through a link to a folder inside: both ways read it.
				long := longWay(t, f, name)
				if ok && !bytes.Equal(data, long) {
					t.Errorf("%s: fast %q, long way %q", name, data, long)
				}
			case !isFast && ok:
				t.Errorf("%s: the fast read took %q (%v), want it to decline", name, data, err)
			}
			if isFast {
				if long := longWay(t, f, name); !bytes.Equal(long, data) {
					t.Errorf("%s: the long way read %d bytes, the fast %d", name, len(long), len(data))
				}
			}
		})
	}
}

// longWay reads name as ReadFile does without the fast read.
func longWay(t *testing.T, f *FS, name string) []byte {
	t.Helper()
	file, err := f.Open(name)
	if err != nil {
		t.Errorf("%s: the long way: %v", name, err)
		return nil
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		t.Errorf("%s: the long way: %v", name, err)
	}
	return data
}
