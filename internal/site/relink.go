package site

import (
	"cmp"
	"slices"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// Relink links a new version of one of the site's documents the way Build
// would, against the site as it is, and returns its entry without putting
// it into the site: s is not changed. It is how `kokeilu serve` shows an
// edited page at once, before it has linked the whole site again (tens of
// milliseconds at thousands of pages).
//
// It reports false when the new version could change more than its own
// page's links and facts, so that only a whole Build can tell what it is:
// the document is new, moved, has a field that could not be read, is a draft, the home or Day for Failure
// introduction, a page with another address, or it has a reference that
// does not resolve or a language-neutral field that no longer agrees with
// a translation. The entry it returns is the one Build would make except
// for lists of other entries (Experiments), which are the served ones.
func (s *Site) Relink(d *content.Document, opt Options) (*Entry, bool) {
	old := s.Lookup(d.Kind, d.Slug, d.Lang)
	if old == nil || old.Path != d.Path || old.URL == "" || d.Broken || len(d.Bad) > 0 || old.Broken || (d.Meta.Draft && !opt.Drafts) {
		return nil, false
	}
	l := s.Lang(d.Lang)
	if old == l.Home || old == l.FaildayPage {
		return nil, false
	}
	if d.Kind == content.Page && cmp.Or(d.Meta.Slug, d.Slug) != cmp.Or(old.Meta.Slug, old.Slug) {
		return nil, false
	}
	e := &Entry{Document: d, URL: old.URL, Translations: slices.Clone(old.Translations), Experiments: old.Experiments}
	e.Translations[l.Index] = e
	probs := &problem.List{}
	r := resolver{s: s, probs: probs}
	r.resolve(e)
	def := s.Default()
	if d.Lang == def.Code {
		// The translations are compared with this, their original.
		for _, t := range e.Translations {
			if t != nil && t != e {
				compareNeutral(e, t, probs)
			}
		}
	} else if orig := e.Translation(def); compareNeutral(orig, e, probs) {
		e.Outdated = orig
	}
	if len(probs.Errors()) > 0 {
		return nil, false
	}
	return e, true
}
