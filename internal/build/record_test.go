package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kokeilu/kokeilu/internal/output"
)

// TestRecordedOutputIsReadBack: the hashes a build records of the files it
// wrote (without reading them back) are the hashes of the files in the
// output, after a cold build and after one that writes one page.
func TestRecordedOutputIsReadBack(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, sampleFS(t)); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	check := func(when string) {
		st := readState(out)
		if st == nil {
			t.Fatalf("%s: no state", when)
		}
		defer st.close()
		none := func(string) (output.Sum, bool) { return output.Sum{}, false }
		read, err := recordOutput(out, nil, time.Now(), none)
		if err != nil {
			t.Fatal(err)
		}
		if len(read) != len(st.Files.Outputs) {
			t.Errorf("%s: %d files recorded, %d in the output", when, len(st.Files.Outputs), len(read))
		}
		for name, r := range read {
			if got := st.Files.Outputs[name]; got.Hash != r.Hash || got.Size != r.Size || got.Dir != r.Dir {
				t.Errorf("%s: %s recorded as %+v, read back as %+v", when, name, got, r)
			}
		}
	}
	mustBuild(t, os.DirFS(src), out)
	check("cold")
	page := filepath.Join(src, "content", "experiments")
	entries, err := os.ReadDir(page)
	if err != nil || len(entries) == 0 {
		t.Fatal(err)
	}
	f := filepath.Join(page, entries[0].Name())
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, append(b, "\nOne more line.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := mustBuild(t, os.DirFS(src), out); res.Written == 0 {
		t.Fatal("the edit wrote nothing")
	}
	check("one edit")
}

// TestContentSize: the build tells the size of content/ (for the memory
// limit) from its scan of the inputs: the bytes of every file in it, and
// on a rebuild where nothing changed too.
func TestContentSize(t *testing.T) {
	fsys := sampleFS(t)
	var want int64
	for name, f := range fsys {
		if strings.HasPrefix(name, "content/") {
			want += int64(len(f.Data))
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	for _, run := range []string{"cold", "nothing changed"} {
		got := int64(-1)
		if _, err := Build(context.Background(), fsys, out, Options{ContentSize: func(n int64) { got = n }}); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: content size %d, want %d", run, got, want)
		}
	}
}
