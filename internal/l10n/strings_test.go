package l10n

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kokeilu/kokeilu/internal/plaintext"
)

func TestParseStrings(t *testing.T) {
	const file = "layouts/i18n/fi.yaml"
	for _, c := range []struct {
		name, src string
		want      map[string]string
		probs     []string // file:line:col: message, in order
	}{
		{"good", "# Suomeksi\nnav.main: Päävalikko\nformat.quotes: ” ” ’ ’\nquoted: \"a: b\"\nblock: |\n  rivi\n  toinen\n",
			map[string]string{"nav.main": "Päävalikko", "format.quotes": "” ” ’ ’", "quoted": "a: b", "block": "rivi\ntoinen\n"}, nil},
		{"empty", "", map[string]string{}, nil},
		{"comments only", "# nothing yet\n", map[string]string{}, nil},
		{"CR LF and a BOM", "\uFEFFa: A\r\nb: B\r\n", map[string]string{"a": "A", "b": "B"}, nil},
		{"syntax error", "a: A\nb: c: d\n", map[string]string{},
			[]string{"2:1: the UI strings cannot be read: mapping values are not allowed in this context"}},
		{"bad indentation", "a: A\n  b: B\nc\n", map[string]string{},
			[]string{"2:3: the UI strings cannot be read: mapping values are not allowed in this context"}},
		{"not a mapping", "- a\n- b\n", map[string]string{},
			[]string{"1:1: the UI strings must be lines of key: text"}},
		{"a key twice", "a: A\nb: B\na: C\n", map[string]string{"a": "A", "b": "B"},
			[]string{`3:1: the UI string "a" is given twice (first on line 1)`}},
		{"values that are not text", "n: 12\nf: 1.5\nt: true\nd: 2018-05-14\nl: [a, b]\nm:\n  x: y\ne:\nok: yes\n",
			map[string]string{"ok": "yes"},
			[]string{`1:4: the UI string "n" is not text but a number`, `2:4: the UI string "f" is not text but a number`,
				`3:4: the UI string "t" is not text but true or false`, `4:4: the UI string "d" is not text but a date`,
				`5:4: the UI string "l" is not text`, `7:3: the UI string "m" is not text`, `8:3: the UI string "e" has no text`}},
		{"quoted number", "n: \"12\"\n", map[string]string{"n": "12"}, nil},
		{"not UTF-8", "a: A\nb: K\xe4\xe4nn\xf6s\n", map[string]string{},
			[]string{"2:5: the file is not UTF-8 text: byte 0xe4"}},
		{"a control character typed in", "a: A\nb: B\x07\n", map[string]string{},
			[]string{"2:5: the file holds the control character U+0007"}},
		{"control characters as escapes", "a: \"A\\x07\"\nb: \"\\u0000\"\nc: \"\\N\"\nd: \"\\uFFFF\"\ne: ok\n",
			map[string]string{"e": "ok"},
			[]string{`1:4: the UI string "a" holds the control character U+0007`, `2:4: the UI string "b" holds the control character U+0000`,
				`3:4: the UI string "c" holds the control character U+0085`, `4:4: the UI string "d" holds the noncharacter U+FFFF`}},
		{"a name with a control character", "\"a\\x07\": A\n", map[string]string{},
			[]string{`1:1: the name "a\a" holds the control character U+0007`}},
		{"no name", "\"\": A\n~: B\n", map[string]string{},
			[]string{"1:1: a UI string needs a name", "2:1: a UI string needs a name"}},
		{"an alias", "a: &x A\nb: *x\n", map[string]string{"a": "A", "b": "A"}, nil},
		{"too large", "a: " + strings.Repeat("x", MaxStrings) + "\n", map[string]string{},
			[]string{"1:1: the file is 1025 KB, more than the 1024 KB kokeilu reads"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, probs := ParseStrings(file, []byte(c.src))
			if !maps.Equal(got, c.want) {
				t.Errorf("strings %q, want %q", got, c.want)
			}
			var msgs []string
			for _, p := range probs {
				line, _, _ := strings.Cut(p.String(), "\n")
				msgs = append(msgs, strings.TrimPrefix(line, file+":"))
				if p.Hint == "" || p.Line == 0 || p.Col == 0 {
					t.Errorf("%s: no hint or no place", line)
				}
			}
			if strings.Join(msgs, "\n") != strings.Join(c.probs, "\n") {
				t.Errorf("problems\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(c.probs, "\n"))
			}
		})
	}
}

// TestParseStringsSamples: the sample site's files read without a problem.
func TestParseStringsSamples(t *testing.T) {
	files, _ := filepath.Glob("../../layouts/i18n/*.yaml")
	if len(files) < 2 {
		t.Fatal("no sample files")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, probs := ParseStrings(f, data)
		if len(probs) > 0 || len(m) < 50 {
			t.Errorf("%s: %d strings, problems %v", f, len(m), probs)
		}
	}
}

// FuzzParseStrings: no file may panic; every problem has its place and a
// hint; every string returned has a name and holds no character that
// cannot be shown. Seeds are in testdata/fuzz/FuzzParseStrings.
func FuzzParseStrings(f *testing.F) {
	for _, name := range []string{"fi", "sv", "en"} {
		if data, err := os.ReadFile("../../layouts/i18n/" + name + ".yaml"); err == nil {
			f.Add(string(data))
		}
	}
	f.Add("a: A\nb: c: d\n")
	f.Add("a: \"\\x07\"\nb: [1]\nc:\n")
	f.Fuzz(func(t *testing.T, src string) {
		m, probs := ParseStrings("layouts/i18n/fi.yaml", []byte(src))
		for _, p := range probs {
			if p.File != "layouts/i18n/fi.yaml" || p.Line < 1 || p.Col < 1 || p.Message == "" || p.Hint == "" {
				t.Fatalf("problem without its place or hint: %+v", p)
			}
		}
		for k, v := range m {
			if _, ok := plaintext.Find(k + v); k == "" || !ok || !utf8.ValidString(k+v) {
				t.Fatalf("string %q: %q", k, v)
			}
		}
	})
}
