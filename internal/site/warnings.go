package site

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kokeilu/kokeilu/internal/problem"
)

// maxListed is how many files a warning about many files names; the rest
// are counted. A site that lacks a whole language would otherwise print
// one line of thousands of names on every build.
const maxListed = 20

// missingTranslations warns, once per language, about the entries that
// have no version in it, naming them. An entry is named by one of its
// files only (the default language's, else the first language's), so a
// page in two languages of three is listed once for the third.
func (s *Site) missingTranslations() []problem.Problem {
	def := s.Default()
	var out []problem.Problem
	for _, l := range s.Langs {
		var missing []*Entry
		for _, e := range s.all {
			if e.Lang == l.Code || e.Translation(l) != nil || representative(s, def, e) != e {
				continue
			}
			missing = append(missing, e)
		}
		if len(missing) == 0 {
			continue
		}
		slices.SortFunc(missing, func(a, b *Entry) int { return strings.Compare(a.Path, b.Path) })
		names := make([]string, 0, min(len(missing), maxListed)+1)
		for _, e := range missing[:min(len(missing), maxListed)] {
			name := e.Path
			if s.drafts[key{e.Kind, e.Slug, l.Code}] {
				name += " (its " + l.Code + " file is a draft)"
			}
			names = append(names, name)
		}
		if len(missing) > maxListed {
			names = append(names, fmt.Sprintf("and %d more", len(missing)-maxListed))
		}
		first := missing[0]
		noun := "pages have"
		if len(missing) == 1 {
			noun = "page has"
		}
		out = append(out, problem.Problem{File: first.Path, Line: first.FrontPos.Line, Col: first.FrontPos.Col, Severity: problem.Warning,
			Message: fmt.Sprintf("%d %s no %s translation: %s", len(missing), noun, l.Code, strings.Join(names, ", ")),
			Hint: fmt.Sprintf("translate each into a file beside it with the same name ending in .%s.md (here %s); until then, its page's language switcher goes to the %s home page",
				l.Code, translationPath(first.Path, first.Lang, l.Code), l.Code)})
	}
	return out
}

// representative is the entry that stands for its translations in a
// list: the default language's version, else the first language's.
func representative(s *Site, def *Lang, e *Entry) *Entry {
	if def != nil {
		if t := e.Translation(def); t != nil {
			return t
		}
	}
	for _, l := range s.Langs {
		if t := e.Translation(l); t != nil {
			return t
		}
	}
	return e
}

// translationPath is the path of a file's translation: x.fi.md → x.sv.md.
func translationPath(path, from, to string) string {
	return strings.TrimSuffix(path, "."+from+".md") + "." + to + ".md"
}
