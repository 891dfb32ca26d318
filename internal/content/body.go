package content

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/kokeilu/kokeilu/internal/problem"
)

// A body is bounded here so that rendering it costs time and memory in
// proportion to its size: goldmark, the Markdown converter render uses, is
// quadratic on some inputs and multiplies others. Measured with goldmark
// 1.8.7 as render configures it (GFM, footnotes, typographer), one process
// per input, on a 2-core machine:
//
//	one paragraph of, repeated           10 KB    100 KB     1 MB
//	prose with links and emphasis                 0.006 s   0.06 s
//	[a](   link destinations left open   0.04 s   2.8 s     > 60 s
//	[a](<                                0.009 s  0.84 s    > 60 s
//	[      link texts left open          0.008 s  0.08 s    1.5 s
//	**a _a emphasis of two kinds         0.009 s  0.16 s    > 60 s
//	a* _a                                0.011 s  1.2 s     > 60 s
//	~~a ~a                               0.003 s  0.19 s    27 s
//	\``    backticks that end nothing    0.012 s  1.6 s     > 60 s
//	""     quotation marks in a row      0.028 s  1.8 s     > 60 s
//	>      quotes nested on one line     0.032 s  2.6 s     > 60 s
//	1.     lists nested on one line      0.032 s  2.3 s     > 60 s
//
// A 200-column table header over 10,000 one-cell rows (20 KB) came out as
// 20 MB of empty cells in 1.6 s, and 1 MB of them exhausted memory; 3,000
// uses [a] of one reference with a 10,000-character address (19 KB) came
// out as 15 MB.
//
// So a body is refused when it is larger than MaxBody; when quotes and
// lists nest deeper than maxNesting; when one paragraph has more than
// maxUnmatched link brackets, backticks or emphasis marks that open or
// close nothing (goldmark searches on through those for every mark, so
// they bound how many passes a paragraph costs) or more than maxMarks
// marks however they pair (which bounds it when the counting here pairs
// them otherwise than goldmark); when goldmark would fill in more than
// maxFilledCells table cells or repeat more than maxReferenceText bytes
// of reference-link addresses; or when it has more than maxFootnoteRefs
// footnote references or maxQuoteRun quotation marks in a row. Each limit
// is far above what an editor writes; 1 MB made of the patterns above in
// paragraphs that just pass them renders in 0.2 to 0.9 s
// (TestBodyBoundsCost).
const (
	// MaxBody is the largest body kokeilu renders, in bytes: 1 MiB is
	// about 150,000 words, a long book, and ten times the longest page
	// such a site has a use for; a longer text belongs in a document the
	// page links to.
	MaxBody          = 1 << 20
	maxNesting       = 32      // quotes and list items inside each other
	maxUnmatched     = 100     // per paragraph: [ and ]( and * _ ~ that open or close nothing
	maxMarks         = 2_000   // per paragraph: all of them, however they pair
	maxFilledCells   = 10_000  // empty cells goldmark adds to table rows shorter than their header
	maxReferenceText = 1 << 20 // bytes of reference-link addresses and titles, repeated by their uses
	maxFootnoteRefs  = 1_000
	maxQuoteRun      = 100 // " or ' in a row: the typographer reads the rest of the run for each

	maxParagraphProblems = 10 // reported one by one in a body
)

// bodyParser finds a body's blocks as render's goldmark does (tables,
// footnote definitions, link reference definitions) without parsing the
// text inside them: the limits count the marks in each block's text. It
// is safe for concurrent use.
var bodyParser = parser.NewParser(
	parser.WithBlockParsers(append(parser.DefaultBlockParsers(),
		util.Prioritized(extension.NewFootnoteBlockParser(), 999))...),
	parser.WithInlineParsers(),
	parser.WithParagraphTransformers(append(parser.DefaultParagraphTransformers(),
		util.Prioritized(extension.NewTableParagraphTransformer(), 200))...),
)

// checkBody reports every way d.Body exceeds the limits above. It returns
// false when the body must not be rendered.
func (d *Document) checkBody(probs *problem.List) bool { return d.checkBodyAll(probs, true) }

