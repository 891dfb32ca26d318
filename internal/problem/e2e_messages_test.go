package problem

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// problemLine is a problem's first line as the e2e archives write it.
var problemLine = regexp.MustCompile(`^[^:\s]+(?::\d+){0,2}: (?:warning: )?(.+)$`)

// TestE2EMessagesAreTranslated reads the problems that the end-to-end
// archives of internal/build expect (messages as the whole build makes
// them, texts assembled outside the constructors included) and fails on
// each one a catalog leaves in English.
func TestE2EMessagesAreTranslated(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "build", "testdata", "e2e", "*.txtar"))
	if len(files) == 0 {
		t.Fatal("no e2e archives")
	}
	n := 0
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name != "errors" {
				continue
			}
			for _, line := range strings.Split(string(f.Data), "\n") {
				m := problemLine.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				n++
				for _, lang := range Languages {
					if got := CatalogFor(lang).Text(m[1]); got == m[1] {
						t.Errorf("%s: %s leaves %q in English", filepath.Base(file), lang, m[1])
					}
				}
			}
		}
	}
	if n < 20 {
		t.Fatalf("read only %d problems from the archives", n)
	}
}
