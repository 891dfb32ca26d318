package render

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// headingIDs makes heading anchors readers can type and share: ä, å, ö
// become a, a, o (goldmark's default drops them: "Lähtötilanne" → "lhttilanne"),
// and a repeated heading gets -2, -3. One per document.
//
// next remembers, for each base id, the suffix to try first, so that the
// n-th repeat of a heading costs one lookup, not n: a body of 20,000
// identical headings is linear, not quadratic.
type headingIDs struct {
	used map[string]bool
	next map[string]int
}

// newHeadingIDs starts with the ids the layouts use (main, links, …)
// taken, so that a body's heading never shares an id with the page around
// it: aria-labelledby would point at the wrong element.
func newHeadingIDs(reserved []string) *headingIDs {
	h := &headingIDs{used: make(map[string]bool, len(reserved)), next: map[string]int{}}
	for _, id := range reserved {
		h.used[id] = true
	}
	return h
}

var fold = strings.NewReplacer("ä", "a", "å", "a", "ö", "o", "ü", "u", "é", "e", "Ä", "a", "Å", "a", "Ö", "o", "Ü", "u", "É", "e")

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(fold.Replace(string(value))) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	id := strings.TrimSuffix(b.String(), "-")
	if id == "" || id[0] >= '0' && id[0] <= '9' {
		id = "h-" + id
		id = strings.TrimSuffix(id, "-")
	}
	if h.used[id] {
		base, i := id, max(h.next[id], 2)
		for id = base + "-" + strconv.Itoa(i); h.used[id]; id = base + "-" + strconv.Itoa(i) {
			i++
		}
		h.next[base] = i + 1
	}
	h.used[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }
