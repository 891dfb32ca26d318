package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"golang.org/x/tools/txtar"

	"github.com/kokeilu/kokeilu/internal/problem"
)

// repeat is s repeated to n bytes.
func repeat(s string, n int) string { return strings.Repeat(s, n/len(s)+1)[:n] }

func lines(f func(i int) string, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(f(i))
	}
	return b.String()
}

// TestBodyBounds: each body gives one problem, at its place, at once.
func TestBodyBounds(t *testing.T) {
	const file = "content/experiments/x.fi.md" // the body starts on line 8
	ref := "[a]: https://example.fi/" + strings.Repeat("x", 10_000) + "\n\n"
	for _, c := range []struct {
		name, body, want string
		line, col        int
	}{
		{"too large", repeat("Teksti. ", MaxBody+1),
			"the text is 1025 KB, more than the 1024 KB a page may have", 8, 1},
		{"link texts left open", "Alku.\n\n" + repeat("[", 1_000_000),
			"this paragraph has 1000000 brackets, backticks or * _ ~ marks that open or close nothing, more than 100", 10, 1},
		{"link destinations left open", repeat("[a](", 1_000_000),
			"this paragraph has 250000 brackets, backticks or * _ ~ marks that open or close nothing, more than 100", 8, 1},
		{"destinations in <> left open", repeat("[a](< ", 1_000_000),
			"this paragraph has 166667 brackets, backticks or * _ ~ marks that open or close nothing, more than 100", 8, 1},
		{"emphasis of two kinds", repeat("**a _a", 1_000_000),
			"this paragraph has 166667 brackets, backticks or * _ ~ marks that open or close nothing, more than 100", 8, 1},
		{"strikethrough by the rule of three", repeat("~~a ~a", 1_000_000),
			"this paragraph has 166667 brackets, backticks or * _ ~ marks that open or close nothing, more than 100", 8, 1},
		{"emphasis inside link texts", repeat("[*)<](", 1_000_000),
			"this paragraph has 166668 brackets, backticks or * _ ~ marks that open or close nothing, more than 100", 8, 1},
		{"backticks without their end", repeat("\\``", 1_000_000),
			"this paragraph has 333333 brackets, backticks or * _ ~ marks that open or close nothing, more than 100", 8, 1},
		{"a few strays too many", "Text " + strings.Repeat("[a](b ", maxUnmatched+1) + "\n",
			"this paragraph has 101 brackets, backticks or * _ ~ marks that open or close nothing, more than 100", 8, 1},
		{"too many marks", repeat("*a* ", 2*maxMarks+4),
			"this paragraph has 2002 links, brackets, backticks and * _ ~ marks, more than 2000", 8, 1},
		{"quotes nested on one line", "Alku.\n\n" + repeat("> ", 1_000_000),
			"quotes and lists nest 500000 levels deep here, more than 32", 10, 1},
		{"lists nested on one line", repeat("1. ", 1_000_000),
			"quotes and lists nest 333333 levels deep here, more than 32", 8, 1},
		{"lists nested by indentation", lines(func(i int) string { return strings.Repeat("  ", i) + "- a\n" }, 40),
			"quotes and lists nest 33 levels deep here, more than 32", 8 + 32, 1},
		{"a quote in 32 lists", lines(func(i int) string { return strings.Repeat("  ", i) + "- a\n" }, 32) + strings.Repeat("  ", 32) + "> a\n",
			"quotes and lists nest 33 levels deep here, more than 32", 8 + 32, 1},
		{"table rows left short", "Alku.\n\n" + strings.Repeat("|a", 200) + "|\n" + strings.Repeat("|-", 200) + "|\n" + repeat("x\n", 1_000_000),
			"the tables leave more than 10000 cells out, and each would be filled in empty", 11, 1},
		{"a reference repeated", ref + repeat("[a]", 330),
			"the links to [a] repeat its 10019-character address and title 110 times: with the other references, 1077 KB, more than 1024 KB", 10, 1},
		{"footnotes", "[^1]: Huom.\n\n" + repeat("[^1]", 4*maxFootnoteRefs+4),
			"the text has 1001 footnote references, more than 1000", 10, 1},
		{"a run of quotes", "Alku.\n\nHän sanoi " + strings.Repeat(`"`, 1_000_000),
			"the text has 1000000 quotation marks in a row, more than 100", 10, 11},
	} {
		t.Run(c.name, func(t *testing.T) {
			probs := parseWithin(t, 10*time.Second, file, expFront("")+c.body)
			if len(probs) != 1 {
				t.Fatalf("want one problem, got %d: %v", len(probs), probs)
			}
			p := probs[0]
			if p.Message != c.want || p.Line != c.line || p.Col != c.col || p.Hint == "" {
				t.Errorf("problem %s\nwant %d:%d: %s, with a hint", p, c.line, c.col, c.want)
			}
		})
	}
}

