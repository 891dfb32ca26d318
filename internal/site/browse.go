package site

// Browsing: the experiments of a language grouped by stage, municipality,
// region, year and role, each group a page of its own in its section
// (/fi/kunta/lahti/); the browse section's page (/fi/selaa/) lists them all. The groups are made in list, with the
// language's other lists, so that Relink keeps them up to date.

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/municipality"
)

// The ways of browsing, each a section of site.yaml, in the order the
// browse page shows them.
const (
	ByStage        = "stage"
	ByMunicipality = "municipality"
	ByRegion       = "region"
	ByYear         = "year"
	ByRole         = "role"
)

// Dimensions are the ways of browsing in the browse page's order.
var Dimensions = []string{ByStage, ByMunicipality, ByRegion, ByYear, ByRole}

// A Group is the experiments of a language that share one value of a
// dimension: a stage, a municipality, a region, a year or a role.
type Group struct {
	Dim string // one of Dimensions
	// ID names the value the same way in every language: a stage or a
	// role, a municipality's key, a region's code, a year.
	ID string
	// Slug is the URL segment: the ID, except for a region, whose slug
	// is its name in the language (paijat-hame, paijanne-tavastland).
	Slug string
	// Label names the value for a municipality, region or year; stages and
	// roles are named by the UI strings (status.<ID>, role.<ID>).
	Label       string
	URL         string
	Experiments []*Entry // newest first
}

// Browse is a language's groups by dimension, each list in the order its
// page shows it: stages and roles in the schema's order, years newest
// first, municipalities and regions by name in the language's order.
type Browse map[string][]*Group

// Group returns the group of a dimension with the ID, or nil.
func (b Browse) Group(dim, id string) *Group {
	for _, g := range b[dim] {
		if g.ID == id {
			return g
		}
	}
	return nil
}

// GroupURL is the path of a group's first page.
func GroupURL(l content.Language, dim, slug string) string {
	return SectionURL(l, dim) + slug + "/"
}

// RegionSlug is a region's URL segment in a language: its name there as a
// municipality key is formed (Päijät-Häme → paijat-hame), or its code
// when the name has no such form.
func RegionSlug(name, code string) string {
	if k, ok := municipality.Key(name); ok {
		return k
	}
	return code
}

// browse groups the language's experiments (l.Experiments, sorted).
func (s *Site) browse(l *Lang, srt *l10n.Sorter) {
	l.Browse = Browse{}
	list, err := municipality.Load()
	if err != nil {
		list = nil // cannot happen with the embedded file: content reports it on every key
	}
	groups := map[string]map[string]*Group{}
	add := func(dim, id, slug, label string, e *Entry) {
		m := groups[dim]
		if m == nil {
			m = map[string]*Group{}
			groups[dim] = m
		}
		g := m[id]
		if g == nil {
			g = &Group{Dim: dim, ID: id, Slug: slug, Label: label, URL: GroupURL(l.Language, dim, slug)}
			m[id] = g
			l.Browse[dim] = append(l.Browse[dim], g)
		}
		g.Experiments = append(g.Experiments, e)
	}
	for _, e := range l.Experiments {
		if e.Meta.Status != "" {
			add(ByStage, e.Meta.Status, e.Meta.Status, "", e)
		}
		var regions []string
		for _, key := range e.Meta.Municipalities {
			m, ok := list.In(key, l.Code)
			if list == nil || !ok {
				continue
			}
			add(ByMunicipality, m.Key, m.Key, m.Name, e)
			if !slices.Contains(regions, m.RegionCode) {
				regions = append(regions, m.RegionCode)
				add(ByRegion, m.RegionCode, RegionSlug(m.Region, m.RegionCode), m.Region, e)
			}
		}
		if !e.Meta.Date.IsZero() {
			y := strconv.Itoa(e.Meta.Date.Year())
			add(ByYear, y, y, y, e)
		}
		if e.Meta.Role != "" {
			add(ByRole, e.Meta.Role, e.Meta.Role, "", e)
		}
	}
	schema := content.SchemaOf(content.Experiment)
	byEnum := func(field string) func(a, b *Group) int {
		f, _ := schema.Lookup(field)
		return func(a, b *Group) int { return cmp.Compare(slices.Index(f.Enum, a.ID), slices.Index(f.Enum, b.ID)) }
	}
	slices.SortFunc(l.Browse[ByStage], byEnum("status"))
	slices.SortFunc(l.Browse[ByRole], byEnum("role"))
	slices.SortFunc(l.Browse[ByYear], func(a, b *Group) int { return cmp.Compare(b.ID, a.ID) })
	for _, dim := range []string{ByMunicipality, ByRegion} {
		gs := l.Browse[dim]
		slices.SortFunc(gs, func(a, b *Group) int { return cmp.Compare(a.ID, b.ID) }) // ties in name: by key or code
		l10n.SortWith(srt, gs, func(g *Group) string { return g.Label })
	}
}

// browseSegment is the URL segment of a dimension's section.
func browseSegment(s content.Sections, dim string) string {
	switch dim {
	case ByStage:
		return s.Stage
	case ByMunicipality:
		return s.Municipality
	case ByRegion:
		return s.Region
	case ByYear:
		return s.Year
	}
	return s.Role
}
