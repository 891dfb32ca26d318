// Package problem holds what the build reports to editors: a Problem is one
// mistake in one file, with its position and a hint on what to do; a List
// collects every problem of a run so that an editor sees them all at once.
//
// Problems are values, not log lines: the load, site and render steps add to
// a List and keep going, and the command prints the sorted list at the end in
// the form `path:line:col: message` that terminals and editors turn into links.
//
// Messages and hints are written in English where they are made; a Catalog
// (translate.go, messages/*.yaml) shows them in Finnish or Swedish by
// matching the English text against the formats the code uses.
package problem

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Severity tells whether a problem stops the build.
type Severity int

const (
	// Error stops the build: nothing is written.
	Error Severity = iota
	// Warning is shown by `kokeilu check` but does not stop the build.
	Warning
)

// Problem is one mistake at one place in one file.
type Problem struct {
	File     string // slash-separated, relative to the site root (content/experiments/x.fi.md)
	Line     int    // 1-based; 0 when the problem concerns the whole file
	Col      int    // 1-based; 0 when unknown
	Message  string // what is wrong, as a plain sentence
	Hint     string // what to do about it; may be empty
	Severity Severity
}

// String formats the problem as `file:line:col: message (hint)`.
func (p Problem) String() string { return p.format("warning", "hint") }

// format writes the problem with the given words for "warning" and "hint".
func (p Problem) format(warning, hint string) string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	b.WriteString(": ")
	if p.Severity == Warning {
		b.WriteString(warning)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	if p.Hint != "" {
		b.WriteString("\n\t")
		b.WriteString(hint)
		b.WriteString(": ")
		b.WriteString(p.Hint)
	}
	return b.String()
}

// List collects problems from concurrent steps. The zero value is ready to use.
type List struct {
	mu    sync.Mutex
	items []Problem
}

// Add records a problem.
func (l *List) Add(p Problem) {
	l.mu.Lock()
	l.items = append(l.items, p)
	l.mu.Unlock()
}

// Errorf records an error at file:line:col.
func (l *List) Errorf(file string, line, col int, hint, format string, args ...any) {
	l.Add(Problem{File: file, Line: line, Col: col, Hint: hint, Message: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at file:line:col.
func (l *List) Warnf(file string, line, col int, hint, format string, args ...any) {
	l.Add(Problem{File: file, Line: line, Col: col, Hint: hint, Message: fmt.Sprintf(format, args...), Severity: Warning})
}

// Merge adds every problem of other.
func (l *List) Merge(other *List) {
	for _, p := range other.All() {
		l.Add(p)
	}
}

// All returns the problems sorted by file, line and column, duplicates removed.
func (l *List) All() []Problem {
	l.mu.Lock()
	out := slices.Clone(l.items)
	l.mu.Unlock()
	slices.SortFunc(out, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col), cmp.Compare(a.Message, b.Message), cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Hint, b.Hint)) // a total order: the same problems always print the same way
	})
	return slices.Compact(out)
}

// HasErrors reports whether any problem is an error (not a warning).
func (l *List) HasErrors() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range l.items {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the errors, sorted.
func (l *List) Errors() []Problem {
	return slices.DeleteFunc(l.All(), func(p Problem) bool { return p.Severity != Error })
}

// Len is the number of problems recorded.
func (l *List) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}

// Err returns the errors as one error value, or nil when there are none.
func (l *List) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	return &ListError{Problems: errs}
}

// ListError is the error a failed build returns: every problem of the run.
type ListError struct{ Problems []Problem }

func (e *ListError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// LineCol converts a byte offset in src to a 1-based line and column
// (column counted in runes, as editors count).
func LineCol(src []byte, off int) (line, col int) {
	if off > len(src) {
		off = len(src)
	}
	line, col = 1, 1
	for _, r := range string(src[:off]) {
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