// TestBodyBoundsLeaveWritingAlone: what editors write passes, however
// long, and what goldmark does not read as text (code) is not counted.
func TestBodyBoundsLeaveWritingAlone(t *testing.T) {
	prose := "Kokeilu alkoi *keväällä* 2018, ja siihen osallistui **kolme** kuntaa: katso [raportti](https://example.fi/r.pdf \"PDF\"), " +
		"[sivu][ref], `koodi [*` ja ``a`b``, ~~vanha~~ \"lainaus\", Jonas' bok, it's_ok, 2 * 3 * 4.\n\n"
	for _, c := range []struct{ name, body string }{
		{"prose up to the limit", "[ref]: https://example.fi/\n[^1]: Huom.\n\n" + strings.Repeat("Katso[^1].\n\n", maxFootnoteRefs) +
			repeat(prose, MaxBody-40-12*maxFootnoteRefs)},
		{"strays up to the limit", "Text " + strings.Repeat("[a](b ", maxUnmatched) + "\n"},
		{"code blocks", "```\n" + strings.Repeat("int *p = a[i](; [[[ `` **x _y\n", 2000) + "```\n\n" +
			strings.Repeat("    [[[ *p _q `\n", 2000)},
		{"code spans", strings.Repeat("Call `f(*args, **kw)[0](` now. ", 500) + "\n"},
		{"a table with every cell", "| a | b | c |\n|---|:-:|--:|\n" + strings.Repeat("| 1 | 2 | 3 |\n", 20_000)},
		{"rows with a few cells left out", "| a | b | c |\n|---|---|---|\n" + strings.Repeat("| 1 |\n", maxFilledCells/2)},
		{"quotes and lists 32 deep", strings.Repeat("> ", 16) + strings.Repeat("- ", 16) + "a\n" +
			lines(func(i int) string { return strings.Repeat("  ", i) + "- a\n" }, 32)},
		{"rules", strings.Repeat("- ", 100) + "\n\n" + strings.Repeat("* ", 100) + "\n"},
		{"quotes in a row", strings.Repeat(`"`, maxQuoteRun) + "\n"},
		{"references used often", "[a]: https://example.fi/\n\n" + strings.Repeat("[a] [a] [a] [a] [a]\n\n", 8_000)},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, p := range parseWithin(t, 10*time.Second, "content/experiments/x.fi.md", expFront("")+c.body) {
				t.Errorf("%s", p)
			}
		})
	}
}

// TestBodyBoundsOnTheSamples: no page of the sample site or of the
// end-to-end cases comes near a limit.
func TestBodyBoundsOnTheSamples(t *testing.T) {
	check := func(name string, data []byte) {
		var probs problem.List
		d := &Document{Path: name, BodyLine: 1, Body: data}
		if !d.checkBody(&probs) {
			t.Errorf("%s: %v", name, probs.All())
		}
	}
	n := 0
	fs.WalkDir(os.DirFS("../.."), "content", func(p string, e fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			data, _ := os.ReadFile("../../" + p)
			check(p, data)
			n++
		}
		return nil
	})
	archives, _ := fs.Glob(os.DirFS("../build/testdata/e2e"), "*.txtar")
	for _, name := range archives {
		ar, err := txtar.ParseFile("../build/testdata/e2e/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".md") && !strings.HasPrefix(name, "hardening-") {
				check(name+": "+f.Name, f.Data)
				n++
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d files checked", n)
	}
}

// TestBodyBoundsCost converts, with goldmark configured as render does,
// the slowest bodies the bounds let through: for each pattern that is slow
// when repeated, paragraphs holding as many copies as pass, to 256 KB.
// Each must take about linear time: 1 MB of each took 0.2 to 0.9 s.
// Without the bounds, one paragraph of [a]( repeated took 2.8 s at 100 KB
// and over a minute at 1 MB.
func TestBodyBoundsCost(t *testing.T) {
	if testing.Short() {
		t.Skip("converts several megabytes")
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()))
	passes := func(body string) bool {
		var probs problem.List
		return (&Document{Path: "x", BodyLine: 1, Body: []byte(body)}).checkBody(&probs)
	}
	const size, limit = MaxBody / 4, 20 * time.Second // generous: CI runs with -race
	for _, pat := range []string{"[", "[a](", "[a](b", "[a](<", "**a _a", "a* _a", "a_ *a", "~~a ~a", "~a *a",
		"[*)<](", "\\``", `""`, "*** **__\"*** ", "> ", "1. ", "- > ", "a*", "__a"} {
		// The most copies of pat one paragraph may hold.
		lo, hi := 0, 1
		for passes(strings.Repeat(pat, hi)) && hi < MaxBody/len(pat) {
			lo, hi = hi, 2*hi
		}
		for hi-lo > 1 {
			if m := (lo + hi) / 2; passes(strings.Repeat(pat, m)) {
				lo = m
			} else {
				hi = m
			}
		}
		para := strings.Repeat(pat, lo) + "\n\n"
		body := strings.Repeat(para, size/len(para))
		if !passes(body) {
			t.Errorf("%q: a paragraph passes, %d of them do not", pat, size/len(para))
			continue
		}
		done := make(chan time.Duration, 1)
		go func() {
			start := time.Now()
			md.Convert([]byte(body), &bytes.Buffer{})
			done <- time.Since(start)
		}()
		select {
		case took := <-done:
			t.Logf("%-14q %6d in a paragraph, %4d KB: %v", pat, lo, len(body)>>10, took.Round(time.Millisecond))
		case <-time.After(limit):
			t.Fatalf("%q: %d KB that pass the bounds took goldmark more than %v", pat, size>>10, limit)
		}
	}
}

