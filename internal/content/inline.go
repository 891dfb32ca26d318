package content

// The inline scan: how many brackets, backticks and emphasis marks a
// paragraph leaves open, and how often each reference is used, counted in
// one pass per paragraph (see checkBody in body.go).

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// inlineScan counts, block by block, the marks goldmark pairs: link
// brackets [ ], link destinations ]( ), emphasis runs * _ ~, and code
// spans, inside which nothing counts. It matches each kind of mark with a
// counter rather than goldmark's rules, which is enough to tell a
// paragraph with a few strays from one built of them.
type inlineScan struct {
	body       []byte
	refs       map[string]int // link reference labels: the length of their address and title
	uses       map[string]*refUse
	footnotes  int  // [^ references
	footnoteAt int  // where the first is
	quoteRun   int  // the longest run of " or ' in a row
	quoteAt    int  // where it starts
	noSkip     bool // look at every character (for the test that the skip changes nothing)
}

// scanMark are the bytes block acts on outside a link destination; it
// skips runs of others, most of a text, at once.
var scanMark = [256]bool{'\\': true, '`': true, '"': true, '\'': true, '*': true, '_': true, '~': true, '[': true, ']': true}

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
			if dest == 0 && angle == 0 && !s.noSkip {
				j := i
				for j < len(line) && !scanMark[line[j]] {
					j++
				}
				if j > i {
					// The skipped text ends before an ASCII mark or the
					// line's end, so at the end of a character.
					prev, _ = utf8.DecodeLastRune(line[i:j])
					i = j
					continue
				}
			}
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
