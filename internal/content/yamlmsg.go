package content

// YAML syntax errors in words an editor understands, at the place of the
// mistake. yaml.v3 says what it expected ("did not find expected key")
// and, for most errors, the line where the enclosing list or mapping
// starts, counted from 0: one line above the mistake at best. So the line
// is found again here: a scanner error's line is the line yaml.v3 names
// (counted from 1, or none on the first line); a parser error's is the
// first line at which the frontmatter cut after it gives the same error,
// which is where the token yaml.v3 stumbled on is. The column and the
// words then come from that line and the lines above it.

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// yamlText is the frontmatter text as lines, for explaining an error in it.
type yamlText struct {
	lines   []string // without the line break (and a \r before it)
	lineOff int      // the file's line number of the line before lines[0]
}

func newYAMLText(src []byte, lineOff int) *yamlText {
	lines := strings.Split(string(src), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return &yamlText{lines: lines, lineOff: lineOff}
}

// line returns line n (from 1), or "" past the end.
func (t *yamlText) line(n int) string {
	if n < 1 || n > len(t.lines) {
		return ""
	}
	return t.lines[n-1]
}

// fileLine is the line number in the file of line n of the frontmatter.
func (t *yamlText) fileLine(n int) int { return t.lineOff + n }

// col is the 1-based column of byte i of line n, in characters.
func (t *yamlText) col(n, i int) int {
	s := t.line(n)
	return 1 + utf8.RuneCountInString(s[:min(i, len(s))])
}

// explainYAML turns yaml.v3's error for the frontmatter src into a
// problem at the mistake. lineOff is the file's line of the opening
// delimiter, for the hints that name another line.
func explainYAML(src []byte, err error, lineOff int) *limitError {
	reported, raw := syntaxError(err)
	t := newYAMLText(src, lineOff)
	var e *limitError
	switch {
	case raw == "did not find expected key" || raw == "did not find expected '-' indicator" ||
		strings.HasPrefix(raw, "did not find expected ',' or ") || raw == "did not find expected node content":
		e = t.parserError(raw, t.mistakeLine(src, raw, reported))
	case strings.HasPrefix(raw, "unknown anchor "):
		e = t.aliasError(0)
	default:
		e = t.scannerError(raw, max(reported, 1))
	}
	if e == nil {
		e = &limitError{line: max(reported, 1), msg: "the frontmatter cannot be read: " + raw,
			hint: "check the indentation and quote text that contains a colon or starts with #, [ or {"}
	}
	e.line = max(e.line, 1)
	return e
}

// mistakeLine finds the line of a parser error: the first n at which the
// first n lines alone give the same error. yaml.v3's line (the start of
// the enclosing list or mapping, counted from 0) is a lower bound. It
// parses O(log lines) times, on frontmatter bounded by MaxFrontmatter.
func (t *yamlText) mistakeLine(src []byte, raw string, reported int) int {
	// Offsets of the line ends, so that each cut is a slice of src.
	ends := make([]int, 0, len(t.lines))
	for i, c := range src {
		if c == '\n' {
			ends = append(ends, i)
		}
	}
	ends = append(ends, len(src))
	same := func(n int) bool {
		var node yaml.Node
		err := yaml.Unmarshal(src[:ends[n-1]], &node)
		if err == nil {
			return false
		}
		_, msg := syntaxError(err)
		return msg == raw
	}
	lo, hi := max(reported, 1), len(ends) // same(hi) holds: it is all of src
	if lo > hi {
		lo = 1
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if same(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return hi
}

// indent is the number of leading spaces of s.
func indent(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// leadingTab returns the byte offset of a tab in s's indentation, or -1.
func leadingTab(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
		case '\t':
			return i
		default:
			return -1
		}
	}
	return -1
}

// blank reports whether a line holds nothing for YAML: spaces or a comment.
func blank(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || s[0] == '#'
}

// keyColon returns the offset of the colon ending the field name that
// starts at from (a plain name followed by ": " or a colon at the end),
// or -1.
func keyColon(s string, from int) int {
	if from >= len(s) || strings.ContainsRune("\"'[{-#&*!|>%@`", rune(s[from])) && !(s[from] == '-' && from+1 < len(s) && s[from+1] != ' ') {
		return -1
	}
	for i := from; i < len(s); i++ {
		if s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t') {
			return i
		}
		if s[i] == ' ' && i+1 < len(s) && s[i+1] == '#' {
			return -1
		}
	}
	return -1
}

// item returns the offset after the "- " markers at the start of s's
// content (from), or from when there are none.
func item(s string, from int) int {
	for from < len(s) && s[from] == '-' && (from+1 == len(s) || s[from+1] == ' ') {
		from++
		for from < len(s) && s[from] == ' ' {
			from++
		}
	}
	return from
}

// valueAt returns the offset where the value of line s starts: after the
// indentation, list markers and a field name with its colon.
func valueAt(s string) int {
	i := item(s, indent(s))
	if c := keyColon(s, i); c >= 0 {
		i = c + 1
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	return i
}

// fieldName is the name of the field line s gives, or "".
func fieldName(s string) string {
	i := item(s, indent(s))
	if c := keyColon(s, i); c >= 0 {
		return s[i:c]
	}
	return ""
}

// label names line s in a hint: its field (tags:) or its list item's dash.
func label(s string) string {
	if name := fieldName(s); name != "" {
		return name + ":"
	}
	if item(s, indent(s)) > indent(s) {
		return "the -"
	}
	return strconv.Quote(strings.TrimSpace(s))
}

// above returns the nearest line above n that holds something and is
// indented less than col (col < 0: any), or 0.
func (t *yamlText) above(n, col int) int {
	for m := n - 1; m >= 1; m-- {
		if l := t.line(m); !blank(l) && (col < 0 || indent(l) < col) {
			return m
		}
	}
	return 0
}

// quote writes s as a YAML double-quoted value.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// quotedLine is line s with its value in double quotes: the fix for a
// value YAML cannot read as plain text.
func quotedLine(s string) string {
	v := valueAt(s)
	return strings.TrimSpace(s[:v]) + " " + quote(strings.TrimSpace(s[v:]))
}

// tabError reports a tab in the indentation of line n, which is the
// mistake whatever yaml.v3 made of it.
func (t *yamlText) tabError(n int) *limitError {
	i := leadingTab(t.line(n))
	if i < 0 {
		return nil
	}
	return &limitError{line: n, col: t.col(n, i), msg: "the line is indented with a tab",
		hint: "indent with spaces only: a tab looks like spaces, but YAML does not count it as indentation"}
}

// scannerError explains an error yaml.v3's scanner found on line n.
func (t *yamlText) scannerError(raw string, n int) *limitError {
	s := t.line(n)
	switch raw {
	case "found a tab character that violates indentation":
		if e := t.tabError(n); e != nil {
			return e
		}
		i := max(strings.IndexByte(s, '\t'), 0)
		return &limitError{line: n, col: t.col(n, i), msg: "the line is indented with a tab",
			hint: "indent with spaces only: a tab looks like spaces, but YAML does not count it as indentation"}
	case "mapping values are not allowed in this context":
		if e := t.tabError(n); e != nil {
			return e
		}
		return t.colonError(n)
	case "found character that cannot start any token":
		if e := t.tabError(n); e != nil {
			return e
		}
		i := valueAt(s)
		if j := strings.IndexAny(s[i:], "@`\t"); j > 0 && !strings.ContainsAny(s[i:i+1], "@`%") {
			i += j // the value starts well: the character is inside it, after a space or a flow mark
		}
		if i < len(s) && s[i] == '\t' {
			return &limitError{line: n, col: t.col(n, i), msg: "there is a tab where YAML does not allow one",
				hint: "write a space instead of the tab"}
		}
		c, _ := utf8.DecodeRuneInString(s[min(i, len(s)):])
		return &limitError{line: n, col: t.col(n, i), msg: fmt.Sprintf("a value cannot start with %q unless it is in quotes", c),
			hint: "put the value in quotes: " + quotedLine(s)}
	case "found unexpected end of stream":
		return t.openQuoteError()
	case "could not find expected ':'":
		return t.noColonError(n)
	case "found unknown escape character", "did not find expected hexdecimal number":
		i := strings.IndexByte(s, '\\')
		if i < 0 {
			return nil
		}
		return &limitError{line: n, col: t.col(n, i), msg: `the backslash \ in a text in "…" starts a special character, and this one does not exist`,
			hint: `write \\ for a backslash, or put the text in single quotes instead: '` + strings.Trim(strings.TrimSpace(s[valueAt(s):]), `"`) + `'`}
	case "did not find expected alphabetic or numeric character":
		return t.aliasError(n)
	case "block sequence entries are not allowed in this context":
		i := valueAt(s)
		name := fieldName(s)
		return &limitError{line: n, col: t.col(n, i), msg: "a list cannot start on the same line as its field",
			hint: fmt.Sprintf("write the list in brackets, %s: [a, b], or put each item on a line of its own below %s:, as   - a", name, name)}
	}
	return nil
}

// colonError explains ": " where YAML cannot take it: inside a value, or
// at a field name on a line that YAML reads as part of the text above.
func (t *yamlText) colonError(n int) *limitError {
	s := t.line(n)
	start := item(s, indent(s))
	first := keyColon(s, start)
	var alone yaml.Node
	if first >= 0 && yaml.Unmarshal([]byte(strings.TrimLeft(s, " -")), &alone) == nil {
		// The line is a good field by itself: what is wrong is where it
		// is. Either a line above has no colon (and this one continues
		// its text), or this one is indented more than the field above.
		// Above it, the lines without a colon up to a field or an item
		// (k): the first of them that is not indented more than k (or the
		// first at all, without k) cannot go on from k's text.
		culprit := 0
		m := n - 1
		for ; m >= 1; m-- {
			l := t.line(m)
			if blank(l) {
				continue
			}
			if fieldName(l) != "" || item(l, indent(l)) > indent(l) {
				break
			}
			culprit = m
		}
		if culprit > 0 {
			for c := culprit; c < n; c++ {
				if l := t.line(c); !blank(l) && (m < 1 || indent(l) <= indent(t.line(m))) {
					return t.noColonError(c)
				}
			}
		}
		name := s[start:first]
		hint := "start it in the same column as the other fields"
		if k := t.above(n, indent(s)); k > 0 {
			hint = fmt.Sprintf("start it in column %d, like %s on line %d; to continue the text above on this line, put that text in quotes",
				indent(t.line(k))+1, label(t.line(k)), t.fileLine(k))
		}
		return &limitError{line: n, col: indent(s) + 1, msg: fmt.Sprintf("the field %q is indented more than the line above it, so YAML reads it as part of that line's text", name),
			hint: hint}
	}
	// A second ": " in the value.
	from := 0
	if first >= 0 {
		from = first + 1
	}
	i := strings.Index(s[from:], ": ")
	if i < 0 {
		i = max(strings.LastIndexByte(s, ':'), from) - from
	}
	what := "the text"
	if first >= 0 {
		what = fmt.Sprintf("the value of %s", s[start:first])
	}
	return &limitError{line: n, col: t.col(n, from+i), msg: what + ` has a colon and a space (": ") in it, which YAML reads as the start of another field`,
		hint: "put the whole value in quotes: " + quotedLine(s)}
}

// noColonError explains line n, a text where a field or a list item was
// expected.
func (t *yamlText) noColonError(n int) *limitError {
	s := t.line(n)
	text := strings.TrimSpace(s)
	e := &limitError{line: n, col: indent(s) + 1, msg: fmt.Sprintf("the line %q is not a field (name: value) nor a list item (- item)", text)}
	if k := t.above(n, -1); k > 0 {
		if l := t.line(k); indent(l) == indent(s) && item(l, indent(l)) > indent(l) {
			e.hint = fmt.Sprintf("to make it an item of the list above, start it with a dash and a space: - %s", text)
			return e
		}
	}
	if !strings.ContainsAny(text, " :") {
		e.msg = fmt.Sprintf("the line %q has no colon after the field's name", text)
		e.hint = fmt.Sprintf("write a colon and the value after the name: %s: …", text)
		return e
	}
	e.hint = "write each field as name: value; to go on with a text on the next line, indent that line more than the field's name"
	return e
}

// openQuoteError finds the quotation mark that is never closed: the last
// one that opens a value.
func (t *yamlText) openQuoteError() *limitError {
	var in byte // the quotation mark of the value being read, or 0
	atLine, at := 0, 0
	for n := 1; n <= len(t.lines); n++ {
		s := t.line(n)
		prev := byte(0) // the character before, spaces left out
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case in == '"' && c == '\\':
				i++
			case in != 0 && c == in:
				if in == '\'' && i+1 < len(s) && s[i+1] == '\'' {
					i++
					continue
				}
				in = 0
			case in == 0 && c == '#' && (i == 0 || s[i-1] == ' '):
				i = len(s)
			case in == 0 && (c == '"' || c == '\'') && strings.IndexByte("\x00-:[{,?", prev) >= 0:
				in, atLine, at = c, n, i
			}
			if c != ' ' {
				prev = c
			}
		}
	}
	if atLine == 0 {
		return nil
	}
	q := string(t.line(atLine)[at])
	return &limitError{line: atLine, col: t.col(atLine, at), msg: fmt.Sprintf("the quotation mark %s is not closed", q),
		hint: fmt.Sprintf("end the text with %s on the same line; a %s inside the text is written %s", q, q, map[string]string{`"`: `\"`, `'`: `''`}[q])}
}

