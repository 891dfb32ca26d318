package site

import "slices"

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

// relatedThemes is how many of an experiment's themes Related looks at:
// merging the windows costs their number per candidate.
const relatedThemes = 32

// Related returns up to n other experiments in e's language that share
// themes with e: of the RelatedWindow newest experiments of each of e's
// themes (its first 32), those found under the most of them first; among equals in the
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
	var windows [][]*Entry // of e's themes, each once
	for _, t := range e.Refs[RelatedTagsField] {
		if len(windows) == relatedThemes {
			break
		}
		w := t.Experiments[:min(RelatedWindow, len(t.Experiments))]
		if len(w) > 0 && !slices.ContainsFunc(windows, func(x []*Entry) bool { return len(x) > 0 && &x[0] == &w[0] }) {
			windows = append(windows, w)
		}
	}
	type scored struct {
		e      *Entry
		shared int
	}
	var best []scored // the n best so far, best first
	// Each window is in the language's order (rank), so merging them
	// meets every candidate once, in that order, with all its
	// occurrences side by side: their count is the number of e's themes
	// it is found under.
	heads := make([]int, len(windows))
	for {
		next := -1
		for i, w := range windows {
			if heads[i] < len(w) && (next < 0 || w[heads[i]].rank < next) {
				next = w[heads[i]].rank
			}
		}
		if next < 0 {
			break
		}
		var s scored
		for i, w := range windows {
			if heads[i] < len(w) && w[heads[i]].rank == next {
				s.e = w[heads[i]]
				s.shared++
				heads[i]++
			}
		}
		if s.e == e {
			continue
		}
		// A later candidate goes before an earlier one only when it
		// shares more.
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
	if len(best) == 0 {
		return nil
	}
	out := make([]*Entry, len(best))
	for i, s := range best {
		out[i] = s.e
	}
	return out
}
