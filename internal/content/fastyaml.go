package content

// A fast path for the frontmatter almost every file has: one field per
// line, plain or quoted one-line text, [a, b] lists, block lists of text or
// of small mappings (links). It builds exactly the yaml.Node tree yaml.v3
// would (kinds, tags, values, styles, line and column of every node) and
// gives up on anything else, which then goes to yaml.v3 as before: its
// problems and their positions never change. Comments are allowed where
// they cannot change the tree, but the fast path does not fill in the
// nodes' HeadComment, LineComment and FootComment: decode.go never reads
// them. FuzzFastYAML checks that whatever it accepts, yaml.v3 reads the
// same way.

import (
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// unmarshalYAML is yaml.Unmarshal(data, n), taking the fast path when it
// understands all of data.
func unmarshalYAML(data []byte, n *yaml.Node) error {
	if fastYAMLOn && fastYAML(data, n) {
		return nil
	}
	return yaml.Unmarshal(data, n)
}

// fastYAMLOn is false only in benchmarks and tests that compare with
// yaml.v3 alone.
var fastYAMLOn = true

const (
	fyMaxDepth  = 8   // lists and mappings inside each other; deeper goes to yaml.v3
	fyMaxKeyLen = 128 // yaml.v3 refuses keys over 1,024 characters
)

// fyLine is one line that holds content (blank and comment lines are
// left out): src[off:end] is its text without the line break.
type fyLine struct {
	off, end int
	indent   int // leading spaces
	num      int // 1-based line number in data
}

type fyParser struct {
	src     string
	lines   []fyLine
	i       int // the line being read
	entries int // lines that start with '-'
	depth   int
	bad     bool
	nodes   []yaml.Node  // allocated in chunks
	ptrs    []*yaml.Node // Content slices are cut from chunks of this
	stack   []*yaml.Node // children of the collections being read
}

// fastYAML sets *n to the document yaml.Unmarshal would give and reports
// true, or reports false (n untouched) when data holds anything the fast
// path does not fully understand.
func fastYAML(data []byte, n *yaml.Node) bool {
	p := fyParser{src: string(data)}
	p.lines = make([]fyLine, 0, strings.Count(p.src, "\n")+1)
	if !p.split() || len(p.lines) == 0 {
		return false
	}
	first := p.lines[0]
	if first.indent != 0 {
		return false
	}
	// Enough nodes for all but odd files: a key and a value per line, a
	// list and a mapping more for a `- key: value` line, an item more per
	// comma.
	size := 2*len(p.lines) + 2*p.entries + strings.Count(p.src, ",") + 2
	p.nodes = make([]yaml.Node, 0, size)
	p.ptrs = make([]*yaml.Node, 0, size)
	p.stack = make([]*yaml.Node, 0, 2*len(p.lines)+8)
	root := p.mapping(0, first.off)
	if p.bad || p.i != len(p.lines) {
		return false
	}
	*n = yaml.Node{Kind: yaml.DocumentNode, Line: root.Line, Column: root.Column, Content: p.content([]*yaml.Node{root})}
	return true
}

// split checks every character and cuts src into content lines. It
// refuses what the fast path never reads: tabs, carriage returns, control
// characters, byte order marks, the line and paragraph separators and
// NEL (YAML line breaks), and text that is not UTF-8.
func (p *fyParser) split() bool {
	s := p.src
	num := 1
	lineStart := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\n' {
			p.addLine(lineStart, i, num)
			num++
			i++
			lineStart = i
			continue
		}
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r < 0xA0 || r == 0x2028 || r == 0x2029 || r == 0xFEFF || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += size
	}
	if lineStart < len(s) {
		p.addLine(lineStart, len(s), num)
	}
	return true
}

func (p *fyParser) addLine(off, end, num int) {
	ind := 0
	for off+ind < end && p.src[off+ind] == ' ' {
		ind++
	}
	if off+ind == end || p.src[off+ind] == '#' {
		return // blank or a comment
	}
	if p.src[off+ind] == '-' {
		p.entries++
	}
	p.lines = append(p.lines, fyLine{off: off, end: end, indent: ind, num: num})
}

func (p *fyParser) fail() *yaml.Node {
	p.bad = true
	return nil
}

func (p *fyParser) node() *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]yaml.Node, 0, 32)
	}
	p.nodes = p.nodes[:len(p.nodes)+1]
	return &p.nodes[len(p.nodes)-1]
}