// aliasError explains a value that starts with * or & (in YAML, a
// reference to another value): on line n, or the first such line.
func (t *yamlText) aliasError(n int) *limitError {
	for m := 1; m <= len(t.lines); m++ {
		if n > 0 && m != n {
			continue
		}
		s := t.line(m)
		if i := valueAt(s); i < len(s) && (s[i] == '*' || s[i] == '&') {
			return &limitError{line: m, col: t.col(m, i), msg: fmt.Sprintf("a value cannot start with %c unless it is in quotes", s[i]),
				hint: "put the value in quotes: " + quotedLine(s) + " (the frontmatter is plain text: *emphasis* works in the body only)"}
		}
	}
	return nil
}

// closing returns the offset after the quoted text or bracketed list that
// starts at i on s, or -1 when it does not end on the line.
func closing(s string, i int) int {
	switch s[i] {
	case '"', '\'':
		q := s[i]
		for j := i + 1; j < len(s); j++ {
			switch {
			case q == '"' && s[j] == '\\':
				j++
			case s[j] == q && q == '\'' && j+1 < len(s) && s[j+1] == '\'':
				j++
			case s[j] == q:
				return j + 1
			}
		}
	case '[', '{':
		depth := 0
		for j := i; j < len(s); j++ {
			switch s[j] {
			case '[', '{':
				depth++
			case ']', '}':
				if depth--; depth == 0 {
					return j + 1
				}
			case '"', '\'':
				if k := closing(s, j); k > 0 {
					j = k - 1
				}
			}
		}
	}
	return -1
}

