package build

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/kokeilu/kokeilu/internal/minify"
)

var update = flag.Bool("update", false, "rewrite the errors sections of testdata/e2e/*.txtar with the current output")

// TestEndToEnd runs every testdata/e2e/*.txtar archive: the archive's files
// form a site root (the repository's layouts/ and assets/ are added unless
// the archive has its own), the build runs, and the archive's special
// sections say what must come out:
//
//	-- errors --                 every problem, one per line as path:line:col: message
//	                             (empty section: the build must succeed with no problem)
//	-- contains fi/x/index.html --  each line must appear in that output file
//	-- lacks fi/x/index.html --     no line may appear in that output file
//	-- order fi/x/index.html --     the lines appear in that file in this order
//
// An HTML page is made from minified layouts and is not minified whole, so
// the lines are looked for in the page minified once more: one form of
// writing it, whichever way it was minified (TestPagesAsIfMinifiedWhole
// checks that the two ways agree). A line that must be lacking must be
// lacking from the page as written too.
//
//	-- absent --                 each line is an output path that must not exist
//	-- options --                drafts | baseurl=URL | date=YYYY-MM-DD
func TestEndToEnd(t *testing.T) {
	files, _ := filepath.Glob("testdata/e2e/*.txtar")
	if len(files) == 0 {
		t.Fatal("no test archives")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			runArchive(t, file)
		})
	}
}

func repoFS(t *testing.T) fstest.MapFS { return repoFSFor(t) }

// repoFSFor copies folders of the repository (layouts/ and assets/ unless
// told otherwise) into a MapFS that a test can change.
func repoFSFor(t testing.TB, dirs ...string) fstest.MapFS {
	t.Helper()
	if len(dirs) == 0 {
		dirs = []string{"layouts", "assets"}
	}
	m := fstest.MapFS{}
	root := os.DirFS("../..")
	for _, dir := range dirs {
		err := fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(root, p)
			m[p] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func runArchive(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := repoFS(t)
	own := map[string]bool{}
	var checks []txtar.File
	var opt Options
	wantErrors, haveErrors := "", false
	for _, f := range ar.Files {
		switch {
		case f.Name == "errors":
			wantErrors, haveErrors = string(f.Data), true
		case f.Name == "options":
			for _, o := range strings.Fields(string(f.Data)) {
				switch {
				case o == "drafts":
					opt.Drafts = true
				case strings.HasPrefix(o, "baseurl="):
					opt.BaseURL = strings.TrimPrefix(o, "baseurl=")
				case strings.HasPrefix(o, "date="):
					d, err := time.Parse("2006-01-02", strings.TrimPrefix(o, "date="))
					if err != nil {
						t.Fatal(err)
					}
					opt.Today = d
				default:
					t.Fatalf("unknown option %q", o)
				}
			}
		case strings.HasPrefix(f.Name, "contains ") || strings.HasPrefix(f.Name, "lacks ") ||
			strings.HasPrefix(f.Name, "order ") || f.Name == "absent":
			checks = append(checks, f)
		default:
			top, _, _ := strings.Cut(f.Name, "/")
			if (top == "layouts" || top == "assets") && !own[top] {
				for p := range fsys {
					if strings.HasPrefix(p, top+"/") {
						delete(fsys, p)
					}
				}
				own[top] = true
			}
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	if !haveErrors {
		t.Fatal("the archive has no -- errors -- section (empty means: no problems)")
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), fsys, out, opt)
	if err != nil && err != ErrProblems {
		t.Fatalf("build: %v", err)
	}
	var got strings.Builder
	for _, p := range res.Problems {
		first, _, _ := strings.Cut(p.String(), "\n")
		got.WriteString(first + "\n")
	}
	if got.String() != wantErrors {
		if *update {
			updateErrors(t, file, ar, got.String())
		} else {
			t.Errorf("problems:\n%s\nwant:\n%s", got.String(), wantErrors)
		}
	}
	if (err == ErrProblems) != hasError(res) {
		t.Errorf("build returned %v with problems %v", err, res.Problems)
	}
	for _, c := range checks {
		verb, target, _ := strings.Cut(c.Name, " ")
		at := 0 // for order: where the previous line was found
		for _, line := range strings.Split(strings.TrimSpace(string(c.Data)), "\n") {
			if line == "" {
				continue
			}
			switch verb {
			case "order":
				_, data, err := readOutput(out, target)
				if err != nil {
					t.Errorf("%s: %v", target, err)
					continue
				}
				i := bytes.Index(data[at:], []byte(line))
				if i < 0 {
					t.Errorf("%s: %q does not come after the previous line", target, line)
					continue
				}
				at += i + len(line)
			case "absent":
				if _, err := os.Stat(filepath.Join(out, line)); err == nil {
					t.Errorf("%s exists; want it absent", line)
				}
			case "contains", "lacks":
				raw, data, err := readOutput(out, target)
				if err != nil {
					t.Errorf("%s: %v", target, err)
					continue
				}
				has := bytes.Contains(data, []byte(line))
				if verb == "lacks" && bytes.Contains(raw, []byte(line)) {
					t.Errorf("%s as written contains %q", target, line)
				}
				if verb == "contains" && !has {
					t.Errorf("%s does not contain %q", target, line)
				}
				if verb == "lacks" && has {
					t.Errorf("%s contains %q", target, line)
				}
			}
		}
	}
	if t.Failed() && os.Getenv("KOKEILU_KEEP") != "" {
		keep := filepath.Join(os.TempDir(), "kokeilu-e2e-"+path.Base(file))
		os.RemoveAll(keep)
		os.Rename(out, keep)
		t.Logf("output kept in %s", keep)
	}
}

func hasError(res *Result) bool {
	for _, p := range res.Problems {
		if p.Severity == 0 {
			return true
		}
	}
	return false
}

func updateErrors(t *testing.T, file string, ar *txtar.Archive, got string) {
	for i := range ar.Files {
		if ar.Files[i].Name == "errors" {
			ar.Files[i].Data = []byte(got)
		}
	}
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("updated %s", file)
}

// readOutput reads an output file, and the form the archives' lines are
// looked for in: an HTML page minified once more (see TestEndToEnd).
func readOutput(out, target string) (raw, normal []byte, err error) {
	raw, err = os.ReadFile(filepath.Join(out, filepath.FromSlash(target)))
	if err != nil || !strings.HasSuffix(target, ".html") {
		return raw, raw, err
	}
	normal, err = minify.New().Bytes(target, bytes.Clone(raw)) // it minifies in its input's buffer
	return raw, normal, err
}
