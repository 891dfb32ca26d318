package problem

import (
	"strings"
	"testing"
)

func TestListSortsAndFormats(t *testing.T) {
	var l List
	l.Errorf("content/b.fi.md", 3, 7, "hint b", "second %s", "file")
	l.Warnf("content/a.fi.md", 10, 0, "", "a warning")
	l.Errorf("content/a.fi.md", 2, 1, "", "first")
	l.Errorf("content/a.fi.md", 2, 1, "", "first") // the same problem twice is shown once
	l.Errorf("content/site.yaml", 0, 0, "fix it", "whole file")
	got := []string{}
	for _, p := range l.All() {
		got = append(got, p.String())
	}
	want := []string{
		"content/a.fi.md:2:1: first",
		"content/a.fi.md:10: warning: a warning",
		"content/b.fi.md:3:7: second file\n\thint: hint b",
		"content/site.yaml: whole file\n\thint: fix it",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if !l.HasErrors() || len(l.Errors()) != 3 || l.Err() == nil {
		t.Error("errors not counted")
	}
	var w List
	w.Warnf("x", 1, 1, "", "only a warning")
	if w.HasErrors() || w.Err() != nil {
		t.Error("a warning counted as an error")
	}
}

func TestLineCol(t *testing.T) {
	src := []byte("ab\nÄö x\n")
	for _, tt := range []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {7, 2, 3}, {8, 2, 4}, {100, 3, 1},
	} {
		if l, c := LineCol(src, tt.off); l != tt.line || c != tt.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
}