// parserError explains an error yaml.v3's parser found on line n.
func (t *yamlText) parserError(raw string, n int) *limitError {
	s := t.line(n)
	if e := t.tabError(n); e != nil {
		return e
	}
	if blank(s) {
		return nil
	}
	ind := indent(s)
	v := valueAt(s)
	switch {
	case strings.HasPrefix(raw, "did not find expected ',' or "):
		return t.flowError(raw, n)
	case raw == "did not find expected node content":
		if i := strings.Index(s, ",,"); i >= 0 {
			return &limitError{line: n, col: t.col(n, i+1), msg: "the list has an empty item between two commas",
				hint: "remove one of the commas"}
		}
		if i := strings.Index(s, ", ]"); i >= 0 || strings.Contains(s, ",]") {
			i = strings.IndexByte(s[max(i, 0):], ',') + max(i, 0)
			return &limitError{line: n, col: t.col(n, i), msg: "the list ends with a comma",
				hint: "remove the comma before ]"}
		}
		return nil
	}
	// Text after a closed quotation or list: the value ended before it.
	if v < len(s) && strings.ContainsRune(`"'[{`, rune(s[v])) {
		if end := closing(s, v); end > 0 && end < len(s) && !blank(s[end:]) {
			rest := end + indent(s[end:])
			if s[v] == '\'' && rest == end {
				return &limitError{line: n, col: t.col(n, end-1), msg: "the text in '…' ends at the apostrophe",
					hint: fmt.Sprintf("write an apostrophe in '…' twice, %s, or put the text in \"…\" instead", s[v:end]+"'"+s[end:])}
			}
			return &limitError{line: n, col: t.col(n, rest), msg: fmt.Sprintf("there is more text after the closing %c", s[end-1]),
				hint: "put all of the value inside the quotation marks, or remove what comes after them"}
		}
	}
	dash := item(s, ind) > ind
	if raw == "did not find expected '-' indicator" {
		return t.dashError(n)
	}
	if dash {
		// An item where the field above has a value of its own, or a
		// dash out of line with the items above.
		for m := n - 1; m >= 1; m-- {
			l := t.line(m)
			if blank(l) {
				continue
			}
			if item(l, indent(l)) > indent(l) && indent(l) != ind {
				return &limitError{line: n, col: ind + 1, msg: "this list item is not in the same column as the items above it",
					hint: fmt.Sprintf("start it in column %d, like the - on line %d", indent(l)+1, t.fileLine(m))}
			}
			if indent(l) < ind || item(l, indent(l)) > indent(l) {
				break
			}
			if name := fieldName(l); name != "" && indent(l) == ind && valueAt(l) < len(l) {
				return &limitError{line: n, col: ind + 1, msg: fmt.Sprintf("a list item, but the field %s above already has a value", name),
					hint: fmt.Sprintf("put a list under a field with nothing after its colon: %s: on one line, then   - item on each line below", name)}
			}
			break
		}
	}
	hint := "start each field in the same column as the fields above it"
	if k := t.above(n, ind); k > 0 {
		hint = fmt.Sprintf("start it in column %d, like %s on line %d, or indent it as much as the lines it belongs with",
			indent(t.line(k))+1, label(t.line(k)), t.fileLine(k))
	}
	return &limitError{line: n, col: ind + 1, msg: "this line is not in the same column as the fields around it", hint: hint}
}

// dashError explains line n, which is in a list's column but is no item
// of it.
func (t *yamlText) dashError(n int) *limitError {
	s := t.line(n)
	ind := indent(s)
	if ind+1 < len(s) && s[ind] == '-' && s[ind+1] != ' ' {
		return &limitError{line: n, col: ind + 1, msg: "a list item needs a space after the dash",
			hint: "write - " + strings.TrimSpace(s[ind+1:])}
	}
	// The item above: where its dash is and where its fields start.
	dash, keys, from := -1, -1, 0
	for m := n - 1; m >= 1; m-- {
		l := t.line(m)
		if blank(l) {
			continue
		}
		if i := indent(l); i <= ind && item(l, i) > i {
			dash, keys, from = i, item(l, i), m
			break
		}
	}
	if dash < 0 {
		return &limitError{line: n, col: ind + 1, msg: "this line is in the column of a list, but it is not an item of it",
			hint: "start each list item with a dash and a space: - item"}
	}
	if ind > dash {
		return &limitError{line: n, col: ind + 1, msg: "this line is not in the same column as the list items above it",
			hint: fmt.Sprintf("start it in column %d, like the - on line %d", dash+1, t.fileLine(from))}
	}
	if name := fieldName(s); name != "" && item(s, ind) == ind && keys > dash {
		return &limitError{line: n, col: ind + 1, msg: fmt.Sprintf("%s: is in the column of the list's dashes, so it belongs to no item", name),
			hint: fmt.Sprintf("indent it to column %d, under the first field of the item on line %d, or start a new item: - %s", keys+1, t.fileLine(from), strings.TrimSpace(s))}
	}
	return &limitError{line: n, col: ind + 1, msg: "this line is in the column of a list, but it is not an item of it",
		hint: "start it with a dash and a space: - " + strings.TrimSpace(s)}
}