// checkBodyAll is checkBody; without few, it parses the blocks of a body
// with few marks too (for the test that fewMarks is right).
func (d *Document) checkBodyAll(probs *problem.List, few bool) bool {
	body := d.Body
	if len(body) > MaxBody {
		probs.Errorf(d.Path, d.BodyLine, 1,
			"split it into several pages, or put the long part in a document (a PDF) that the page links to",
			"the text is %s, more than the %s a page may have", size(len(body)), size(MaxBody))
		return false
	}
	ok := true
	// Places are found counting on from the last one, so that many
	// problems in one body cost one pass over it, not one each.
	at, atLine, atCol := 0, 1, 1
	report := func(off int, hint, format string, args ...any) {
		if off < at {
			at, atLine, atCol = 0, 1, 1
		}
		line, col := problem.LineCol(body[at:], off-at)
		if line == 1 {
			col += atCol - 1
		}
		at, atLine, atCol = off, atLine+line-1, col
		probs.Errorf(d.Path, d.BodyLine+atLine-1, atCol, hint, format, args...)
		ok = false
	}
	// Nesting and tables first: they are what makes the block parse itself
	// slow or large.
	if !lineBounds(body, report) {
		return false
	}
	if few && fewMarks(body) {
		return ok // nothing below can find a problem
	}
	pc := parser.NewContext()
	doc := bodyParser.Parse(text.NewReader(body), parser.WithContext(pc))
	s := &inlineScan{body: body, refs: map[string]int{}, uses: map[string]*refUse{}, footnoteAt: -1}
	for _, r := range pc.References() {
		s.refs[util.ToLinkReference(r.Label())] = len(r.Destination()) + len(r.Title())
	}
	reported, moreAt := 0, 0 // paragraphs: past maxParagraphProblems, one more problem says how many
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock || n.IsRaw() || n.Lines().Len() == 0 {
			return ast.WalkContinue, nil
		}
		u, marks := s.block(n.Lines())
		if u > maxUnmatched || marks > maxMarks {
			if reported++; reported > maxParagraphProblems {
				if reported == maxParagraphProblems+1 {
					moreAt = n.Lines().At(0).Start
				}
				return ast.WalkContinue, nil
			}
		}
		switch {
		case u > maxUnmatched:
			report(n.Lines().At(0).Start, "close each [ with ], each ( after ] with ) on the same line and each ` with `, or write \\[ \\* \\_ \\~ \\` for the character itself",
				"this paragraph has %d brackets, backticks or * _ ~ marks that open or close nothing, more than %d", u, maxUnmatched)
		case marks > maxMarks:
			report(n.Lines().At(0).Start, "split the paragraph into shorter ones",
				"this paragraph has %d links, brackets, backticks and * _ ~ marks, more than %d", marks, maxMarks)
		}
		return ast.WalkContinue, nil
	})
	if reported > maxParagraphProblems {
		report(moreAt, "fix them as the ones above",
			"this and %d more paragraphs below have too many marks", reported-maxParagraphProblems-1)
	}
	if s.quoteRun > maxQuoteRun {
		report(s.quoteAt, "write fewer quotation marks in a row",
			"the text has %d quotation marks in a row, more than %d", s.quoteRun, maxQuoteRun)
	}
	if s.footnotes > maxFootnoteRefs {
		report(s.footnoteAt, "refer to each note once, or write the repeated text itself",
			"the text has %d footnote references, more than %d", s.footnotes, maxFootnoteRefs)
	}
	total, first, worst := 0, len(body), ""
	for label, u := range s.uses {
		cost := u.n * s.refs[label]
		total += cost
		if w := s.uses[worst]; w == nil || cost > w.n*s.refs[worst] || cost == w.n*s.refs[worst] && label < worst {
			worst = label
		}
		first = min(first, u.first)
	}
	if total > maxReferenceText {
		report(first, "write the address once in an ordinary link, [text](address), or shorten it",
			"the links to [%s] repeat its %d-character address and title %d times: with the other references, %s, more than %s",
			worst, s.refs[worst], s.uses[worst].n, size(total), size(maxReferenceText))
	}
	return ok
}

// markByte are the bytes the inline scan counts as marks or as strays.
var markByte = [256]bool{'*': true, '_': true, '~': true, '`': true, '[': true, ']': true}

// fewMarks reports whether body has so few marks that the checks after
// the line bounds cannot find a problem, so that the block parse they need
// (the larger part of checking a body) can be skipped, as it is for most
// texts. Each mark or stray the inline scan counts in a block is one of
// the bytes of markByte in it, so no block has more than maxUnmatched
// when the whole body has no more; a run of quotes in a block is part of
// one in the body; every footnote reference and reference use starts at a
// [ or ends at a ]; and a reference-link address and title is no longer
// than the body, or there is none without "]:".
func fewMarks(body []byte) bool {
	n, run := 0, 0
	var quote byte
	for _, c := range body {
		if markByte[c] {
			n++
		}
		switch {
		case c == '"' || c == '\'':
			if c != quote {
				quote, run = c, 0
			}
			run++
			if run > maxQuoteRun {
				return false
			}
		default:
			quote, run = 0, 0
		}
	}
	if n > maxUnmatched || n > maxFootnoteRefs || n > maxMarks {
		return false
	}
	return n*len(body) <= maxReferenceText || !bytes.Contains(body, []byte("]:"))
}

