package main

import (
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var updateImport = flag.Bool("update-import", false, "rewrite the stdout, stderr and want/ sections of internal/importer/testdata/*.txtar")

// importCases are the end-to-end cases of kokeilu import.
const importCases = "../../internal/importer/testdata/*.txtar"

// TestImportEndToEnd runs each archive of internal/importer/testdata on a
// copy of the sample site: `kokeilu import [args] <the archive's .csv>`
// must exit with the archive's exit status (0 unless given), print its
// stdout and stderr, and write exactly its want/ files, changing no other
// file. A successful import must then pass kokeilu check -drafts and
// build with -drafts, each new experiment a page in every language.
func TestImportEndToEnd(t *testing.T) {
	files, _ := filepath.Glob(importCases)
	for i, f := range files {
		files[i], _ = filepath.Abs(f) // the cases run in the site's folder
	}
	if len(files) == 0 {
		t.Fatal("no cases in " + importCases)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			site := copySite(t)
			before := tree(t, filepath.Join(site, "content"))
			sections := map[string]string{}
			want := map[string]string{}
			csvName := ""
			for _, f := range ar.Files {
				switch name := f.Name; {
				case strings.HasPrefix(name, "want/"):
					want[strings.TrimPrefix(name, "want/")] = string(f.Data)
				case strings.HasSuffix(name, ".csv"):
					csvName = name
					if err := os.WriteFile(filepath.Join(site, name), f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				default:
					sections[name] = string(f.Data)
				}
			}
			wantCode := 0
			if s := strings.TrimSpace(sections["exit"]); s != "" {
				wantCode, _ = strconv.Atoi(s)
			}
			t.Chdir(site)
			code, out, errs := kokeilu(t, append(strings.Fields(sections["args"]), csvName)...)
			after := tree(t, "content")
			got := map[string]string{}
			for p, text := range after {
				old, existed := before[p]
				switch {
				case !existed:
					got["content/"+p] = text
				case old != text:
					t.Errorf("kokeilu import changed the existing file content/%s", p)
				}
			}
			if *updateImport {
				rewriteImportCase(t, file, ar, out, errs, got)
				return
			}
			if code != wantCode {
				t.Errorf("exit %d, want %d\n%s", code, wantCode, errs)
			}
			if out != sections["stdout"] {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, sections["stdout"])
			}
			if errs != sections["stderr"] {
				t.Errorf("stderr:\n%s\nwant:\n%s", errs, sections["stderr"])
			}
			for _, p := range slices.Sorted(maps.Keys(got)) {
				if w, ok := want[p]; !ok {
					t.Errorf("wrote %s, which the case does not want:\n%s", p, got[p])
				} else if w != got[p] {
					t.Errorf("%s:\n%s\nwant:\n%s", p, got[p], w)
				}
			}
			for p := range want {
				if _, ok := got[p]; !ok {
					t.Errorf("did not write %s", p)
				}
			}
			if code != 0 || len(got) == 0 {
				return
			}
			if code, _, errs := kokeilu(t, "check", "-drafts"); code != 0 {
				t.Errorf("check -drafts after the import: exit %d\n%s", code, errs)
			}
			if code, _, errs := kokeilu(t, "build", "-drafts", "-out", "public"); code != 0 {
				t.Fatalf("build -drafts after the import: exit %d\n%s", code, errs)
			}
			built := tree(t, "public")
			for p := range got {
				dir, name := filepath.Split(strings.TrimPrefix(p, "content/"))
				slug, lang, _ := strings.Cut(strings.TrimSuffix(name, ".md"), ".")
				section := map[string]map[string]string{
					"experiments/": {"fi": "kokeilut", "sv": "forsok"},
					"contacts/":    {"fi": "yhteystiedot", "sv": "kontakter"},
				}[dir][lang]
				if page := lang + "/" + section + "/" + slug + "/index.html"; built[page] == "" {
					t.Errorf("%s is not built as %s", p, page)
				}
			}
		})
	}
}

func rewriteImportCase(t *testing.T, file string, ar *txtar.Archive, stdout, stderr string, got map[string]string) {
	t.Helper()
	var kept []txtar.File
	for _, f := range ar.Files {
		switch {
		case strings.HasPrefix(f.Name, "want/"), f.Name == "stdout", f.Name == "stderr":
		default:
			kept = append(kept, f)
		}
	}
	kept = append(kept, txtar.File{Name: "stdout", Data: []byte(stdout)}, txtar.File{Name: "stderr", Data: []byte(stderr)})
	for _, p := range slices.Sorted(maps.Keys(got)) {
		kept = append(kept, txtar.File{Name: "want/" + p, Data: []byte(got[p])})
	}
	ar.Files = kept
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// An import never overwrites: the same CSV again gets new experiment slugs
// (-2) and links the contacts the first import made, and the first
// import's files stay as they were.
func TestImportTwiceNeverOverwrites(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("..", "..", "internal", "importer", "testdata", "registration.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	site := copySite(t)
	var csv []byte
	for _, f := range ar.Files {
		if f.Name == "submissions.csv" {
			csv = f.Data
		}
	}
	if err := os.WriteFile(filepath.Join(site, "submissions.csv"), csv, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(site)
	if code, _, errs := kokeilu(t, "import", "submissions.csv"); code != 0 {
		t.Fatalf("first import: exit %d\n%s", code, errs)
	}
	first := tree(t, "content")
	code, out, errs := kokeilu(t, "import", "submissions.csv")
	if code != 0 {
		t.Fatalf("second import: exit %d\n%s", code, errs)
	}
	second := tree(t, "content")
	for p, text := range first {
		if second[p] != text {
			t.Errorf("the second import changed content/%s", p)
		}
	}
	if !strings.Contains(out, "wrote content/experiments/lahden-kaupunki-2.fi.md") || strings.Contains(out, "contacts/") {
		t.Errorf("second import:\n%s", out)
	}
	if !strings.Contains(second["experiments/lahden-kaupunki-2.sv.md"], "contacts: [maija-meikalainen]") {
		t.Errorf("the second import does not link the first one's contact:\n%s", second["experiments/lahden-kaupunki-2.sv.md"])
	}
	if code, _, errs := kokeilu(t, "check", "-drafts"); code != 0 {
		t.Errorf("check -drafts: exit %d\n%s", code, errs)
	}
}

func TestImportUsage(t *testing.T) {
	for _, args := range [][]string{{"import"}, {"import", "a.csv", "b.csv"}, {"import", "-date", "14.5.2018", "a.csv"}} {
		if code, _, _ := kokeilu(t, args...); code != exitUsage {
			t.Errorf("kokeilu %v: exit %d, want %d", args, code, exitUsage)
		}
	}
	code, _, errs := kokeilu(t, "import", "-h")
	if code != 0 || !strings.Contains(errs, "[-form NAME]") || !strings.Contains(errs, "-date") {
		t.Errorf("import -h: exit %d\n%s", code, errs)
	}
}
