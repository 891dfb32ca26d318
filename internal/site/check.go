package site

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// resolve links an entry's references, the fields its schema marks with
// ref=kind, and reports those that do not resolve.
func (s *Site) resolve(e *Entry) {
	e.Refs, e.badRefs = nil, nil
	probs := &problem.List{}
	defer func() { e.refProbs = probs.All() }()
	for f := range content.SchemaOf(e.Kind).All() {
		if f.Ref == "" {
			continue
		}
		var slugs []string
		switch v := f.Ptr(&e.Meta).(type) {
		case *string:
			if *v != "" {
				slugs = []string{*v}
			}
		case *[]string:
			slugs = *v
		}
		for i, slug := range slugs {
			if t := s.find(e, f.Name, i, f.Ref, slug, probs); t != nil {
				if e.Refs == nil {
					e.Refs = map[string][]*Entry{}
				}
				e.Refs[f.Name] = append(e.Refs[f.Name], t)
			} else {
				if e.badRefs == nil {
					e.badRefs = map[string]bool{}
				}
				e.badRefs[f.Name] = true
			}
		}
	}
}

// find resolves one reference; item is the index in a list field or -1.
func (s *Site) find(from *Entry, field string, item int, kind content.Kind, slug string, probs *problem.List) *Entry {
	if t := s.Lookup(kind, slug, from.Lang); t != nil {
		return t
	}
	p := from.ItemPosOf(field, max(item, 0))
	file := fmt.Sprintf("content/%s/%s.%s.md", kind.Folder(), slug, from.Lang)
	var hint string
	switch {
	case s.drafts[key{kind, slug, from.Lang}]:
		hint = file + " is a draft: publish it (draft: false) or remove the reference"
	case strings.Contains(slug, ","):
		// tags: liikenne, ymparisto — one text, as YAML reads it without brackets.
		parts := strings.Split(slug, ",")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		hint = fmt.Sprintf("write a list in square brackets: %s: [%s]", field, strings.Join(parts, ", "))
		probs.Errorf(from.Path, p.Line, p.Col, hint, "%s %q is one name with commas, not a list of %d", field, slug, len(parts))
		return nil
	default:
		var slugs []string
		var named string // the key of the entry whose title or name this is
		for k, e := range s.byKey {
			if k.kind == kind && k.lang == from.Lang {
				slugs = append(slugs, k.slug)
				if sameText(e.Meta.Title, slug) || sameText(e.Meta.Name, slug) {
					named = k.slug
				}
			}
		}
		slices.Sort(slugs)
		if named != "" {
			hint = fmt.Sprintf("write its key, %q: a reference names the file (%s), not its title or name",
				named, fmt.Sprintf("content/%s/%s.%s.md", kind.Folder(), named, from.Lang))
		} else if n := content.Nearest(slug, slugs); n != "" {
			hint = fmt.Sprintf("did you mean %q?", n)
		} else if other := s.anyLang(kind, slug); other != nil {
			hint = fmt.Sprintf("%s exists only in another language: create %s", other.Path, file)
		} else {
			hint = "create " + file + " or fix the name"
		}
	}
	probs.Errorf(from.Path, p.Line, p.Col, hint, "%s %q does not exist in %s", kind, slug, from.Lang)
	return nil
}

// sameText says whether a title or name is the text, ignoring case and
// spacing: "Pekka  Pilotti" is "pekka pilotti".
func sameText(title, s string) bool {
	return title != "" && strings.EqualFold(strings.Join(strings.Fields(title), " "), strings.Join(strings.Fields(s), " "))
}

func (s *Site) anyLang(kind content.Kind, slug string) *Entry {
	for _, l := range s.Langs {
		if e := s.Lookup(kind, slug, l.Code); e != nil {
			return e
		}
	}
	return nil
}

