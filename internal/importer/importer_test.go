package importer

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
	"gopkg.in/yaml.v3"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// sampleSite reads the repository's sample site.
func sampleSite(t testing.TB) *Site {
	t.Helper()
	probs := &problem.List{}
	s := ReadSite(os.DirFS(filepath.Join("..", "..")), probs)
	if s == nil || probs.HasErrors() {
		t.Fatal(probs.All())
	}
	return s
}

var today = time.Date(2018, 5, 20, 0, 0, 0, 0, time.UTC)

func plan(t testing.TB, s *Site, csv string, form string) (*Result, []problem.Problem) {
	t.Helper()
	probs := &problem.List{}
	res := Plan(s, []byte(csv), Options{File: "in.csv", Form: form, Today: today}, probs)
	return res, probs.All()
}

// Whatever a value holds, YAML reads back exactly that value as a string.
func TestQuoteReadsBackAsWritten(t *testing.T) {
	for _, s := range []string{"", "yes", "no", "~", "null", "2018-05-14", "1e3", "0x1F", "- a", "[a, b]", "{a: b}",
		"a: b", "# c", "&anchor", "*alias", "!tag", "|", ">", "---", "...", "a\nb: c\n---", `"q" 'q' \ \n`,
		"tab\there", "line\u2028sep", "para\u2029sep", "\ufeffbom", "ä å ö €"} {
		var m map[string]any
		if err := yaml.Unmarshal([]byte("k: "+quote(s)+"\nother: 1\n"), &m); err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if got, ok := m["k"].(string); !ok || got != s || len(m) != 2 {
			t.Errorf("quote(%q) = %s reads back as %#v", s, quote(s), m)
		}
	}
}

