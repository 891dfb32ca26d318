package render

import (
	"cmp"
	"encoding/json"
	"html/template"
	"strings"

	"github.com/kokeilu/kokeilu/internal/l10n"
)

// Structured data (schema.org JSON-LD) and sharing tags (Open Graph,
// Twitter cards). Both are made from the page's view and the UI strings
// only, like everything else a page shows: the publisher's name, the
// country of campaign weeks and the Open Graph locale are UI strings, so a
// language brings its own.

// ld is one JSON-LD node; its keys are written in sorted order (as
// encoding/json writes a map's), so the bytes are stable from build to build.
type ld map[string]any

// StructuredData is the page's JSON-LD: the publisher, the breadcrumbs
// and, where the page is about one, the experiment (an Article) or the
// campaign week (an Event). encoding/json escapes <, > and &, so the text
// cannot end the script element it is written into.
func (p *Page) StructuredData() (template.JS, error) {
	publisher, err := p.publisher()
	if err != nil {
		return "", err
	}
	graph := []any{publisher}
	if crumbs, err := p.breadcrumbs(); err != nil {
		return "", err
	} else if crumbs != nil {
		graph = append(graph, crumbs)
	}
	if p.Entry != nil && p.Entry.Ref != nil {
		m := p.Entry.Meta
		switch p.Kind {
		case "experiment":
			a := ld{"@type": "Article", "@id": p.Abs(p.URL) + "#article", "headline": m.Title, "url": p.Abs(p.URL),
				"inLanguage": p.Lang.Code, "datePublished": l10n.ISODate(m.Date), "dateModified": l10n.ISODate(p.Entry.Modified()),
				"publisher": ld{"@id": publisher["@id"]}, "mainEntityOfPage": p.Abs(p.URL)}
			if m.Summary != "" {
				a["description"] = m.Summary
			}
			if m.Organisation != "" {
				a["author"] = ld{"@type": "Organization", "name": m.Organisation}
			} else {
				a["author"] = ld{"@id": publisher["@id"]}
			}
			var about []any
			var keywords []string
			for _, t := range p.Entry.Refs["tags"] {
				about = append(about, ld{"@type": "Thing", "name": t.Meta.Title, "url": p.Abs(t.URL)})
				keywords = append(keywords, t.Meta.Title)
			}
			if len(about) > 0 {
				a["about"], a["keywords"] = about, strings.Join(keywords, ", ")
			}
			graph = append(graph, a)
		case "campaign":
			country, err := p.T("place.country")
			if err != nil {
				return "", err
			}
			place, err := p.T("place.name")
			if err != nil {
				return "", err
			}
			ev := ld{"@type": "Event", "@id": p.Abs(p.URL) + "#event", "name": m.Title, "url": p.Abs(p.URL),
				"inLanguage": p.Lang.Code, "startDate": l10n.ISODate(m.Start), "endDate": l10n.ISODate(m.End),
				"eventStatus": "https://schema.org/EventScheduled",
				"location":    ld{"@type": "Place", "name": place, "address": ld{"@type": "PostalAddress", "addressCountry": country}},
				"organizer":   ld{"@id": publisher["@id"]}}
			if m.Summary != "" {
				ev["description"] = m.Summary
			}
			if len(m.Organisers) > 0 {
				var orgs []any
				for _, o := range m.Organisers {
					orgs = append(orgs, ld{"@type": "Organization", "name": o})
				}
				ev["organizer"] = orgs
			}
			graph = append(graph, ev)
		}
	}
	doc := ld{"@context": "https://schema.org", "@graph": graph}
	if b, ok := appendLD(make([]byte, 0, 1024), doc); ok {
		return template.JS(b), nil
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}

// publisher is the organisation behind the site, in the page's language:
// the one site.yaml names, as the header shows it, else the UI string's
// (a site.yaml written before publishers could be named there).
func (p *Page) publisher() (ld, error) {
	if pub := p.Lang.Publisher; pub != nil {
		org := ld{"@type": "GovernmentOrganization", "@id": p.BaseURL + "/#publisher", "name": pub.Name,
			"url": cmp.Or(pub.URL, p.Abs("/"+p.Lang.Code+"/"))}
		if pub.Logo != "" {
			logo, err := p.Asset(pub.Logo)
			if err != nil {
				return nil, err
			}
			org["logo"] = ld{"@type": "ImageObject", "url": p.Abs(logo)}
		}
		return org, nil
	}
	name, err := p.T("publisher.name")
	if err != nil {
		return nil, err
	}
	return ld{"@type": "GovernmentOrganization", "@id": p.BaseURL + "/#publisher", "name": name,
		"url": p.Abs("/" + p.Lang.Code + "/")}, nil
}

// sectionOf is the section a page kind belongs to, for its breadcrumbs.
var sectionOf = map[string]string{"experiment": "experiments", "campaign": "campaigns", "contact": "contacts", "tag": "tags"}

// breadcrumbs is the page's place below its language's home page, or nil
// on the home page itself.
func (p *Page) breadcrumbs() (ld, error) {
	home := "/" + p.Lang.Code + "/"
	if p.Kind == "root" || p.URL == home {
		return nil, nil
	}
	items := []any{}
	add := func(name, url string) {
		items = append(items, ld{"@type": "ListItem", "position": len(items) + 1, "name": name, "item": p.Abs(url)})
	}
	add(p.Lang.Title, home)
	if sec, ok := sectionOf[p.Kind]; ok {
		title, err := p.T(sec + ".title")
		if err != nil {
			return nil, err
		}
		add(title, p.Lang.SectionURL(sec))
	}
	add(p.Title, p.URL)
	return ld{"@type": "BreadcrumbList", "itemListElement": items}, nil
}

// OpenGraphType is og:type: an article for an experiment, else a website.
func (p *Page) OpenGraphType() string {
	if p.Kind == "experiment" {
		return "article"
	}
	return "website"
}

// Locales are the Open Graph locales of the page's other language
// versions (og:locale:alternate), from each language's UI strings.
func (p *Page) Locales() ([]string, error) {
	var out []string
	for _, v := range p.Alternates() {
		if v.Lang.Code == p.Lang.Code {
			continue
		}
		s, err := p.TIn(v.Lang, "og.locale")
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
