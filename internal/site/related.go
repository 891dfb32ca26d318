package site

import (
	"cmp"
	"slices"
)

// RelatedTagsField is the experiment field whose shared values make two
// experiments related: their themes.
const RelatedTagsField = "tags"

// Related returns up to n other experiments in e's language that share
// themes with e, those sharing the most first; among equals the newer
// first, then by slug, so that a page lists the same ones in the same
// order from build to build. An experiment that shares no theme with e is
// not related to it, however few the candidates.
//
// It reads the experiments each of e's themes lists (Entry.Experiments),
// so it answers for the site as linked: after Build or Relink.
func Related(e *Entry, n int) []*Entry {
	if n <= 0 {
		return nil
	}
	shared := map[*Entry]int{}
	for _, t := range e.Refs[RelatedTagsField] {
		for _, x := range t.Experiments {
			if x != e {
				shared[x]++
			}
		}
	}
	if len(shared) == 0 {
		return nil
	}
	out := make([]*Entry, 0, len(shared))
	for x := range shared {
		out = append(out, x)
	}
	slices.SortFunc(out, func(a, b *Entry) int {
		return cmp.Or(cmp.Compare(shared[b], shared[a]), b.Meta.Date.Compare(a.Meta.Date), cmp.Compare(a.Slug, b.Slug))
	})
	return out[:min(n, len(out))]
}
