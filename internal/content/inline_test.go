package content

import (
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// FuzzInlineSkip: skipping the characters that are no marks changes
// nothing the scan finds, block by block.
func FuzzInlineSkip(f *testing.F) {
	for _, s := range []string{
		"Plain text, ääkkösiä ja *korostus* sekä **vahva**.",
		"[linkki](https://x.fi/a_(b)) ja [viite][r] \\* `koodi` ~~yliviivaus~~ ~a~",
		"[r]: https://x.fi \"otsikko\"\n\n[r] [r] [^1] \"\"\"lainaus''' <https://x.fi>",
		"_a_b_ *a*b* ¡*x*! €*y*€ [a](<b c> \"t\") [a](b (c)) [a](b c d)",
		"| a | b |\n|---|---|\n| *x* | [y](z) |\n\n> lainattu `a``b`\n\n- lista [\n- ]",
		"\xe2\x82*x* \xff_y_",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		src := []byte(body)
		pc := parser.NewContext()
		doc := bodyParser.Parse(text.NewReader(src), parser.WithContext(pc))
		scan := func(noSkip bool) *inlineScan {
			return &inlineScan{body: src, refs: map[string]int{}, uses: map[string]*refUse{}, footnoteAt: -1, noSkip: noSkip}
		}
		fast, slow := scan(false), scan(true)
		for _, r := range pc.References() {
			l := util.ToLinkReference(r.Label())
			fast.refs[l], slow.refs[l] = 1, 1
		}
		ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering || n.Type() != ast.TypeBlock || n.IsRaw() || n.Lines().Len() == 0 {
				return ast.WalkContinue, nil
			}
			b1, m1 := fast.block(n.Lines())
			b2, m2 := slow.block(n.Lines())
			if b1 != b2 || m1 != m2 {
				t.Fatalf("%q: skipping finds %d bad of %d marks, looking at every character %d of %d", body, b1, m1, b2, m2)
			}
			return ast.WalkContinue, nil
		})
		fast.noSkip = true
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q: the scans end in different states:\n%+v\n%+v", body, fast, slow)
		}
	})
}

// BenchmarkInlineScan: the scan of a body of ordinary prose, with the skip
// and looking at every character.
func BenchmarkInlineScan(b *testing.B) {
	src := []byte(strings.Repeat("Kokeilussa selvitettiin, miten *kuntalaiset* käyttävät kirjaston tiloja illalla, ja [raportti](https://x.fi/r) kertoo \"tuloksista\".\n", 40))
	doc := bodyParser.Parse(text.NewReader(src))
	for _, noSkip := range []bool{false, true} {
		b.Run(map[bool]string{false: "skip", true: "every-character"}[noSkip], func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				s := &inlineScan{body: src, refs: map[string]int{}, uses: map[string]*refUse{}, footnoteAt: -1, noSkip: noSkip}
				for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
					s.block(n.Lines())
				}
			}
		})
	}
}