// flowError explains a [list] or {mapping} that is not closed, or that
// has something other than a comma between two items.
func (t *yamlText) flowError(raw string, n int) *limitError {
	close := raw[len(raw)-2]
	open := byte('[')
	if close == '}' {
		open = '{'
	}
	what := "list"
	if open == '{' {
		what = "group of fields"
	}
	s := t.line(n)
	i := strings.LastIndexByte(s, open)
	for m := n; i < 0 && m > 1; m-- {
		n, s = m-1, t.line(m-1)
		i = strings.LastIndexByte(s, open)
	}
	if i < 0 {
		return nil
	}
	if end := closing(s, i); end < 0 {
		return &limitError{line: n, col: t.col(n, len(strings.TrimRight(s, " "))), msg: fmt.Sprintf("the %s that starts with %c is not closed", what, open),
			hint: fmt.Sprintf("end it with %c on the same line, e.g. tags: [a, b]", close)}
	}
	// Closed: something between the items is not a comma.
	for j := i + 1; j < len(s); j++ {
		if s[j] == '"' || s[j] == '\'' {
			end := closing(s, j)
			if end < 0 {
				break
			}
			k := end + indent(s[end:])
			if k < len(s) && s[k] != ',' && s[k] != close {
				return &limitError{line: n, col: t.col(n, k), msg: "there is text after a quoted item of the list",
					hint: "put all of the item inside the quotation marks, and separate items with commas: [a, \"b c\"]"}
			}
			j = end - 1
		}
	}
	return &limitError{line: n, col: t.col(n, i), msg: fmt.Sprintf("the %s that starts with %c cannot be read", what, open),
		hint: fmt.Sprintf("separate the items with commas and end with %c; put an item that holds a comma, a colon or a bracket in quotes", close)}
}
