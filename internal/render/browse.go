package render

// The browse pages: per language an index of every way of browsing with
// counts (/fi/selaa/), a page per dimension (/fi/kunta/) and the
// paginated experiments of each value (/fi/kunta/lahti/).

import (
	"bytes"
	"path"
	"strings"

	"github.com/kokeilu/kokeilu/internal/municipality"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// Group is one value of a way of browsing as pages show it: a link with a
// count. Stages and roles are named by the UI strings (see Page.GroupLabel).
type Group struct {
	Dim   string // site.ByStage, site.ByMunicipality, …
	ID    string // the value as every language names it: a stage, a key, a code, a year
	Label string // a municipality's, region's or year's name in the language
	Slug  string // its URL segment: the filter form's value
	URL   string
	Count int
}

// Dimension is one way of browsing with its values.
type Dimension struct {
	Dim    string
	URL    string
	Groups []*Group
}

// Chip is a link a card shows of another entry: a theme.
type Chip struct{ Label, URL string }

// Place is a municipality as a page in one language names it, with its
// region: the links to their browse pages.
type Place struct {
	Key, Name, URL    string
	Region, RegionURL string
}

func (v *views) group(g *site.Group) *Group {
	if g == nil {
		return nil
	}
	return &Group{Dim: g.Dim, ID: g.ID, Label: g.Label, Slug: g.Slug, URL: g.URL, Count: len(g.Experiments)}
}

// dimensions are the language's ways of browsing; only dim when it is set.
func (v *views) dimensions(l *site.Lang, dim string) []*Dimension {
	var out []*Dimension
	for _, d := range site.Dimensions {
		if dim != "" && d != dim {
			continue
		}
		dv := &Dimension{Dim: d, URL: l.SectionURL(d)}
		for _, g := range l.Browse[d] {
			dv.Groups = append(dv.Groups, v.group(g))
		}
		out = append(out, dv)
	}
	return out
}

// browsePages adds a language's browse pages.
func (r *Renderer) browsePages(v *views, l *site.Lang, add func(string, func() *Page), page func(string, *site.Lang, string) *Page) {
	s := r.site
	intro := func(key string) string { return r.i18n[l.Code][key] }
	// Every language has the index and a page per dimension, even empty.
	sectionVersions := func(section string) []Version {
		vs := make([]Version, len(s.Langs))
		for i, ol := range s.Langs {
			vs[i] = Version{Lang: v.lang(ol), URL: ol.SectionURL(section)}
		}
		return vs
	}
	add(l.SectionURL("browse"), func() *Page {
		p := page("browse", l, l.SectionURL("browse"))
		p.Title, p.Summary = intro("browse.title"), intro("browse.intro")
		p.Browse, p.Tags, p.Campaigns = v.dimensions(l, ""), v.list(l.Tags), v.list(l.Campaigns)
		p.Versions = sectionVersions("browse")
		return p
	})
	for _, dim := range site.Dimensions {
		add(l.SectionURL(dim), func() *Page {
			p := page("browse", l, l.SectionURL(dim))
			p.Title, p.Summary = intro("browse."+dim), intro("browse.intro")
			p.Browse = v.dimensions(l, dim)
			p.Versions = sectionVersions(dim)
			return p
		})
		for _, g := range l.Browse[dim] {
			n := pages(len(g.Experiments), s.Config.PageSize)
			for i := 1; i <= n; i++ {
				add(pageURL(g.URL, i), func() *Page { return r.groupPage(v, g, l, i, n, page) })
			}
		}
	}
}

// groupPage is page i of n of a group's experiments.
func (r *Renderer) groupPage(v *views, g *site.Group, l *site.Lang, i, n int, page func(string, *site.Lang, string) *Page) *Page {
	s := r.site
	p := page("group", l, pageURL(g.URL, i))
	p.Group = v.group(g)
	p.Title = r.groupLabel(l.Code, p.Group)
	p.Summary = r.i18n[l.Code]["browse."+g.Dim] + ": " + p.Title
	p.Items = v.list(pageItems(g.Experiments, i, s.Config.PageSize))
	p.Pager = pager(g.URL, i, n)
	p.Versions = make([]Version, len(s.Langs))
	for j, ol := range s.Langs {
		p.Versions[j] = Version{Lang: v.lang(ol), Fallback: ol.SectionURL(g.Dim)}
		if og := ol.Browse.Group(g.Dim, g.ID); og != nil {
			p.Versions[j].Fallback = og.URL
			if i <= pages(len(og.Experiments), s.Config.PageSize) {
				p.Versions[j].URL = pageURL(og.URL, i)
			}
		}
	}
	return p
}

// groupLabel names a group in a language: stages and roles by the UI
// strings, the others by their own names.
func (r *Renderer) groupLabel(lang string, g *Group) string {
	switch g.Dim {
	case site.ByStage:
		return r.i18n[lang]["status."+g.ID]
	case site.ByRole:
		return r.i18n[lang]["role."+g.ID]
	}
	return g.Label
}

// GroupLabel names a group in the page's language.
func (p *Page) GroupLabel(g *Group) string { return p.r.groupLabel(p.Lang.Code, g) }

// BrowseURL is the page of a stage, role or year (as text) in the page's
// language: the experiment page's links to them.
func (p *Page) BrowseURL(dim, id string) string {
	return site.GroupURL(p.Lang.Language, dim, id)
}

// Places are the municipalities with the keys as the page's language names
// them, with their regions and the addresses of their browse pages. The
// names come from the classification the program carries, which every
// key covers, so a page that shows them depends only on the keys.
func (p *Page) Places(keys []string) []Place {
	list, err := municipality.Load()
	if err != nil {
		return nil
	}
	var out []Place
	for _, k := range keys {
		m, ok := list.In(k, p.Lang.Code)
		if !ok {
			continue
		}
		region := site.RegionSlug(m.Region, m.RegionCode)
		out = append(out, Place{Key: m.Key, Name: m.Name, URL: site.GroupURL(p.Lang.Language, site.ByMunicipality, m.Key),
			Region: m.Region, RegionURL: site.GroupURL(p.Lang.Language, site.ByRegion, region)})
	}
	return out
}

// Regions are the distinct regions of Places, in their order.
func (p *Page) Regions(places []Place) []Place {
	var out []Place
	seen := map[string]bool{}
	for _, pl := range places {
		if !seen[pl.RegionURL] {
			seen[pl.RegionURL] = true
			out = append(out, pl)
		}
	}
	return out
}

// Param is the filter form's name for a section's choice: its URL
// segment in the page's language (kunta, kampanjat), so that a rule of
// _redirects can turn ?kunta=lahti into /fi/kunta/lahti/.
func (p *Page) Param(section string) string { return sectionSegment(p.Lang.SectionURL(section)) }

func sectionSegment(url string) string { return path.Base(strings.TrimSuffix(url, "/")) }

// filterSections are the filter form's fieldsets, in its order: the ways
// of browsing, then campaign weeks and themes, whose pages exist already.
var filterSections = append(append([]string{}, site.Dimensions...), "campaigns", "tags")

// redirectsJob writes /_redirects, the rules with which Netlify sends the
// experiment list's filter form (a GET to the browse page) to the static
// page of the choice: /fi/selaa/?kunta=lahti to /fi/kunta/lahti/.
// The rules are forced (302!) because the browse page exists; the first
// rule whose parameter the query has wins, in the form's order. Any other
// host shows the browse page, which links every choice.
func (r *Renderer) redirectsJob() *Job {
	mk := func() any {
		var rules []string
		for _, l := range r.site.Langs {
			from := l.SectionURL("browse")
			for _, sec := range filterSections {
				param := sectionSegment(l.SectionURL(sec))
				rules = append(rules, from+" "+param+"=:value "+l.SectionURL(sec)+":value/ 302!")
			}
		}
		return rules
	}
	return &Job{Path: "_redirects", make: mk, render: func(_ *Renderer, w *bytes.Buffer, _ *problem.List, view any) error {
		w.WriteString("# The experiment list's filter form (see README, Browse). Written by kokeilu build.\n")
		for _, rule := range view.([]string) {
			w.WriteString(rule + "\n")
		}
		return nil
	}}
}
