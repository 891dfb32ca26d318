//go:build linux

package output

import (
	"io/fs"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/kokeilu/kokeilu/internal/minify"
)

// TestListSpareAsWalkDir: the spare's getdents64 listing holds what
// fs.WalkDir finds, in its order, with the inode of each regular file and
// of nothing else.
func TestListSpareAsWalkDir(t *testing.T) {
	spare := filepath.Join(t.TempDir(), ".public.kokeilu-spare")
	for _, name := range []string{"index.html", "a/index.html", "a/b/c/d.txt", "ä ö/x.html", "z/index.html"} {
		mkfile(t, filepath.Join(spare, filepath.FromSlash(name)), name)
	}
	for _, dir := range []string{"empty", "a/b/empty"} {
		if err := os.MkdirAll(filepath.Join(spare, filepath.FromSlash(dir)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink("/etc", filepath.Join(spare, "to-etc")))
	must(os.Symlink("index.html", filepath.Join(spare, "a", "link.html")))
	must(os.Link(filepath.Join(spare, "index.html"), filepath.Join(spare, "z", "hard.html")))
	must(syscall.Mkfifo(filepath.Join(spare, "a", "fifo"), 0o644))
	ln, err := net.Listen("unix", filepath.Join(spare, "sock"))
	must(err)
	defer ln.Close()

	got, err := listSpare(spare)
	must(err)
	want, err := walkSpare(spare)
	must(err)
	names := func(es []spareEntry) []string {
		var out []string
		for _, e := range es {
			s := e.name
			if e.dir {
				s += "/"
			}
			out = append(out, s)
		}
		return out
	}
	if !slices.Equal(names(got), names(want)) {
		t.Errorf("listed\n%v\nwalked\n%v", names(got), names(want))
	}
	for _, e := range got {
		fi, err := os.Lstat(filepath.Join(spare, filepath.FromSlash(e.name)))
		must(err)
		switch {
		case fi.Mode().IsRegular() && e.ino != InodeOf(fi):
			t.Errorf("%s: inode %d, want %d", e.name, e.ino, InodeOf(fi))
		case !fi.Mode().IsRegular() && e.ino != 0:
			t.Errorf("%s (%v): inode %d, want none", e.name, fi.Mode().Type(), e.ino)
		case e.dir != fi.IsDir():
			t.Errorf("%s: folder %v, want %v", e.name, e.dir, fi.IsDir())
		}
	}
}

// TestKeepTrustsNoSpareFile: with the output's inodes known, a kept file
// that the spare already shares with the output costs nothing, and every
// other one (replaced by another file, a link or a folder, removed in the
// spare)
// is linked from the output again: the new output is the old one.
func TestKeepTrustsNoSpareFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"index.html": "<p>1</p>", "a/index.html": "<p>a</p>", "b/index.html": "<p>b</p>",
		"c/index.html": "<p>c</p>", "d/index.html": "<p>d</p>", "e/f/index.html": "<p>f</p>"}
	write(t, out, files, true)
	write(t, out, files, true) // the spare now shares every file with the output
	spare := sparePath(out)
	// Written into in place, the spare's file would be the output's too
	// (one file, two names): the build's scan of the output finds that. A
	// new file in its place is the spare's own.
	os.Remove(filepath.Join(spare, "a", "index.html"))
	mkfile(t, filepath.Join(spare, "a", "index.html"), "replaced in the spare")
	os.Remove(filepath.Join(spare, "b", "index.html"))
	if err := os.Symlink("/etc/passwd", filepath.Join(spare, "b", "index.html")); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(spare, "c", "index.html"))
	mkfile(t, filepath.Join(spare, "c", "index.html", "x"), "a folder now")
	os.RemoveAll(filepath.Join(spare, "e"))
	mkfile(t, filepath.Join(spare, "stray.html"), "not ours")

	inodes := map[string]uint64{}
	for name := range files {
		fi, err := os.Lstat(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		inodes[name] = InodeOf(fi)
	}
	d, err := NewDir(out, minify.New())
	if err != nil {
		t.Fatal(err)
	}
	if !d.reuse {
		t.Fatal("the build does not stage into the spare")
	}
	d.OutputInodes(inodes)
	for _, name := range []string{"index.html", "d/index.html"} {
		if !d.linked(name) {
			t.Errorf("%s: the spare shares it with the output, but it is not known as linked", name)
		}
	}
	for _, name := range []string{"a/index.html", "b/index.html", "c/index.html", "e/f/index.html"} {
		if d.linked(name) {
			t.Errorf("%s: changed in the spare, but taken as linked", name)
		}
	}
	for name := range files {
		if !d.Keep(name) {
			t.Fatalf("Keep(%s) failed", name)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, out); !maps.Equal(got, files) {
		t.Errorf("output\n%v\nwant\n%v", got, files)
	}
	err = filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(out, p)
			fi, _ := e.Info()
			if InodeOf(fi) != inodes[filepath.ToSlash(rel)] {
				t.Errorf("%s: not the previous output's file", rel)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestUnescapeMount(t *testing.T) {
	for in, want := range map[string]string{
		"/mnt/x":             "/mnt/x",
		`/mnt/with\040space`: "/mnt/with space",
		`/a\134b`:            `/a\b`,
		`/tab\011x\012`:      "/tab\tx\n",
		`/short\04`:          `/short\04`,
		`/not\999octal`:      `/not\999octal`,
		`/trailing\`:         `/trailing\`,
		`\040`:               " ",
	} {
		if got := unescapeMount(in); got != want {
			t.Errorf("unescapeMount(%q) = %q, want %q", in, got, want)
		}
	}
}
