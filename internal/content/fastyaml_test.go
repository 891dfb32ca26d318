package content

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"

	"github.com/kokeilu/kokeilu/internal/corpus"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/sitefs"
)

// KOKEILU_FASTYAML=off runs every test and benchmark of the package with
// yaml.v3 alone (for measuring the fast path against it).
func init() {
	if os.Getenv("KOKEILU_FASTYAML") == "off" {
		fastYAMLOn = false
	}
}

// The generated site the corpus tests and benchmarks read besides the
// sample site: KOKEILU_BENCH_SITE, or /work/bench/c5000 (5,000
// experiments per language). When neither is there they generate a
// smaller one.
func benchSite(tb testing.TB) string {
	if dir := os.Getenv("KOKEILU_BENCH_SITE"); dir != "" {
		return dir
	}
	if _, err := os.Stat("/work/bench/c5000/content"); err == nil {
		return "/work/bench/c5000"
	}
	dir := filepath.Join(tb.TempDir(), "site")
	if err := corpus.Write(dir, corpus.Options{Experiments: 300, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// fyDiff compares what decode.go reads of two trees: kind, tag, value,
// style, anchor, alias, line and column of every node. Comments are not
// compared: the fast path leaves them out and decode.go never reads them.
func fyDiff(got, want *yaml.Node, path string) string {
	switch {
	case got == nil || want == nil:
		if got != want {
			return fmt.Sprintf("%s: node %v, want %v", path, got, want)
		}
		return ""
	case got.Kind != want.Kind || got.Style != want.Style || got.Tag != want.Tag || got.Value != want.Value ||
		got.Anchor != want.Anchor || (got.Alias == nil) != (want.Alias == nil) ||
		got.Line != want.Line || got.Column != want.Column || len(got.Content) != len(want.Content):
		return fmt.Sprintf("%s:\n got kind %d style %d tag %q value %q at %d:%d, %d children\nwant kind %d style %d tag %q value %q at %d:%d, %d children",
			path, got.Kind, got.Style, got.Tag, got.Value, got.Line, got.Column, len(got.Content),
			want.Kind, want.Style, want.Tag, want.Value, want.Line, want.Column, len(want.Content))
	}
	for i := range got.Content {
		if d := fyDiff(got.Content[i], want.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// fyCheck reports whether the fast path takes data, and fails t when it
// takes something yaml.v3 reads differently or refuses.
func fyCheck(t testing.TB, name string, data []byte) bool {
	t.Helper()
	var fast yaml.Node
	if !fastYAML(data, &fast) {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal(data, &want); err != nil {
		t.Fatalf("%s: the fast path takes what yaml.v3 refuses (%v):\n%s", name, err, data)
	}
	if d := fyDiff(&fast, &want, "doc"); d != "" {
		t.Fatalf("%s: the fast path and yaml.v3 differ at %s\ninput:\n%s", name, d, data)
	}
	return true
}

// frontOf returns the bytes frontFormats' YAML function is given for the
// file data (what lies between the --- lines), or nil.
func frontOf(data []byte) []byte {
	var got []byte
	capture := func(b []byte, _ any) error {
		got = bytes.Clone(b)
		return nil
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	frontmatter.MustParse(bytes.NewReader(data), nil,
		frontmatter.NewFormat("---", "---", capture), frontmatter.NewFormat("---yaml", "---", capture))
	return got
}

// siteFronts returns the frontmatter of every .md file under the sample
// site's content/ and the benchmark site's, by path.
func siteFronts(tb testing.TB) (names []string, fronts [][]byte) {
	for _, dir := range []string{"../../content", filepath.Join(benchSite(tb), "content")} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if front := frontOf(data); front != nil {
				names = append(names, p)
				fronts = append(fronts, front)
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	if len(fronts) == 0 {
		tb.Fatal("no frontmatter found")
	}
	return names, fronts
}

// TestFastYAMLSites: the fast path takes nearly every file of the sample
// site and of the benchmark site, and gives yaml.v3's tree for each.
func TestFastYAMLSites(t *testing.T) {
	names, fronts := siteFronts(t)
	taken := 0
	var left []string
	for i, front := range fronts {
		if fyCheck(t, names[i], front) {
			taken++
		} else {
			left = append(left, names[i])
		}
	}
	share := float64(taken) / float64(len(fronts))
	t.Logf("the fast path takes %d of %d files (%.2f %%); yaml.v3 reads %v", taken, len(fronts), 100*share, left[:min(len(left), 10)])
	if share < 0.95 {
		t.Errorf("the fast path takes only %.1f %% of the files", 100*share)
	}
}

// fyCases are inputs on the edge of what the fast path takes.
var fyCases = []string{
	"title: Digitukea kirjaston iltapäivissä\ndate: 2018-10-09\ntags: [verkkopalvelut, ikaantyneet, osallisuus]\n",
	"links:\n  - title: Kokeilun loppuraportti (PDF)\n    url: https://example.fi/r.pdf\nupdated: 2018-04-01\n",
	"links:\n- title: a\n  url: b\n- c\nx: y\n",
	"# lead\n\ntitle: x # a comment\nend:\n# start: 2018-01-01\nfailday: true\n",
	"a: yes\nb: no\nc: on\nd: ~\ne: null\nf: 0x1\ng: 1e3\nh: .inf\ni: -.5\nj: +1\nk: 0o17\nl: 012\nm: 1_000\nn: True\no: FALSE\np: 2018-10-09T10:00:00Z\nq: 2018-1-9\nr: 10:00\ns: 1:20:30\n",
	"a: \"x \\\"y\\\" \\\\ \\n \\t \\x41 \\u00e4 \\U0001F600 \\0\\a\\b\\v\\f\\r\\e\\ \\'\"\nb: 'it''s \\n'\nc: \"\"\nd: ''\n",
	"e: \"\\/\"\n", "f: \"\\N\"\n", "g: \"\\uD800\"\n", "h: \"\\x4\"\n", "i: \"\\\n  x\"\n",
	"tags: []\nt2: [ ]\nt3: [a,b]\nt4: [ a , b ]\nt5: [\"a\", 'b', c d]\nt6: [a, ]\nt7: [a,,b]\nt8: [a: b]\nt9: [a, [b]]\n",
	"title: a: b\n", "title: a:\n", "title: a #b\n", "title: a#b\n", "title: C# 10:00 https://x.fi/y?z=1#w\n",
	"title: x\n  continued\n", "title: x\n\n  continued\n", "title:\n  text below\n", "title: \"open\n  close\"\n",
	"title: |\n  block\n", "title: >\n  folded\n", "title: &a x\nb: *a\n", "title: !!str 1\n", "<<: {a: b}\n",
	"a:\n  b: 1\n  c:\n    - x\n    - y: 1\n      z: 2\n", "a:\n    b: 1\n  c: 2\n", "- a\n- b\n", "  title: x\n",
	"a: 1\n- b\n", "a:\n- b\n  - c\n", "a:\n  - b\n   - c\n", "a:\n  - b\n # c\n  - d\n", "a:\n  -\n    b\n",
	"- a:\n  - x\n", "a:\n  - b:\n    c: d\n", "a:\n  - b:\n    - c\n", "key :\n", "\"key\": x\n", "key:x\n",
	"title: x\ttab\n", "title: x\r\n", "\ufefftitle: x\n", "title: a\u2028b\n", "title: a\u0085b\n", "title: a\u00a0\n",
	"title: 😀 ä Ö\ntags: [ä, ö, 😀]\nx: \"ä\" # ö\n", "title: ---\n", "--- a\n", "...\n", "%YAML 1.2\n", "title: x\n...\n",
	"a: -1\nb: -x\nc: - x\nd: --x\ne: -\n", "a: \"x\" y\n", "a: \"x\"# c\n", "a: [x] y\n", "a: [x]# c\n", "a: [x] # c\n",
	"a: `x`\n", "a: @x\n", "a: %x\n", "a: ,x\n", "a: ?x\n", "a: :x\n", "a: x?\n", "a: {x: y}\n", "y: 1\nn: 2\ntrue: 3\nnull: 4\n",
	"", "\n", "# only\n", "a: b", "a:", "a:\n", "a: b\n\n\n", strings.Repeat("k", 200) + ": x\n",
}

func TestFastYAMLCases(t *testing.T) {
	taken := 0
	for _, c := range fyCases {
		if fyCheck(t, fmt.Sprintf("%q", c), []byte(c)) {
			taken++
		}
	}
	t.Logf("the fast path takes %d of %d cases", taken, len(fyCases))
	// These must stay on the fast path.
	for _, c := range fyCases[:6] {
		var n yaml.Node
		if !fastYAML([]byte(c), &n) {
			t.Errorf("the fast path gives up on %q", c)
		}
	}
}

// TestFastYAMLTags: plainTag, which answers the common cases itself,
// agrees with yaml.v3's resolve.
func TestFastYAMLTags(t *testing.T) {
	var values []string
	for b := 0; b < 256; b++ {
		for _, rest := range []string{"", "1", "e3", "rue", "RUE", "alse", "ull", "ULL", "x", ".5", "0:00", "nf", ".inf", "es", "n"} {
			values = append(values, string([]byte{byte(b)})+rest)
		}
	}
	for _, y := range []string{"0000", "1900", "2000", "2023", "2024", "9999"} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				values = append(values, fmt.Sprintf("%s-%02d-%02d", y, m, d), fmt.Sprintf("%s-%d-%d", y, m, d))
			}
		}
	}
	values = append(values, "2018-10-09T10:00:00Z", "2018-10-0a", "2018-1a-09", "20a8-10-09", "2018/10/09", "+2018-10-09",
		"~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "yes", "Yes", "on", "off", "y", "n")
	for _, v := range values {
		if v == "<<" {
			continue
		}
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: v}
		if got, want := plainTag(n), n.ShortTag(); got != want {
			t.Errorf("plainTag(%q) = %s, yaml.v3 resolves %s", v, got, want)
		}
	}
}

// TestFastYAMLProblems: a file read by the fast path gives the same
// document and problems as with yaml.v3 alone.
func TestFastYAMLProblems(t *testing.T) {
	srcs := []string{good,
		"---\ntitle: x\ntitle: y\nlesson: [a]\nstatus: runing\nlinks:\n  - title: a\n    url: nope\n  - b\nstart: 2019-01-01\nend: 2018-01-01\n---\nBody\n",
		"---\nname: N\nemail: x\nfoo: 1\n---\n"}
	for _, src := range srcs {
		for _, name := range []string{"content/experiments/x.fi.md", "content/contacts/x.fi.md"} {
			run := func(on bool) (string, string) {
				fastYAMLOn = on
				defer func() { fastYAMLOn = true }()
				var probs problem.List
				d := ParseFile(name, []byte(src), langs, &probs)
				return fmt.Sprintf("%+v", d), fmt.Sprintf("%v", probs.All())
			}
			d1, p1 := run(true)
			d2, p2 := run(false)
			if d1 != d2 || p1 != p2 {
				t.Errorf("%s %q:\nfast:    %s\n%s\nyaml.v3: %s\n%s", name, src, d1, p1, d2, p2)
			}
		}
	}
}

// FuzzFastYAML: whatever the fast path takes, yaml.v3 takes too and reads
// as the same tree. Seeds: fyCases, the frontmatter of the sample site
// and testdata/fuzz/FuzzFastYAML (files of a generated corpus).
func FuzzFastYAML(f *testing.F) {
	for _, c := range fyCases {
		f.Add([]byte(c))
		if lines := strings.SplitAfter(c, "\n"); len(lines) > 2 {
			for _, l := range lines {
				f.Add([]byte(l))
			}
		}
	}
	filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			if data, err := os.ReadFile(p); err == nil {
				if front := frontOf(data); front != nil {
					f.Add(front)
				}
			}
		}
		return nil
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		fyCheck(t, "input", data)
	})
}

// BenchmarkFrontmatter parses the frontmatter of every file of the sample
// and the benchmark site; ns/op is per file.
func BenchmarkFrontmatter(b *testing.B) {
	_, fronts := siteFronts(b)
	for _, bc := range []struct {
		name string
		on   bool
	}{{"fast", true}, {"yaml.v3", false}} {
		b.Run(bc.name, func(b *testing.B) {
			fastYAMLOn = bc.on
			defer func() { fastYAMLOn = true }()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				var n yaml.Node
				if err := unmarshalYAML(fronts[i], &n); err != nil {
					b.Fatal(err)
				}
				if i++; i == len(fronts) {
					i = 0
				}
			}
		})
	}
}

// BenchmarkLoadSite is content.Load of the benchmark site (wall time; for
// CPU time run it as a test binary under time, KOKEILU_FASTYAML=off for
// yaml.v3 alone). The site is read with the sample site's site.yaml, which
// follows the configuration code; a generated site's may be older.
func BenchmarkLoadSite(b *testing.B) {
	site, err := sitefs.Open(benchSite(b))
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := os.ReadFile("../../" + ConfigFile)
	if err != nil {
		b.Fatal(err)
	}
	fsys := withConfig{site, fstest.MapFS{ConfigFile: {Data: cfg}}}
	for b.Loop() {
		var probs problem.List
		set, err := Load(context.Background(), fsys, &probs, nil)
		if err != nil || set == nil {
			b.Fatal(err, probs.All())
		}
	}
}

// withConfig is a site with another content/site.yaml.
type withConfig struct {
	fs.FS
	cfg fstest.MapFS
}

func (w withConfig) Open(name string) (fs.File, error) {
	if name == ConfigFile {
		return w.cfg.Open(name)
	}
	return w.FS.Open(name)
}
