package site

import (
	"cmp"
	"slices"
)

// RelatedTagsField is the experiment field whose shared values make two
// experiments related: their themes.
const RelatedTagsField = "tags"

// RelatedWindow is how many of each theme's newest experiments Related
// looks at. Looking at every experiment of every theme costs the square of
// the experiments on a large site (10,000 experiments in six themes: 30
// million comparisons per language); with a window each page costs the
// same however large the site, and on a site whose themes have fewer
// experiments than the window the answer is the same.
const RelatedWindow = 200

// Related returns up to n other experiments in e's language that share
// themes with e: of the RelatedWindow newest experiments of each of e's
// themes, those found under the most of them first; among equals in the
// language's order of experiments (newest first), so that a page lists the
// same ones in the same order from build to build. An experiment that
// shares no theme with e is not related to it, however few the candidates.
//
// It reads the experiments each of e's themes lists (Entry.Experiments),
// so it answers for the site as linked: after Build or Relink.
func Related(e *Entry, n int) []*Entry {
	if n <= 0 {
		return nil
	}
	var seen []*Entry // e's themes, each once
	var cand []*Entry
	for _, t := range e.Refs[RelatedTagsField] {
		if slices.Contains(seen, t) {
			continue
		}
		seen = append(seen, t)
		for _, x := range t.Experiments[:min(RelatedWindow, len(t.Experiments))] {
			if x != e {
				cand = append(cand, x)
			}
		}
	}
	if len(cand) == 0 {
		return nil
	}
	// Each theme's list is in the language's order, so sorting by rank
	// puts an experiment's occurrences side by side: their count is the
	// number of e's themes it was found under.
	slices.SortFunc(cand, func(a, b *Entry) int { return cmp.Compare(a.rank, b.rank) })
	type scored struct {
		e      *Entry
		shared int
	}
	var best []scored // the n best so far, best first
	for i := 0; i < len(cand); {
		j := i + 1
		for j < len(cand) && cand[j] == cand[i] {
			j++
		}
		s := scored{cand[i], j - i}
		i = j
		// Candidates come in rank order, so a later one goes before an
		// earlier one only when it shares more.
		at := len(best)
		for at > 0 && best[at-1].shared < s.shared {
			at--
		}
		if at < n {
			best = slices.Insert(best, at, s)
			if len(best) > n {
				best = best[:n]
			}
		}
	}
	out := make([]*Entry, len(best))
	for i, s := range best {
		out[i] = s.e
	}
	return out
}
