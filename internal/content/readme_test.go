package content

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kokeilu/kokeilu/internal/problem"
)

var update = flag.Bool("update", false, "rewrite docs/editing.md's field tables from the schema")

// guide is the editor's guide, where the field tables and the examples are.
var guide = filepath.Join("..", "..", "docs", "editing.md")

var readmeFields = regexp.MustCompile(`(?s)(<!-- fields (\w+):[^\n]*-->\n).*?(<!-- end fields -->)`)

// fieldTable is the editor's guide's table of a kind's fields.
func fieldTable(k Kind) string {
	data := false
	for f := range SchemaOf(k).All() {
		data = data || f.Data
	}
	var b strings.Builder
	b.WriteString("| field | written as | required | same in every translation |")
	if data {
		b.WriteString(" open data |")
	}
	b.WriteString("\n|---|---|---|---|")
	if data {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	yes := func(ok bool) string {
		if ok {
			return "yes"
		}
		return ""
	}
	for f := range SchemaOf(k).All() {
		typ := f.Type.Describe()
		switch {
		case f.Type == EnumField:
			typ = "one of `" + strings.Join(f.Enum, "`, `") + "`"
		case f.Municipalities:
			typ = "a list of municipality keys, like [lahti, hollola]"
		case f.Ref != "" && f.Type == ListField:
			typ = "a list of slugs of `content/" + f.Ref.Folder() + "/`"
		case f.Ref != "":
			typ = "a slug of `content/" + f.Ref.Folder() + "/`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |", f.Name, typ, yes(f.Required), yes(f.Neutral))
		if data {
			fmt.Fprintf(&b, " %s |", yes(f.Data))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// docs/editing.md's field tables are the schema's; `go test ./internal/content
// -update` writes them again.
func TestREADMEFieldTables(t *testing.T) {
	name := guide
	readme, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[Kind]bool{}
	got := readmeFields.ReplaceAllStringFunc(string(readme), func(m string) string {
		sub := readmeFields.FindStringSubmatch(m)
		k := Kind(sub[2])
		seen[k] = true
		return sub[1] + fieldTable(k) + sub[3]
	})
	for _, k := range Kinds {
		if !seen[k] {
			t.Errorf("docs/editing.md has no field table for %s (<!-- fields %s: … --> … <!-- end fields -->)", k, k)
		}
	}
	if got == string(readme) {
		return
	}
	if *update {
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Error("docs/editing.md's field tables disagree with content.Meta's schema: run go test ./internal/content -update")
}

var readmeExample = regexp.MustCompile("(?s)### content/(\\w+)/[^\n]*\n\n```yaml\n(.*?)```\n")

// The editor's guide's example of each kind is a valid file of that kind,
// in the English guide and in its translations.
func TestREADMEExamples(t *testing.T) {
	for _, name := range []string{"editing.md", "muokkaaminen.md", "redigering.md"} {
		readme, err := os.ReadFile(filepath.Join("..", "..", "docs", name))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range readmeExample.FindAllStringSubmatch(string(readme), -1) {
			if _, ok := KindOfFolder(m[1]); !ok {
				continue
			}
			n++
			file := "content/" + m[1] + "/example.fi.md"
			var probs problem.List
			if d := ParseFile(file, []byte(m[2]), []string{"fi"}, &probs); d == nil || d.Broken || len(probs.All()) > 0 {
				t.Errorf("docs/%s's example of %s: %v", name, file, probs.All())
			}
		}
		if n != len(Kinds) {
			t.Errorf("found %d examples in docs/%s, want %d", n, name, len(Kinds))
		}
	}
}