// neutralValue is a language-neutral field's value as a message shows it.
// Lists are sets (order does not matter) and text compares with its spaces
// normalised, as neutralEqual does.
func neutralValue(m *content.Meta, f content.Field) string {
	text := func(s string) string {
		if s = strings.Join(strings.Fields(s), " "); s == "" {
			return "(none)"
		}
		return s
	}
	set := func(l []string) string {
		l = slices.Clone(l)
		slices.Sort(l)
		return "[" + strings.Join(l, ", ") + "]"
	}
	switch v := f.Ptr(m).(type) {
	case *string:
		return text(*v)
	case *time.Time:
		if v.IsZero() {
			return "(none)"
		}
		return v.Format("2006-01-02")
	case *bool:
		return fmt.Sprint(*v)
	case *[]string:
		return set(*v)
	case *[]content.Link:
		urls := make([]string, len(*v))
		for i, l := range *v {
			urls[i] = l.URL
		}
		return "[" + strings.Join(urls, ", ") + "]"
	}
	return ""
}

// neutralEqual reports whether a language-neutral field has the same value
// in two versions, without making the strings neutralValue makes for the
// message: the check runs on every translation each time serve links the
// site again.
func neutralEqual(a, b *content.Meta, f content.Field) bool {
	switch x := f.Ptr(a).(type) {
	case *string:
		y := f.Ptr(b).(*string)
		return *x == *y || slices.Equal(strings.Fields(*x), strings.Fields(*y))
	case *time.Time:
		return x.Equal(*f.Ptr(b).(*time.Time))
	case *bool:
		return *x == *f.Ptr(b).(*bool)
	case *[]string:
		y := *f.Ptr(b).(*[]string)
		if slices.Equal(*x, y) {
			return true
		}
		xs, ys := slices.Clone(*x), slices.Clone(y)
		slices.Sort(xs)
		slices.Sort(ys)
		return slices.Equal(xs, ys)
	case *[]content.Link:
		return slices.EqualFunc(*x, *f.Ptr(b).(*[]content.Link), func(k, l content.Link) bool { return k.URL == l.URL })
	}
	return true
}

// checkNeutral compares a translation with the default language's version.
// The problem is reported on the translation, which is the file to fix.
func (s *Site) checkNeutral(e *Entry) {
	e.Outdated, e.neutralProbs = nil, nil
	def := s.Default()
	if e.Lang == def.Code {
		return
	}
	probs := &problem.List{}
	if orig := e.Translation(def); compareNeutral(orig, e, probs) {
		e.Outdated = orig
	}
	e.neutralProbs = probs.All()
}

// compareNeutral reports where a translation's language-neutral fields
// differ from its original's, and says whether the translation was last
// updated before the original.
func compareNeutral(orig, e *Entry, probs *problem.List) (outdated bool) {
	if orig == nil || orig.Broken || e.Broken {
		return false
	}
	for f := range content.SchemaOf(e.Kind).All() {
		// A field one version gets wrong is reported there, once: not again
		// as a disagreement in the other file.
		if !f.Neutral || orig.Bad[f.Name] || e.Bad[f.Name] || orig.badRefs[f.Name] || e.badRefs[f.Name] {
			continue // not neutral, or already reported where it was written
		}
		if neutralEqual(&orig.Meta, &e.Meta, f) {
			continue
		}
		if a, b := neutralValue(&orig.Meta, f), neutralValue(&e.Meta, f); a != b {
			p := e.PosOf(f.Name)
			probs.Errorf(e.Path, p.Line, p.Col, fmt.Sprintf("make it the same as in %s: %s", orig.Path, a),
				"%s is %s here but %s in the %s version", f.Name, b, a, orig.Lang)
		}
	}
	return !e.Meta.Updated.IsZero() && !orig.Meta.Updated.IsZero() && e.Meta.Updated.Before(orig.Meta.Updated)
}

// Notes are what `kokeilu check` (and build, which counts them alike)
// tells editors beyond errors: translations last updated before their
// original, and per language the pages that have no translation in it.
func (s *Site) Notes() []problem.Problem {
	out := s.missingTranslations()
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
