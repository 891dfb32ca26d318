package site

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
)

type resolver struct {
	s      *Site
	drafts map[key]bool
	probs  *problem.List
}

// resolve links an entry's references and reports those that do not resolve.
func (r *resolver) resolve(e *Entry) {
	switch e.Kind {
	case content.Experiment:
		for i, slug := range e.Meta.Tags {
			if t := r.find(e, "tags", i, content.Tag, slug); t != nil {
				e.Tags = append(e.Tags, t)
			}
		}
		r.contacts(e)
		if slug := e.Meta.Campaign; slug != "" {
			if c := r.find(e, "campaign", -1, content.Campaign, slug); c != nil {
				e.Campaign = c
			}
		}
	case content.Campaign:
		r.contacts(e)
	}
}

func (r *resolver) contacts(e *Entry) {
	for i, slug := range e.Meta.Contacts {
		if c := r.find(e, "contacts", i, content.Contact, slug); c != nil {
			e.Contacts = append(e.Contacts, c)
		}
	}
}

// find resolves one reference; item is the index in a list field or -1.
func (r *resolver) find(from *Entry, field string, item int, kind content.Kind, slug string) *Entry {
	if t := r.s.Lookup(kind, slug, from.Lang); t != nil {
		return t
	}
	p := from.ItemPosOf(field, max(item, 0))
	file := fmt.Sprintf("content/%s/%s.%s.md", kind.Folder(), slug, from.Lang)
	var hint string
	switch {
	case r.drafts[key{kind, slug, from.Lang}]:
		hint = file + " is a draft: publish it (draft: false) or remove the reference"
	default:
		var slugs []string
		for k := range r.s.byKey {
			if k.kind == kind && k.lang == from.Lang {
				slugs = append(slugs, k.slug)
			}
		}
		slices.Sort(slugs)
		if n := content.Nearest(slug, slugs); n != "" {
			hint = fmt.Sprintf("did you mean %q?", n)
		} else if other := r.anyLang(kind, slug); other != nil {
			hint = fmt.Sprintf("%s exists only in another language: create %s", other.Path, file)
		} else {
			hint = "create " + file + " or fix the name"
		}
	}
	r.probs.Errorf(from.Path, p.Line, p.Col, hint, "%s %q does not exist in %s", kind, slug, from.Lang)
	return nil
}

func (r *resolver) anyLang(kind content.Kind, slug string) *Entry {
	for _, l := range r.s.Langs {
		if e := r.s.Lookup(kind, slug, l.Code); e != nil {
			return e
		}
	}
	return nil
}

// neutral lists the fields that must agree between translations.
func neutral(k content.Kind) []string {
	switch k {
	case content.Experiment:
		return []string{"date", "start", "end", "tags", "status", "contacts", "campaign", "role", "failday"}
	case content.Campaign:
		return []string{"start", "end", "contacts"}
	case content.Contact:
		return []string{"email", "phone"}
	}
	return nil
}

func neutralValue(m *content.Meta, field string) string {
	date := func(t time.Time) string {
		if t.IsZero() {
			return "(none)"
		}
		return t.Format("2006-01-02")
	}
	text := func(s string) string {
		if s == "" {
			return "(none)"
		}
		return s
	}
	list := func(l []string) string {
		l = slices.Clone(l)
		slices.Sort(l)
		return "[" + strings.Join(l, ", ") + "]"
	}
	switch field {
	case "date":
		return date(m.Date)
	case "start":
		return date(m.Start)
	case "end":
		return date(m.End)
	case "tags":
		return list(m.Tags)
	case "contacts":
		return list(m.Contacts)
	case "status":
		return text(m.Status)
	case "campaign":
		return text(m.Campaign)
	case "role":
		return text(m.Role)
	case "failday":
		return fmt.Sprint(m.Failday)
	case "email":
		return text(m.Email)
	case "phone":
		return text(strings.Join(strings.Fields(m.Phone), " "))
	}
	return ""
}

// neutralEqual reports whether a language-neutral field has the same value
// in two versions, without making the strings neutralValue makes for the
// message: the check runs on every translation each time serve links the
// site again.
func neutralEqual(a, b *content.Meta, field string) bool {
	sameSet := func(x, y []string) bool {
		if slices.Equal(x, y) {
			return true
		}
		x, y = slices.Clone(x), slices.Clone(y)
		slices.Sort(x)
		slices.Sort(y)
		return slices.Equal(x, y)
	}
	switch field {
	case "date":
		return a.Date.Equal(b.Date)
	case "start":
		return a.Start.Equal(b.Start)
	case "end":
		return a.End.Equal(b.End)
	case "tags":
		return sameSet(a.Tags, b.Tags)
	case "contacts":
		return sameSet(a.Contacts, b.Contacts)
	case "status":
		return a.Status == b.Status
	case "campaign":
		return a.Campaign == b.Campaign
	case "role":
		return a.Role == b.Role
	case "failday":
		return a.Failday == b.Failday
	case "email":
		return a.Email == b.Email
	case "phone":
		return a.Phone == b.Phone || slices.Equal(strings.Fields(a.Phone), strings.Fields(b.Phone))
	}
	return true
}

// checkNeutral compares a translation with the default language's version.
// The problem is reported on the translation, which is the file to fix.
func checkNeutral(s *Site, e *Entry, probs *problem.List) {
	def := s.Default()
	if e.Lang == def.Code {
		return
	}
	if orig := e.Translation(def); compareNeutral(orig, e, probs) {
		e.Outdated = orig
	}
}

// compareNeutral reports where a translation's language-neutral fields
// differ from its original's, and says whether the translation was last
// updated before the original.
func compareNeutral(orig, e *Entry, probs *problem.List) (outdated bool) {
	if orig == nil || orig.Broken || e.Broken {
		return false
	}
	for _, f := range neutral(e.Kind) {
		if orig.Bad[f] || e.Bad[f] {
			continue // already reported where it was written
		}
		if neutralEqual(&orig.Meta, &e.Meta, f) {
			continue
		}
		if a, b := neutralValue(&orig.Meta, f), neutralValue(&e.Meta, f); a != b {
			p := e.PosOf(f)
			probs.Errorf(e.Path, p.Line, p.Col, fmt.Sprintf("make it the same as in %s: %s", orig.Path, a),
				"%s is %s here but %s in the %s version", f, b, a, orig.Lang)
		}
	}
	return !e.Meta.Updated.IsZero() && !orig.Meta.Updated.IsZero() && e.Meta.Updated.Before(orig.Meta.Updated)
}

// Notes are what `kokeilu check` tells editors beyond errors: translations
// last updated before their original.
func (s *Site) Notes() []problem.Problem {
	var out []problem.Problem
	for _, l := range s.Langs {
		for _, list := range [][]*Entry{l.Experiments, l.Campaigns, l.Pages} {
			for _, e := range list {
				if e.Outdated == nil {
					continue
				}
				p := e.PosOf("updated")
				out = append(out, problem.Problem{File: e.Path, Line: p.Line, Col: p.Col, Severity: problem.Warning,
					Message: fmt.Sprintf("this translation was updated %s, the original %s on %s",
						e.Meta.Updated.Format("2006-01-02"), e.Outdated.Path, e.Outdated.Meta.Updated.Format("2006-01-02")),
					Hint: "bring the translation up to date and set its updated date"})
			}
		}
	}
	return out
}