func TestMarkdownEscapesBlocksAndMarks(t *testing.T) {
	got := markdown("  # heading\n> quote\n- item\n+ item\n12. item\n3) item\n===\n***\n`code` _em_ [l](u) <b> &amp; a|b ~s~\n\n\n  next")
	want := `\# heading
\> quote
\- item
\+ item
12\. item
3\) item
\===
\*\*\*
` + "\\`code\\`" + ` \_em\_ \[l\](u) \<b\> \&amp; a\|b \~s\~

next`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSlugOf(t *testing.T) {
	for title, want := range map[string]string{
		"Lahden kaupunki":            "lahden-kaupunki",
		"Närpes stad: \"Digi\" #1":   "narpes-stad-digi-1",
		"Åland – Ålands landskap":    "aland-alands-landskap",
		"2018":                       "",
		"!!!":                        "",
		strings.Repeat("pitkä ", 30): "pitka-pitka-pitka-pitka-pitka-pitka-pitka-pitka-pitka-pitka",
	} {
		if got := slugOf(title); got != want {
			t.Errorf("slugOf(%q) = %q, want %q", title, got, want)
		}
	}
	taken := map[string]bool{"a": true, "a-2": true}
	if got := unique("a", taken); got != "a-3" || !taken["a-3"] {
		t.Errorf("unique = %q", got)
	}
}

// An export saved by a spreadsheet program (a byte-order mark, CRLF line
// endings, headers as labels) imports as Netlify's own.
func TestBOMAndCRLF(t *testing.T) {
	csv := "\uFEFFLang,Tried,Failed,Learned,Organisation,Contact Name,Email,Consent\r\n" +
		"fi,Kokeilimme.,\"Epäonnistui\r\nkahdesti.\",Opimme.,,Olli,olli@example.fi,Yes\r\n"
	res, probs := plan(t, sampleSite(t), csv, "")
	if len(probs) > 0 || res.Form != "lesson" || res.Experiments != 1 || len(res.Files) != 4 {
		t.Fatalf("%+v\n%v", res, probs)
	}
	if !strings.Contains(res.Files[0].Text, "date: 2018-05-20\n") || strings.Contains(res.Files[0].Text, "\r") {
		t.Errorf("%s", res.Files[0].Text)
	}
}

func TestFileProblems(t *testing.T) {
	s := sampleSite(t)
	for _, tt := range []struct{ name, csv, form, want string }{
		{"empty", "", "", "in.csv: the file is empty"},
		{"not a form", "a,b\n1,2\n", "", "in.csv:1: the columns are not those of any of the site's forms"},
		{"unknown form", "a\n", "contact", `in.csv: there is no form "contact"`},
		{"not UTF-8", "lang,tried\nfi,\xe4\n", "", "in.csv:2:4: the file is not UTF-8 text"},
		{"bad quotes", "lang,tried,failed,learned,contact_name,email,consent\nfi,\"a\"b\"\n", "", `in.csv:2:6: the CSV cannot be read: extraneous or missing " in quoted-field`},
		{"wrong form", "lang,tried,failed,learned,contact_name,email,consent\n", "registration", `in.csv:1: there is no column "municipality"`},
		{"twice", "lang,tried,Tried\n", "", `in.csv:1: the columns 2 and 3 are both "tried"`},
		{"short row", "lang,tried,failed,learned,contact_name,email,consent\nfi,a\n", "", "in.csv:2: row 2 has 2 values, but the header has 7 columns"},
		{"control", "lang,tried,failed,learned,contact_name,email,consent\nfi,a\x07,b,c,d,e@example.fi,yes\n", "", "in.csv:2:4: row 2, tried: the value holds the control character U+0007"},
		{"date", "lang,tried,failed,learned,contact_name,email,consent,created_at\nfi,a,b,c,d,e@example.fi,yes,14.5.2018\n", "", `in.csv:2:29: row 2, created_at: "14.5.2018" is not a date`},
		{"campaign", "lang,campaign,organisation,experiment,description,contact_name,email\nfi,kokeiluviikko-2018-toukokuuu,o,e,d,n,n@example.fi\n", "", `in.csv:2:4: row 2, campaign: "kokeiluviikko-2018-toukokuuu" is not a campaign week of the site`},
	} {
		res, probs := plan(t, s, tt.csv, tt.form)
		if !slices.ContainsFunc(probs, func(p problem.Problem) bool { return strings.HasPrefix(p.String(), tt.want) }) {
			t.Errorf("%s: got %v, want %s", tt.name, probs, tt.want)
		}
		if len(res.Files) != 0 {
			t.Errorf("%s: planned files despite errors", tt.name)
		}
	}
}

// Two rows of one sender make one contact; a title twice gets -2.
func TestOneContactPerEmail(t *testing.T) {
	csv := "lang,campaign,organisation,experiment,description,contact_name,email\n" +
		"fi,kokeiluviikko-2017,O,Sama nimi,Yksi.,Nina N,nina@example.fi\n" +
		"sv,kokeiluviikko-2017,O,Sama nimi,Två.,Nina N,NINA@example.fi\n"
	res, probs := plan(t, sampleSite(t), csv, "")
	if len(probs) > 0 || res.Contacts != 1 || res.Experiments != 2 {
		t.Fatalf("%+v %v", res, probs)
	}
	var paths []string
	for _, f := range res.Files {
		paths = append(paths, f.Path)
	}
	want := "content/experiments/sama-nimi.fi.md content/experiments/sama-nimi.sv.md content/experiments/sama-nimi-2.fi.md " +
		"content/experiments/sama-nimi-2.sv.md content/contacts/nina-n.fi.md content/contacts/nina-n.sv.md"
	if strings.Join(paths, " ") != want {
		t.Errorf("got %v", paths)
	}
}

// Write never replaces a file, and an import it cannot finish leaves
// nothing behind.
func TestWriteIsWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "content", "experiments", "a.fi.md")
	if err := os.MkdirAll(filepath.Dir(old), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Write(dir, []File{{"content/contacts/b.fi.md", "b"}, {"content/experiments/a.fi.md", "new"}})
	if err == nil {
		t.Fatal("Write replaced a file")
	}
	if b, _ := os.ReadFile(old); string(b) != "old" {
		t.Errorf("a.fi.md is %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "contacts", "b.fi.md")); !os.IsNotExist(err) {
		t.Errorf("b.fi.md stayed: %v", err)
	}
	for _, p := range []string{"layouts/x.html", "content/../x.md", "/etc/x"} {
		if _, err := Write(dir, []File{{p, "x"}}); err == nil {
			t.Errorf("Write wrote %s", p)
		}
	}
}

// FuzzPlan: whatever the CSV, Plan does not panic; when it plans files,
// each is a valid draft of its kind that content reads without a problem,
// below content/, new to the site, and the translations of an experiment
// agree in every language-neutral field.
func FuzzPlan(f *testing.F) {
	s := sampleSite(f)
	cases, _ := filepath.Glob("testdata/*.txtar")
	for _, c := range cases {
		ar, err := txtar.ParseFile(c)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if strings.HasSuffix(file.Name, ".csv") {
				f.Add(file.Data)
			}
		}
	}
	f.Add([]byte("lang,tried,failed,learned,contact_name,email,consent\nfi,\"---\n- a\n[b]: c\",\"\"\"\"\"\",: x,n,n@example.fi,yes\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		probs := &problem.List{}
		res := Plan(s, data, Options{File: "f.csv", Today: today}, probs)
		if probs.HasErrors() {
			if len(res.Files) > 0 {
				t.Fatal("files planned despite errors")
			}
			return
		}
		seen := map[string]bool{}
		docs := map[string]map[string]*content.Document{} // slug -> lang -> document
		for _, file := range res.Files {
			if seen[file.Path] {
				t.Fatalf("%s planned twice", file.Path)
			}
			seen[file.Path] = true
			if _, err := os.Stat(filepath.Join("..", "..", filepath.FromSlash(file.Path))); err == nil {
				t.Fatalf("%s exists", file.Path)
			}
			fp := &problem.List{}
			d := content.ParseFile(file.Path, []byte(file.Text), s.Langs, fp)
			if fp.Len() > 0 || d == nil || d.Broken || !d.Meta.Draft {
				t.Fatalf("%s:\n%s\n%v", file.Path, file.Text, fp.All())
			}
			if d.Kind == content.Experiment {
				if docs[d.Slug] == nil {
					docs[d.Slug] = map[string]*content.Document{}
				}
				docs[d.Slug][d.Lang] = d
			}
		}
		for slug, byLang := range docs {
			if len(byLang) != len(s.Langs) {
				t.Fatalf("%s: %d languages", slug, len(byLang))
			}
			a := byLang[s.Langs[0]]
			for _, b := range byLang {
				for fld := range content.SchemaOf(content.Experiment).All() {
					if fld.Neutral && !reflect.DeepEqual(fld.Ptr(&a.Meta), fld.Ptr(&b.Meta)) {
						t.Fatalf("%s: %s differs between %s and %s", slug, fld.Name, a.Path, b.Path)
					}
				}
			}
		}
	})
}