// content copies children into a Content slice of its own.
func (p *fyParser) content(children []*yaml.Node) []*yaml.Node {
	k := len(children)
	if k == 0 {
		return nil
	}
	if cap(p.ptrs)-len(p.ptrs) < k {
		p.ptrs = make([]*yaml.Node, 0, max(k, 2*len(p.lines)+8))
	}
	start := len(p.ptrs)
	p.ptrs = append(p.ptrs, children...)
	return p.ptrs[start : start+k : start+k]
}

// col is the 1-based column of byte off on line l: yaml.v3 counts
// characters.
func (p *fyParser) col(l fyLine, off int) int {
	return 1 + utf8.RuneCountInString(p.src[l.off:off])
}

func (p *fyParser) pos(n *yaml.Node, l fyLine, off int) {
	n.Line = l.num
	n.Column = p.col(l, off)
}

// keyEnd returns the offset of the colon of a `key:` (followed by a space
// or the end of the line) starting at off, or -1.
func (p *fyParser) keyEnd(l fyLine, off int) int {
	s := p.src
	if off >= l.end || !isLetter(s[off]) {
		return -1
	}
	i := off + 1
	for i < l.end && (isLetter(s[i]) || s[i] >= '0' && s[i] <= '9' || s[i] == '_' || s[i] == '-') {
		i++
	}
	if i-off > fyMaxKeyLen || i >= l.end || s[i] != ':' || (i+1 < l.end && s[i+1] != ' ') {
		return -1
	}
	return i
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isEntry reports whether a `- ` (or a lone `-`) is at off.
func (p *fyParser) isEntry(l fyLine, off int) bool {
	return off < l.end && p.src[off] == '-' && (off+1 == l.end || p.src[off+1] == ' ')
}

// mapping reads a block mapping whose first key is at off on the current
// line; its keys are in column ind+1.
func (p *fyParser) mapping(ind, off int) *yaml.Node {
	if p.depth++; p.depth > fyMaxDepth {
		return p.fail()
	}
	defer func() { p.depth-- }()
	m := p.node()
	m.Kind, m.Tag = yaml.MappingNode, "!!map"
	p.pos(m, p.lines[p.i], off)
	base := len(p.stack)
	for {
		l := p.lines[p.i]
		colon := p.keyEnd(l, off)
		if colon < 0 {
			return p.fail()
		}
		k := p.node()
		k.Kind, k.Value = yaml.ScalarNode, p.src[off:colon]
		k.Tag = plainTag(k)
		p.pos(k, l, off)
		p.stack = append(p.stack, k)
		q := colon + 1
		for q < l.end && p.src[q] == ' ' {
			q++
		}
		var v *yaml.Node
		if q < l.end && p.src[q] != '#' {
			v = p.inline(l, q)
			p.i++
		} else {
			p.i++
			if p.i < len(p.lines) {
				nl := p.lines[p.i]
				if nl.indent > ind || nl.indent == ind && p.isEntry(nl, nl.off+nl.indent) {
					v = p.block(nl)
				}
			}
			if v == nil && !p.bad {
				v = p.node()
				v.Kind, v.Tag = yaml.ScalarNode, "!!null"
				p.pos(v, l, colon+1)
			}
		}
		if p.bad {
			return nil
		}
		p.stack = append(p.stack, v)
		if p.i == len(p.lines) {
			break
		}
		nl := p.lines[p.i]
		if nl.indent < ind {
			break
		}
		if nl.indent > ind {
			return p.fail()
		}
		off = nl.off + ind
	}
	m.Content = p.content(p.stack[base:])
	p.stack = p.stack[:base]
	return m
}

// block reads the list or mapping that starts on line l, the value of a
// key with nothing after its colon.
func (p *fyParser) block(l fyLine) *yaml.Node {
	off := l.off + l.indent
	if p.isEntry(l, off) {
		return p.sequence(l.indent)
	}
	if p.keyEnd(l, off) >= 0 {
		return p.mapping(l.indent, off)
	}
	return p.fail()
}

// sequence reads a block sequence whose `-` are in column ind+1, starting
// on the current line.
func (p *fyParser) sequence(ind int) *yaml.Node {
	if p.depth++; p.depth > fyMaxDepth {
		return p.fail()
	}
	defer func() { p.depth-- }()
	s := p.node()
	s.Kind, s.Tag = yaml.SequenceNode, "!!seq"
	p.pos(s, p.lines[p.i], p.lines[p.i].off+ind)
	base := len(p.stack)
	for {
		l := p.lines[p.i]
		q := l.off + ind + 1
		for q < l.end && p.src[q] == ' ' {
			q++
		}
		if q == l.end || p.src[q] == '#' {
			return p.fail() // the item is on the lines below
		}
		var item *yaml.Node
		if p.keyEnd(l, q) >= 0 {
			item = p.mapping(q-l.off, q)
		} else {
			item = p.inline(l, q)
			p.i++
		}
		if p.bad {
			return nil
		}
		p.stack = append(p.stack, item)
		if p.i == len(p.lines) {
			break
		}
		nl := p.lines[p.i]
		if nl.indent < ind {
			break
		}
		if nl.indent > ind {
			return p.fail()
		}
		if !p.isEntry(nl, nl.off+ind) {
			break // the next key of the mapping this list is in
		}
	}
	s.Content = p.content(p.stack[base:])
	p.stack = p.stack[:base]
	return s
}

// inline reads the value that starts at off and must end the line l
// (only a comment may follow it).
func (p *fyParser) inline(l fyLine, off int) *yaml.Node {
	var n *yaml.Node
	var end int
	switch p.src[off] {
	case '"', '\'':
		n, end = p.quoted(l, off)
	case '[':
		n, end = p.flow(l, off)
	default:
		n, end = p.plain(l, off, false)
	}
	if n == nil {
		return p.fail()
	}
	q := end
	for q < l.end && p.src[q] == ' ' {
		q++
	}
	if q < l.end && (p.src[q] != '#' || q == end) {
		return p.fail()
	}
	return n
}

// plainStart reports whether a plain scalar may start at off. It is
// stricter than YAML: '-' only before a letter, a digit or a '.'.
func (p *fyParser) plainStart(l fyLine, off int) bool {
	switch p.src[off] {
	case ' ', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '-':
		if off+1 >= l.end {
			return false
		}
		c := p.src[off+1]
		return isLetter(c) || c >= '0' && c <= '9' || c == '.'
	}
	return true
}

// plain reads a one-line plain scalar at off; in a [flow] list it ends
// at ',' or ']'. It returns the node and the offset after its text.
func (p *fyParser) plain(l fyLine, off int, flow bool) (*yaml.Node, int) {
	if !p.plainStart(l, off) {
		return nil, 0
	}
	s := p.src
	end := off // after the last non-space character
	i := off
	for ; i < l.end; i++ {
		c := s[i]
		if c == ' ' {
			continue
		}
		if flow {
			if c == ',' || c == ']' {
				break
			}
			switch c {
			case '[', '{', '}', '#', ':', '?', '"', '\'', '`':
				return nil, 0
			}
		} else {
			if c == '#' && s[i-1] == ' ' {
				break
			}
			if c == ':' && (i+1 == l.end || s[i+1] == ' ') {
				return nil, 0 // a key, or "mapping values are not allowed"
			}
		}
		end = i + 1
	}
	if flow && i == l.end {
		return nil, 0 // the list goes on on the next line
	}
	v := s[off:end]
	if v == "<<" {
		return nil, 0 // yaml.v3 tags it !!merge
	}
	n := p.node()
	n.Kind, n.Value = yaml.ScalarNode, v
	n.Tag = plainTag(n)
	p.pos(n, l, off)
	return n, end
}

// quoted reads a one-line '…' or "…" scalar at off.
func (p *fyParser) quoted(l fyLine, off int) (*yaml.Node, int) {
	s := p.src
	q := s[off]
	var buf []byte // nil while the value is a plain slice of src
	start := off + 1
	i := start
	for {
		if i >= l.end {
			return nil, 0 // it goes on on the next line
		}
		c := s[i]
		if c == q {
			if q == '\'' && i+1 < l.end && s[i+1] == '\'' {
				buf = append(buf, s[start:i+1]...)
				i += 2
				start = i
				continue
			}
			break
		}
		if c == '\\' && q == '"' {
			buf = append(buf, s[start:i]...)
			if i+1 >= l.end {
				return nil, 0 // an escaped line break
			}
			var ok bool
			buf, i, ok = p.escape(buf, l, i+1)
			if !ok {
				return nil, 0
			}
			start = i
			continue
		}
		i++
	}
	n := p.node()
	n.Kind, n.Tag = yaml.ScalarNode, "!!str"
	if buf == nil {
		n.Value = s[start:i]
	} else {
		n.Value = string(append(buf, s[start:i]...))
	}
	if q == '"' {
		n.Style = yaml.DoubleQuotedStyle
	} else {
		n.Style = yaml.SingleQuotedStyle
	}
	p.pos(n, l, off)
	return n, i + 1
}

// escape appends the character of the escape whose letter is at off (the
// backslash is before it) and returns the offset after the escape. Only
// escapes yaml.v3 knows are taken.
func (p *fyParser) escape(buf []byte, l fyLine, off int) ([]byte, int, bool) {
	s := p.src
	var c byte
	digits := 0
	switch s[off] {
	case '0':
		c = 0
	case 'a':
		c = 7
	case 'b':
		c = 8
	case 't':
		c = 9
	case 'n':
		c = 10
	case 'v':
		c = 11
	case 'f':
		c = 12
	case 'r':
		c = 13
	case 'e':
		c = 0x1b
	case ' ', '"', '\'', '\\':
		c = s[off]
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	default:
		return nil, 0, false // N, _, L, P and unknown ones: yaml.v3
	}
	if digits == 0 {
		return append(buf, c), off + 1, true
	}
	if off+1+digits > l.end {
		return nil, 0, false
	}
	r := 0
	for _, h := range []byte(s[off+1 : off+1+digits]) {
		switch {
		case h >= '0' && h <= '9':
			r = r<<4 + int(h-'0')
		case h >= 'a' && h <= 'f':
			r = r<<4 + int(h-'a'+10)
		case h >= 'A' && h <= 'F':
			r = r<<4 + int(h-'A'+10)
		default:
			return nil, 0, false
		}
	}
	if r >= 0xD800 && r <= 0xDFFF || r > 0x10FFFF {
		return nil, 0, false
	}
	return utf8.AppendRune(buf, rune(r)), off + 1 + digits, true
}

// flow reads a one-line [a, "b", c] list of scalars at off.
func (p *fyParser) flow(l fyLine, off int) (*yaml.Node, int) {
	s := p.src
	seq := p.node()
	seq.Kind, seq.Tag, seq.Style = yaml.SequenceNode, "!!seq", yaml.FlowStyle
	p.pos(seq, l, off)
	base := len(p.stack)
	defer func() { p.stack = p.stack[:base] }()
	skip := func(i int) int {
		for i < l.end && s[i] == ' ' {
			i++
		}
		return i
	}
	i := skip(off + 1)
	if i < l.end && s[i] == ']' {
		return seq, i + 1
	}
	for {
		if i >= l.end {
			return nil, 0
		}
		var item *yaml.Node
		var end int
		if s[i] == '"' || s[i] == '\'' {
			item, end = p.quoted(l, i)
		} else {
			item, end = p.plain(l, i, true)
		}
		if item == nil {
			return nil, 0
		}
		p.stack = append(p.stack, item)
		i = skip(end)
		if i >= l.end {
			return nil, 0
		}
		if s[i] == ']' {
			seq.Content = p.content(p.stack[base:])
			return seq, i + 1
		}
		if s[i] != ',' {
			return nil, 0
		}
		i = skip(i + 1) // an empty item or a trailing comma: yaml.v3
	}
}

// plainTag is the tag yaml.v3 resolves for the untagged plain scalar n
// (never "<<", which it tags !!merge). It answers the common cases
// itself, as yaml.v3's resolve does: a first byte for which its
// resolveTable has no hint is !!str; one of "yYnNtTfFoO~" is looked up in
// its resolveMap (!!bool or !!null for the words below, !!str otherwise);
// a valid YYYY-MM-DD date is a !!timestamp. The rest is asked of
// yaml.v3.
func plainTag(n *yaml.Node) string {
	v := n.Value
	if v == "" {
		return n.ShortTag()
	}
	switch c := v[0]; {
	case fyStrStart[c]:
		return "!!str"
	case fyMapStart[c]:
		switch v {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return "!!bool"
		case "~", "null", "Null", "NULL":
			return "!!null"
		}
		return "!!str"
	case isDate(v):
		return "!!timestamp"
	}
	return n.ShortTag()
}

// fyStrStart marks the bytes yaml.v3's resolveTable has no hint for,
// fyMapStart the ones it looks up in its map only.
var fyStrStart, fyMapStart = func() (str, m [256]bool) {
	for i := range str {
		str[i] = true
	}
	for _, c := range []byte("+-0123456789yYnNtTfFoO~.") {
		str[c] = false
	}
	for _, c := range []byte("yYnNtTfFoO~") {
		m[c] = true
	}
	return str, m
}()

// isDate reports whether v is YYYY-MM-DD and a real day, which yaml.v3's
// time.Parse(“2006-1-2”) takes.
func isDate(v string) bool {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return false
	}
	num := func(s string) int {
		x := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return -1
			}
			x = x*10 + int(s[i]-'0')
		}
		return x
	}
	y, m, d := num(v[:4]), num(v[5:7]), num(v[8:])
	if y < 0 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
