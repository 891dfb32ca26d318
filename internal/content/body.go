package content

import (
	"bytes"
	"fmt"
	"slices"
	"unicode/utf8"

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
func (d *Document) checkBody(probs *problem.List) bool {
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

// inlineScan counts, block by block, the marks goldmark pairs: link
// brackets [ ], link destinations ]( ), emphasis runs * _ ~, and code
// spans, inside which nothing counts. It matches each kind of mark with a
// counter rather than goldmark's rules, which is enough to tell a
// paragraph with a few strays from one built of them.
type inlineScan struct {
	body       []byte
	refs       map[string]int // link reference labels: the length of their address and title
	uses       map[string]*refUse
	footnotes  int // [^ references
	footnoteAt int // where the first is
	quoteRun   int // the longest run of " or ' in a row
	quoteAt    int // where it starts
}

type refUse struct{ n, first int }

// block scans the text of one block, given as its lines, and returns how
// many of its marks open or close nothing, and how many marks it has.
func (s *inlineScan) block(lines *text.Segments) (bad, marks int) {
	type opener struct{ seg, off int }
	var (
		brackets []opener         // [ not yet closed
		frames   = []emphasis{{}} // runs of * _ ~ waiting for their closing run: in the block, in each bracket
		deeper   int              // [ past maxUnmatched open ones, which are strays anyway
		dest     int              // ]( on this line whose destination has not ended
		angle    int              // ](< on this line without their >
		parens   int              // ( inside the destinations
	)
	ticks := s.backtickRuns(lines)
	for si := 0; si < lines.Len(); si++ {
		seg := lines.At(si)
		line := s.body[seg.Start:seg.Stop]
		prev := ' ' // the character before the current one; a line starts after a space
		for i := 0; i < len(line); {
			c := line[i]
			r, w := rune(c), 1
			if c >= utf8.RuneSelf {
				r, w = utf8.DecodeRune(line[i:])
			}
			switch {
			case c == '\\' && i+1 < len(line) && util.IsPunct(line[i+1]):
				prev, i = rune(line[i+1]), i+2
				continue
			case c == '`':
				// A code span: nothing in it counts. It ends at the next run
				// of as many backticks; goldmark looks for that to the end of
				// the block, so one that has none is a stray.
				marks++
				j := i
				for j < len(line) && line[j] == '`' {
					j++
				}
				after := ticks[j-i]
				k, _ := slices.BinarySearch(after, seg.Start+j)
				if k == len(after) {
					bad++
					prev, i = '`', j
					continue
				}
				end := after[k] + j - i
				for !(seg.Start <= end && end <= seg.Stop) {
					si++
					seg = lines.At(si)
					bad += dest + angle
					dest, angle, parens = 0, 0, 0
				}
				line = s.body[seg.Start:seg.Stop]
				prev, i = '`', end-seg.Start
				continue
			case c == '"' || c == '\'':
				// The typographer looks at the rest of a run of quotes for
				// each quote in it.
				j := i
				for j < len(line) && line[j] == c {
					j++
				}
				if j-i > s.quoteRun {
					s.quoteRun, s.quoteAt = j-i, seg.Start+i
				}
				prev, i = rune(c), j
				continue
			case c == '*' || c == '_' || c == '~':
				j := i
				for j < len(line) && line[j] == c {
					j++
				}
				next := ' '
				if j < len(line) {
					next, _ = utf8.DecodeRune(line[j:])
				}
				if c == '~' && (j-i > 2 || prev == '~') {
					prev, i = '~', j // not strikethrough: text
					continue
				}
				marks++
				emph := &frames[len(frames)-1]
				open, close := flanking(c, prev, next)
				if close && emph.close(c, j-i, open) {
					prev, i = rune(c), j
					continue
				}
				switch {
				case open:
					emph.open(c, j-i, close)
				case close:
					bad++
				}
				prev, i = rune(c), j
				continue
			case c == '[':
				marks++
				if i+1 < len(line) && line[i+1] == '^' {
					if s.footnoteAt < 0 {
						s.footnoteAt = seg.Start + i
					}
					s.footnotes++
				}
				if len(brackets) >= maxUnmatched {
					deeper++
					bad++
					break
				}
				brackets = append(brackets, opener{si, seg.Start + i})
				frames = append(frames, emphasis{})
			case c == ']':
				if deeper > 0 {
					deeper--
					break
				}
				if len(brackets) == 0 {
					break
				}
				// A link's text is a scope of its own: emphasis inside it
				// closes inside it or never.
				o := brackets[len(brackets)-1]
				brackets = brackets[:len(brackets)-1]
				bad += frames[len(frames)-1].waiting()
				frames = frames[:len(frames)-1]
				switch {
				case i+2 < len(line) && line[i+1] == '(' && line[i+2] == '<':
					angle++
					prev, i = '<', i+3
					continue
				case i+1 < len(line) && line[i+1] == '(':
					marks++
					dest++
					prev, i = '(', i+2
					continue
				case len(s.refs) > 0:
					s.use(lines, o.seg, o.off+1, si, seg.Start+i)
				}
			case c == '>' && angle > 0:
				angle = 0
			case c == '(' && dest > 0:
				parens++
			case c == ')' && dest > 0:
				if parens > 0 {
					parens--
				} else {
					dest--
				}
			case util.IsSpace(c) && dest > 0:
				// The destinations end here. One is a link with a title
				// when a quote or ( follows; more are strays.
				j := i
				for j < len(line) && util.IsSpace(line[j]) && line[j] != '\n' {
					j++
				}
				if dest > 1 || j >= len(line) || !bytes.ContainsAny(line[j:j+1], `"'(`) {
					bad += dest
				}
				dest, parens = 0, 0
			}
			prev, i = r, i+w
		}
		bad += dest + angle
		dest, angle, parens = 0, 0, 0
	}
	for _, f := range frames {
		bad += f.waiting()
	}
	return bad + len(brackets), marks
}

// emphasis counts the runs of * _ ~ that wait for a closing run, by mark,
// by length modulo 3 and by whether they could close too: CommonMark's
// rule of three keeps a run that can both open and close from matching
// one whose lengths add up to a multiple of 3, and such runs are what
// goldmark's search goes back over.
type emphasis [3][3][2]int

func markIndex(c byte) int {
	switch c {
	case '*':
		return 0
	case '_':
		return 1
	}
	return 2
}

func (e *emphasis) open(c byte, n int, both bool) {
	b := 0
	if both {
		b = 1
	}
	e[markIndex(c)][n%3][b]++
}

// close matches a closing run of n marks c with a waiting one, if one may
// match it, and reports whether it did.
func (e *emphasis) close(c byte, n int, both bool) bool {
	runs := &e[markIndex(c)]
	for m := range 3 {
		for b := range 2 {
			if runs[m][b] == 0 || (b == 1 || both) && (m+n)%3 == 0 && n%3 != 0 {
				continue
			}
			runs[m][b]--
			return true
		}
	}
	return false
}

func (e *emphasis) waiting() int {
	n := 0
	for _, runs := range e {
		for _, byLen := range runs {
			n += byLen[0] + byLen[1]
		}
	}
	return n
}

// flanking says whether a run of c between prev and next can open and
// close emphasis, by CommonMark's rules as goldmark applies them.
func flanking(c byte, prev, next rune) (open, close bool) {
	prevSpace, nextSpace := util.IsSpaceRune(prev), util.IsSpaceRune(next)
	prevPunct, nextPunct := util.IsPunctRune(prev), util.IsPunctRune(next)
	left := !nextSpace && (!nextPunct || prevSpace || prevPunct)
	right := !prevSpace && (!prevPunct || nextSpace || nextPunct)
	if c == '_' {
		return left && (!right || prevPunct), right && (!left || nextPunct)
	}
	return left, right
}

// backtickRuns lists the block's runs of backticks by length, as goldmark
// looks for the end of a code span: every run counts, escaped or not.
func (s *inlineScan) backtickRuns(lines *text.Segments) map[int][]int {
	var runs map[int][]int
	for si := 0; si < lines.Len(); si++ {
		seg := lines.At(si)
		line := s.body[seg.Start:seg.Stop]
		for i := 0; i < len(line); i++ {
			if line[i] != '`' {
				continue
			}
			j := i
			for j < len(line) && line[j] == '`' {
				j++
			}
			if runs == nil {
				runs = map[int][]int{}
			}
			runs[j-i] = append(runs[j-i], seg.Start+i)
			i = j - 1
		}
	}
	return runs
}

// use records a use of a link reference: the label between two offsets,
// which may lie on different lines of the block.
func (s *inlineScan) use(lines *text.Segments, fromSeg, from, toSeg, to int) {
	var label []byte
	if fromSeg == toSeg {
		label = s.body[from:to]
	} else {
		for si := fromSeg; si <= toSeg; si++ {
			seg := lines.At(si)
			start, stop := seg.Start, seg.Stop
			if si == fromSeg {
				start = from
			}
			if si == toSeg {
				stop = to
			}
			label = append(label, s.body[start:stop]...)
			if len(label) > 999 {
				return
			}
		}
	}
	if len(label) > 999 { // goldmark's limit: a longer label is text
		return
	}
	key := util.ToLinkReference(label)
	if _, ok := s.refs[key]; !ok {
		return
	}
	u := s.uses[key]
	if u == nil {
		u = &refUse{first: from - 1}
		s.uses[key] = u
	}
	u.n++
}
