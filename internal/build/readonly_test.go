package build

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadOnlyOutputFolderFoundBeforeSwap: after an edit, a build that
// finds a folder of the previous output read-only (which it could not
// remove or stage into later) says so and what to do, and leaves the
// output as it was; made writable again, the next build goes through.
// The build knows the output's folders from its record; the test makes
// sure that a folder it looks at that way is checked all the same.
//
// Root may write to read-only folders (CI runs as root), so there the
// folder is made immutable instead (chattr +i), which stops root too.
func TestReadOnlyOutputFolderFoundBeforeSwap(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, sampleFS(t)); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, os.DirFS(src), out)
	mustBuild(t, os.DirFS(src), out) // nothing changed: the record stays
	before := listTree(t, out)

	dir := filepath.Join(out, "sv", "forsok")
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
	} else {
		if msg, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("chattr +i %s: %v %s", dir, err, msg)
			}
			t.Skipf("as root, a read-only folder needs chattr +i, which failed here: %v %s", err, msg)
		}
		t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
	}

	page := filepath.Join(src, "content", "pages", "about.fi.md")
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, append(b, "\nOne more line.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Build(context.Background(), os.DirFS(src), out, Options{})
	if err == nil || !strings.Contains(err.Error(), "is read-only") || !strings.Contains(err.Error(), "chmod -R u+w") {
		t.Fatalf("build: %v, want a read-only error that says what to do", err)
	}
	after := listTree(t, out)
	for name, want := range before {
		if after[name] != want {
			t.Errorf("%s changed, though the build failed", name)
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d files after the failed build, %d before", len(after), len(before))
	}

	if os.Geteuid() != 0 {
		os.Chmod(dir, 0o755)
	} else if msg, err := exec.Command("chattr", "-i", dir).CombinedOutput(); err != nil {
		t.Fatalf("chattr -i: %v %s", err, msg)
	}
	if res := mustBuild(t, os.DirFS(src), out); res.Written == 0 {
		t.Error("the build after the folder was made writable wrote nothing")
	}
}
