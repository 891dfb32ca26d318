package render

import (
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/site"
)

// The views: what a template (or the Go code that writes a feed, a data
// file or the sitemap) can show. Each output file is rendered from one view
// value built from the linked site, and from nothing else of the site: its
// key is a hash of that view (see viewhash.go), so a file is rendered again
// exactly when something it can show changed, and no dependency is written
// down by hand anywhere. That is why the views hold copies and references
// one level deep, never a *site.Entry: a page that lists an experiment can
// show that experiment's frontmatter and counts, not the experiments of the
// experiment's tags.

// Ref is an entry as another page shows it: in a list, a link or a card.
type Ref struct {
	Kind  content.Kind
	Slug  string
	Lang  string
	URL   string
	Meta  *content.Meta
	Count int    // the experiments that refer to it (tags, contacts, campaigns)
	State string // a campaign week's at the reference date (see site.CampaignState)
	Tags  []Chip // an experiment's themes, for its card
}

// Label is how lists and links name the entry.
func (r *Ref) Label() string {
	if r.Kind == content.Contact {
		return r.Meta.Name
	}
	return r.Meta.Title
}

// Modified is the date the entry last changed: updated, else date, else start.
func (r *Ref) Modified() time.Time {
	switch {
	case !r.Meta.Updated.IsZero():
		return r.Meta.Updated
	case !r.Meta.Date.IsZero():
		return r.Meta.Date
	}
	return r.Meta.Start
}

// SignupID is the id of the campaign-signup form on a campaign week's page
// (layouts/partials/forms.html), where its calls to action lead.
const SignupID = "signup"

// SignupURL is where a campaign week's call to action leads: the week's
// own registration address when it has one (an outside system), else the
// sign-up form on its page.
func (r *Ref) SignupURL() string {
	if r.Meta.Registration != "" {
		return r.Meta.Registration
	}
	return r.URL + "#" + SignupID
}

// Entry is the entry a page is about, with what its page shows of others.
type Entry struct {
	*Ref
	Path string
	// Refs are the entries its reference fields name, by field name
	// (.Entry.Refs.tags, .Entry.Refs.campaign): a field declared with
	// ref=kind in content.Meta is here without any code.
	Refs        map[string][]*Ref
	Experiments []*Ref // on campaign and contact pages: the experiments that refer to it
	Outdated    *Ref   // the original, when this translation is older than it
	Body        *Body  // nil when the entry has no text
	Related     []*Ref // on experiment pages: up to RelatedCount others sharing the most themes (site.Related)
}

// RelatedCount is how many related experiments an experiment's page
// shows: a row of cards, not a second list of the site.
const RelatedCount = 3

// Lang is a language as every page in it shows it: its names, its
// sections and its footer.
type Lang struct {
	content.Language
	Footer  []*Ref
	Thanks  *Ref // the page the forms post to, nil without one
	Privacy *Ref // the privacy statement the forms link to, nil without one

	Licence *content.Licence // the site's licence (site.yaml), nil without one
	// Pages are the language's plain pages by their file's slug, for
	// layouts that link to one by name: (index .Lang.Pages "about").URL.
	Pages map[string]*Ref
}

// SectionURL is the path of a section's index in the language.
func (l *Lang) SectionURL(section string) string { return site.SectionURL(l.Language, section) }

// Upcoming is a campaign week on now or to come at the reference date.
type Upcoming struct {
	*Ref
	Now bool
}

// views builds view values from one linked site, each once: the same
// experiment's Ref is shared by every list that shows it, so its hash is
// computed once per build.
type views struct {
	site   *site.Site
	bodies *bodyStage
	refs   map[*site.Entry]*Ref
	langs  map[*site.Lang]*Lang
}

func newViews(s *site.Site, b *bodyStage) *views {
	return &views{site: s, bodies: b, refs: map[*site.Entry]*Ref{}, langs: map[*site.Lang]*Lang{}}
}

func (v *views) ref(e *site.Entry) *Ref {
	if e == nil {
		return nil
	}
	if r, ok := v.refs[e]; ok {
		return r
	}
	r := &Ref{Kind: e.Kind, Slug: e.Slug, Lang: e.Lang, URL: e.URL, Meta: &e.Meta, Count: len(e.Experiments), State: e.State}
	if e.Kind == content.Experiment {
		for _, t := range e.Refs["tags"] {
			r.Tags = append(r.Tags, Chip{Label: t.Meta.Title, URL: t.URL})
		}
	}
	v.refs[e] = r
	return r
}

func (v *views) list(es []*site.Entry) []*Ref {
	if len(es) == 0 {
		return nil
	}
	out := make([]*Ref, len(es))
	for i, e := range es {
		out[i] = v.ref(e)
	}
	return out
}

// entry is the view of the entry a page is about. withExperiments: the
// page lists every experiment that refers to the entry.
func (v *views) entry(e *site.Entry, withExperiments bool) *Entry {
	if e == nil {
		return nil
	}
	ev := &Entry{Ref: v.ref(e), Path: e.Path, Outdated: v.ref(e.Outdated), Body: v.bodies.of(e)}
	// Every reference field of the kind is there, empty or not, so that a
	// template may ask for one the entry leaves out; asking for a field the
	// kind does not have is a template error.
	for f := range content.SchemaOf(e.Kind).All() {
		if f.Ref != "" {
			if ev.Refs == nil {
				ev.Refs = map[string][]*Ref{}
			}
			ev.Refs[f.Name] = v.list(e.Refs[f.Name])
		}
	}
	if withExperiments {
		ev.Experiments = v.list(e.Experiments)
	}
	if e.Kind == content.Experiment {
		ev.Related = v.list(site.Related(e, RelatedCount))
	}
	return ev
}

func (v *views) lang(l *site.Lang) *Lang {
	if lv, ok := v.langs[l]; ok {
		return lv
	}
	lv := &Lang{Language: l.Language, Footer: v.list(l.Footer), Licence: v.site.Config.Licence, Thanks: v.ref(l.Thanks), Privacy: v.ref(l.Privacy)}
	if len(l.Pages) > 0 {
		lv.Pages = make(map[string]*Ref, len(l.Pages))
		for _, p := range l.Pages {
			lv.Pages[p.Slug] = v.ref(p)
		}
	}
	v.langs[l] = lv
	return lv
}