// TestFrontAndBodyProblemsTogether: a broken frontmatter does not hide
// the body's problems, and the body is kept for the link checks.
func TestFrontAndBodyProblemsTogether(t *testing.T) {
	for _, c := range []struct{ name, front string }{
		{"syntax", "title: [\n"},
		{"nesting", "links: " + strings.Repeat("[", 40) + "\n"},
		{"size", "lesson: " + strings.Repeat("x", MaxFrontmatter) + "\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var probs problem.List
			ParseFile("content/experiments/x.fi.md", []byte("---\n"+c.front+"---\n"+repeat("[", 200)+"\n"), langs, &probs)
			if len(probs.All()) != 2 || !strings.Contains(probs.All()[1].Message, "open or close nothing") {
				t.Errorf("problems %v", probs.All())
			}
			var ok problem.List
			d := ParseFile("content/experiments/x.fi.md", []byte("---\n"+c.front+"---\nLinkki [x](y.md).\n"), langs, &ok)
			if !d.Broken || string(d.Body) != "Linkki [x](y.md).\n" || d.BodyLine != 4 {
				t.Errorf("broken %v, body %q at line %d", d.Broken, d.Body, d.BodyLine)
			}
		})
	}
}

// TestBodyProblemsInOneRun: every problem of a body, each at its place,
// and a body full of bad paragraphs gives a few problems, not thousands.
func TestBodyProblemsInOneRun(t *testing.T) {
	bad := strings.Repeat("[", maxUnmatched+1) + "\n\n"
	body := "Hyvä.\n\n" + bad + "Ääkköset " + strings.Repeat(`"`, maxQuoteRun+1) + "\n\n" + strings.Repeat(bad, 2*maxParagraphProblems)
	probs := parseWithin(t, 10*time.Second, "content/experiments/x.fi.md", expFront("")+body)
	var got []string
	for _, p := range probs {
		got = append(got, fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Message))
	}
	unmatched := "this paragraph has 101 brackets, backticks or * _ ~ marks that open or close nothing, more than 100"
	want := []string{"10:1: " + unmatched, "12:10: the text has 101 quotation marks in a row, more than 100"}
	for i := range maxParagraphProblems - 1 {
		want = append(want, fmt.Sprintf("%d:1: %s", 14+2*i, unmatched))
	}
	want = append(want, fmt.Sprintf("%d:1: this and %d more paragraphs below have too many marks", 14+2*(maxParagraphProblems-1), maxParagraphProblems))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzFewMarks: skipping the block parse for a body with few marks
// (fewMarks) reports exactly the problems the full check reports.
func FuzzFewMarks(f *testing.F) {
	ref := "[r]: https://example.fi/" + strings.Repeat("x", 10_000) + "\n\n"
	for _, s := range []string{
		"", "Teksti *korostus* ja [linkki](https://x.fi/a_b).\n",
		strings.Repeat("[", maxUnmatched), strings.Repeat("[", maxUnmatched+1),
		strings.Repeat("*a ", maxUnmatched), strings.Repeat("`", maxUnmatched),
		strings.Repeat(`"`, maxQuoteRun), strings.Repeat(`'`, maxQuoteRun+1), `""''""`,
		ref + strings.Repeat("[r] ", 50), ref + strings.Repeat("[r]", 100),
		"[^1] [^2]\n\n[^1]: a\n", "> > > - 1. [a](<b>)\n", "| a | b |\n|---|---|\n| c |\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var fast, full problem.List
		d := &Document{Path: "x", BodyLine: 1, Body: []byte(body)}
		okFast, okFull := d.checkBodyAll(&fast, true), d.checkBodyAll(&full, false)
		if okFast != okFull || fmt.Sprint(fast.All()) != fmt.Sprint(full.All()) {
			t.Fatalf("fewMarks %v: with the shortcut %v %v, without %v %v", fewMarks([]byte(body)), okFast, fast.All(), okFull, full.All())
		}
	})
}