// size writes a byte count for editors: in KB, rounded up, so that a text
// just over a limit does not read as equal to it.
func size(n int) string {
	if n >= 10<<20 {
		return fmt.Sprintf("%d MB", (n+1<<20-1)>>20)
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}

// lineBounds checks, line by line, how deep quotes and lists nest and how
// many cells tables leave for goldmark to fill in. It looks at every line,
// code blocks included, so that no construct can hide a line from it: it
// can only find more than goldmark would.
func lineBounds(body []byte, report func(off int, hint, format string, args ...any)) bool {
	var items []int // content columns of the list items open so far
	cols, filled, tableAt := 0, 0, 0
	for off := 0; off < len(body); {
		end := off + bytes.IndexByte(body[off:], '\n')
		if end < off {
			end = len(body)
		}
		line := bytes.TrimSuffix(body[off:end], []byte("\r"))
		// The line's container markers: > for a quote, - + * or 1. 1) for
		// a list item. A list item holds the items before it whose content
		// starts left of its marker.
		quotes, listed, col, i := 0, false, 0, 0
		brk := -1 // whether the line from its first list marker is a thematic break
	markers:
		for i < len(line) {
			switch c := line[i]; c {
			case ' ':
				col++
			case '\t':
				col += 4 - col%4
			case '>':
				quotes++
				col++
			default:
				w := listMarker(line[i:])
				if w > 0 && brk < 0 {
					brk = 0
					if thematicBreak(line[i:]) {
						brk = 1
					}
				}
				if w == 0 || brk == 1 {
					break markers
				}
				if !listed {
					for len(items) > 0 && items[len(items)-1] > col {
						items = items[:len(items)-1]
					}
					listed = true
				}
				items = append(items, col+w+1)
				col += w
				i += w
				continue
			}
			i++
		}
		if depth := quotes + len(items); (quotes > 0 || listed) && depth > maxNesting {
			report(off, "take out some of the > and list markers at the start of the line, or indent the list less",
				"quotes and lists nest %d levels deep here, more than %d", depth, maxNesting)
			return false
		}
		content := line[i:]
		switch {
		case len(bytes.TrimSpace(content)) == 0:
			cols = 0
		case cols > 0:
			if n := cells(content); n < cols {
				filled += cols - n
				if filled > maxFilledCells {
					report(tableAt, "give each row of a table as many cells as its header, or split the table",
						"the tables leave more than %d cells out, and each would be filled in empty", maxFilledCells)
					return false
				}
			}
		case tableDelimiter(content):
			cols, tableAt = cells(content), off
		}
		off = end + 1
	}
	return true
}

// listMarker returns the width of the list marker b starts with (- + * or
// up to nine digits and . or ), then a space or the line's end), or 0.
func listMarker(b []byte) int {
	w := 0
	switch {
	case len(b) > 0 && (b[0] == '-' || b[0] == '+' || b[0] == '*'):
		w = 1
	default:
		for w < len(b) && w < 9 && b[w] >= '0' && b[w] <= '9' {
			w++
		}
		if w == 0 || w >= len(b) || b[w] != '.' && b[w] != ')' {
			return 0
		}
		w++
	}
	if w < len(b) && b[w] != ' ' && b[w] != '\t' && b[w] != '\r' {
		return 0
	}
	return w
}

// thematicBreak reports whether b is a line like --- or * * *, which is
// not a list.
func thematicBreak(b []byte) bool {
	var mark byte
	n := 0
	for _, c := range b {
		switch {
		case c == ' ' || c == '\t' || c == '\r':
		case (c == '-' || c == '*' || c == '_') && (mark == 0 || c == mark):
			mark = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// tableDelimiter reports whether b could be a table's delimiter row
// (|---|:--:|), as goldmark's table extension reads one.
func tableDelimiter(b []byte) bool {
	b = bytes.TrimSpace(b)
	if !bytes.ContainsAny(b, "|:") {
		return false // --- is a rule or a heading's underline
	}
	b = bytes.TrimPrefix(b, []byte("|"))
	b = bytes.TrimSuffix(b, []byte("|"))
	if len(b) == 0 {
		return false
	}
	for _, col := range bytes.Split(b, []byte("|")) {
		col = bytes.TrimSpace(col)
		col = bytes.TrimPrefix(col, []byte(":"))
		col = bytes.TrimSuffix(col, []byte(":"))
		if len(col) == 0 || len(bytes.Trim(col, "-")) != 0 {
			return false
		}
	}
	return true
}

// cells counts a table row's cells as goldmark does: separated by | that
// is not escaped, without the leading and trailing |.
func cells(b []byte) int {
	b = bytes.TrimSpace(b)
	b = bytes.TrimPrefix(b, []byte("|"))
	if len(b) > 0 && b[len(b)-1] == '|' {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		return 0
	}
	n := 1
	for i, c := range b {
		if c == '|' && (i == 0 || b[i-1] != '\\') {
			n++
		}
	}
	return n
}
