// Package site links loaded documents into the site model: it pairs
// translations, resolves references (tags, contacts, campaigns), gives every
// entry its URL in its language, builds the sorted lists each language shows,
// and checks what only the whole site can check (references that resolve,
// language-neutral fields that agree between translations, unique URLs).
//
// Input: a content.Set. Output: a *Site that render reads, plus problems
// with file:line:col. The model holds no rendered HTML. After an edit that
// keeps every document's file name, Relink brings the site up to date by
// linking again only what the edited documents touch, which is what
// `kokeilu serve` does on a save; anything else builds it anew.
package site

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// Options change what goes into the site.
type Options struct {
	Drafts  bool   // include documents with draft: true
	BaseURL string // overrides baseURL from site.yaml (for previews)
	// Today is the date the home page's "current and upcoming" campaign
	// weeks are reckoned from. A build reads no clock (two builds of the
	// same input give the same bytes), so it is an input; zero means none,
	// and the home page then lists the latest weeks.
	Today time.Time
	// Sorters, if set, remembers collation keys from one Build to the
	// next: a caller that links the same site again and again (kokeilu
	// serve) keeps one. Builds that share it must not run at once.
	Sorters l10n.Sorters
}

// Special page slugs: the introductions of the home and Day for Failure
// pages, not pages of their own.
const (
	HomeSlug    = "home"
	FaildaySlug = "failday"
)

// Site is the linked model of the whole site.
type Site struct {
	Config *content.Config
	Langs  []*Lang // in configured order; Langs[0] is not necessarily the default
	byKey  map[key]*Entry
	byURL  map[string]*Entry
	all    []*Entry // every entry, drafts left out, in the documents' order
	opt    Options
	drafts map[key]bool      // the drafts left out
	probs  []problem.Problem // placing's problems (addresses)
}

type key struct {
	kind       content.Kind
	slug, lang string
}

// Lang is one language's part of the site, its lists sorted for display.
type Lang struct {
	content.Language
	Index       int         // position in Site.Langs
	Experiments []*Entry    // newest first
	Failday     []*Entry    // experiments with failday: true, newest first
	Campaigns   []*Entry    // newest first
	Contacts    []*Entry    // by surname, then name, in this language's order
	Tags        []*Entry    // by label, in this language's order
	Pages       []*Entry    // plain pages by title
	Footer      []*Entry    // the pages site.yaml lists in the footer
	Home        *Entry      // the home page's introduction, may be nil
	Upcoming    []*Campaign // with Options.Today: weeks on now or to come, soonest first
	FaildayPage *Entry      // the Day for Failure introduction, may be nil
	Thanks      *Entry      // the page forms post to (ThanksSlug), may be nil
	Privacy     *Entry      // the privacy statement forms link to (PrivacySlug), may be nil
	Browse      Browse      // the experiments by stage, municipality, region, year and role

	probs []problem.Problem // the footer's and the forms'
}

// Campaign is a campaign week as the home page shows it relative to a date.
type Campaign struct {
	*Entry
	Now bool // on at the reference date (else still to come)
}

// Entry is one document placed in the site.
type Entry struct {
	*content.Document
	URL          string   // the path on the site: /fi/kokeilut/x/
	Translations []*Entry // by language index; nil where there is none; includes itself
	// Refs are the entries its reference fields name (the schema's ref=
	// fields: tags, contacts, campaign), by field name, in its language.
	Refs        map[string][]*Entry
	Experiments []*Entry // for an entry experiments refer to (a tag, contact, campaign): those experiments, newest first
	rank        int      // an experiment's place in its language's Experiments (see Related)
	Outdated    *Entry   // the original, when this translation's updated date is older than it
	// State is a campaign week's at Options.Today: upcoming, open (for
	// sign-up), closed, running or ended; "" without a reference date.
	State string

	refProbs     []problem.Problem // its references that do not resolve
	badRefs      map[string]bool   // the fields with such a reference
	neutralProbs []problem.Problem // where it disagrees with its original
}

// Translation returns the entry's version in the language, or nil.
func (e *Entry) Translation(l *Lang) *Entry { return e.Translations[l.Index] }

// Modified is the date the entry last changed: updated, else date.
func (e *Entry) Modified() time.Time {
	if !e.Meta.Updated.IsZero() {
		return e.Meta.Updated
	}
	if !e.Meta.Date.IsZero() {
		return e.Meta.Date
	}
	return e.Meta.Start
}

// Label is how lists and links name the entry.
func (e *Entry) Label() string {
	if e.Kind == content.Contact {
		return e.Meta.Name
	}
	return e.Meta.Title
}

// Entries returns every entry of a language: experiments, campaigns,
// contacts, tags, pages and the two introductions.
func (s *Site) Entries(l *Lang) []*Entry {
	out := make([]*Entry, 0, len(l.Experiments)+len(l.Campaigns)+len(l.Contacts)+len(l.Tags)+len(l.Pages)+2)
	out = append(append(append(append(append(out, l.Experiments...), l.Campaigns...), l.Contacts...), l.Tags...), l.Pages...)
	for _, e := range []*Entry{l.Home, l.FaildayPage} {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// All returns every entry, with an address or not, in the documents'
// order: what a link to a content file can resolve to.
func (s *Site) All() []*Entry { return s.all }

// Lang returns the language with the code, or nil.
func (s *Site) Lang(code string) *Lang {
	for _, l := range s.Langs {
		if l.Code == code {
			return l
		}
	}
	return nil
}

// Default is the default language.
func (s *Site) Default() *Lang { return s.Lang(s.Config.DefaultLanguage) }

// Lookup finds an entry by kind, slug and language.
func (s *Site) Lookup(kind content.Kind, slug, lang string) *Entry {
	return s.byKey[key{kind, slug, lang}]
}

// Absolute turns a site path into a full URL with the base URL.
func (s *Site) Absolute(path string) string { return s.Config.BaseURL + path }

// SectionURL is the path of a section's index in a language.
func (l *Lang) SectionURL(section string) string { return SectionURL(l.Language, section) }

// SectionURL is the path of a section's index in a language: "" or an
// unknown section is the language's home.
func SectionURL(l content.Language, section string) string {
	var seg string
	switch section {
	case "experiments":
		seg = l.Sections.Experiments
	case "campaigns":
		seg = l.Sections.Campaigns
	case "contacts":
		seg = l.Sections.Contacts
	case "tags":
		seg = l.Sections.Tags
	case "failday":
		seg = l.Sections.Failday
	case "search":
		seg = l.Sections.Search
	case "browse":
		seg = l.Sections.Browse
	case ByStage, ByMunicipality, ByRegion, ByYear, ByRole:
		seg = browseSegment(l.Sections, section)
	default:
		return "/" + l.Code + "/"
	}
	return "/" + l.Code + "/" + seg + "/"
}

// refFields are the experiment's reference fields in the schema's order:
// the entries they name list the experiment.
var refFields = func() []string {
	var out []string
	for f := range content.SchemaOf(content.Experiment).All() {
		if f.Ref != "" {
			out = append(out, f.Name)
		}
	}
	return out
}()

// Build links the documents of set into a Site. It returns nil only when
// set is nil; otherwise the site is usable for a preview even with problems.
func Build(set *content.Set, opt Options, probs *problem.List) *Site {
	if set == nil {
		return nil
	}
	cfg := *set.Config
	if opt.BaseURL != "" {
		cfg.BaseURL = strings.TrimSuffix(opt.BaseURL, "/")
	}
	s := &Site{Config: &cfg, byKey: map[key]*Entry{}, byURL: map[string]*Entry{}, opt: opt, drafts: map[key]bool{}}
	for i, l := range cfg.Languages {
		s.Langs = append(s.Langs, &Lang{Language: l, Index: i})
	}
	var entries []*Entry
	for _, d := range set.Docs {
		if d.Meta.Draft && !opt.Drafts {
			s.drafts[key{d.Kind, d.Slug, d.Lang}] = true
			continue
		}
		e := &Entry{Document: d, Translations: make([]*Entry, len(s.Langs))}
		s.byKey[key{d.Kind, d.Slug, d.Lang}] = e
		entries = append(entries, e)
	}
	for _, e := range entries {
		for _, l := range s.Langs {
			e.Translations[l.Index] = s.byKey[key{e.Kind, e.Slug, l.Code}]
		}
		s.place(e)
	}
	for _, e := range entries {
		s.resolve(e)
	}
	for _, e := range entries { // after every resolve: it reads both versions' broken references
		s.checkNeutral(e)
	}
	s.all = entries
	for _, l := range s.Langs {
		s.list(l)
	}
	for _, p := range s.Problems() {
		probs.Add(p)
	}
	return s
}

// Problems are every problem linking found, as Build reported them.
func (s *Site) Problems() []problem.Problem {
	out := slices.Clone(s.probs)
	for _, l := range s.Langs {
		out = append(out, l.probs...)
	}
	for _, e := range s.all {
		out = append(append(out, e.refProbs...), e.neutralProbs...)
	}
	return out
}

// Relink puts new readings of documents the site was linked from in
// place of the earlier ones and links again what they touch: their
// references, the language-neutral fields they share with their
// translations, and the lists of their languages. The site is then what
// Build makes of the documents as they now are. It reports false, and
// changes nothing, when an edit changes what Build decides before that:
// which documents there are (a draft published or a document made a
// draft), whether one could be read at all, or an address; the caller
// then builds the site anew.
func (s *Site) Relink(docs []*content.Document) bool {
	if len(s.probs) > 0 {
		return false // addresses in conflict: who gets one depends on order
	}
	entries := make([]*Entry, len(docs))
	for i, d := range docs {
		e := s.byKey[key{d.Kind, d.Slug, d.Lang}]
		if e == nil || e.Path != d.Path || e.Broken != d.Broken || e.Meta.Draft != d.Meta.Draft ||
			e.Kind == content.Page && e.Meta.Slug != d.Meta.Slug {
			return false
		}
		entries[i] = e
	}
	langs := map[string]bool{}
	var neutral []*Entry
	for i, e := range entries {
		same := content.SameFront(e.Document, docs[i])
		e.Document = docs[i]
		if same {
			continue // only the body changed: nothing linking reads
		}
		s.resolve(e)
		langs[e.Lang] = true
		neutral = append(neutral, e.Translations...)
	}
	for _, t := range neutral {
		if t != nil {
			s.checkNeutral(t)
		}
	}
	for _, l := range s.Langs {
		if langs[l.Code] {
			s.list(l)
		}
	}
	return true
}

// place gives an entry its URL and files it in its language's lists.
func (s *Site) place(e *Entry) {
	probs := &problem.List{}
	defer func() { s.probs = append(s.probs, probs.All()...) }()
	l := s.Lang(e.Lang)
	switch e.Kind {
	// An entry's address is its slug: in its language, written as slug:
	// in the frontmatter, else the file's (the key that references use in
	// every language).
	case content.Experiment:
		e.URL = l.SectionURL("experiments") + cmp.Or(e.Meta.Slug, e.Slug) + "/"
	case content.Campaign:
		e.URL = l.SectionURL("campaigns") + cmp.Or(e.Meta.Slug, e.Slug) + "/"
	case content.Contact:
		e.URL = l.SectionURL("contacts") + cmp.Or(e.Meta.Slug, e.Slug) + "/"
	case content.Tag:
		e.URL = l.SectionURL("tags") + cmp.Or(e.Meta.Slug, e.Slug) + "/"
	case content.Page:
		switch e.Slug {
		case HomeSlug:
			e.URL = "/" + l.Code + "/"
			l.Home = e
			return
		case FaildaySlug:
			e.URL = l.SectionURL("failday")
			l.FaildayPage = e
			return
		}
		seg := cmp.Or(e.Meta.Slug, e.Slug)
		e.URL = "/" + l.Code + "/" + seg + "/"
		for name, sec := range map[string]string{"experiments": l.Sections.Experiments, "campaigns": l.Sections.Campaigns,
			"contacts": l.Sections.Contacts, "tags": l.Sections.Tags, "failday": l.Sections.Failday, "search": l.Sections.Search, "browse": l.Sections.Browse,
			ByStage: l.Sections.Stage, ByMunicipality: l.Sections.Municipality, ByRegion: l.Sections.Region, ByYear: l.Sections.Year, ByRole: l.Sections.Role} {
			if seg == sec {
				p := e.PosOf("slug")
				probs.Errorf(e.Path, p.Line, p.Col, "give the page another slug", "the page's address %s is the %s section's", e.URL, name)
				e.URL = ""
				return
			}
		}
	}
	if other, dup := s.byURL[e.URL]; dup {
		p := e.PosOf("slug")
		probs.Errorf(e.Path, p.Line, p.Col, "give one of them another slug", "%s has the same address %s as %s", e.Path, e.URL, other.Path)
		return
	}
	s.byURL[e.URL] = e
}

// list makes the language's lists, in its order, and what the entries
// experiments refer to list of them; the footer's and the forms' problems are the
// language's.
func (s *Site) list(l *Lang) {
	l.Experiments, l.Failday, l.Campaigns, l.Contacts, l.Tags, l.Pages, l.Footer, l.Upcoming = nil, nil, nil, nil, nil, nil, nil, nil
	for _, e := range s.all {
		if e.Lang != l.Code {
			continue
		}
		if e.Experiments = nil; e.URL == "" {
			continue
		}
		switch e.Kind {
		case content.Experiment:
			l.Experiments = append(l.Experiments, e)
			if e.Meta.Failday {
				l.Failday = append(l.Failday, e)
			}
		case content.Campaign:
			l.Campaigns = append(l.Campaigns, e)
		case content.Contact:
			l.Contacts = append(l.Contacts, e)
		case content.Tag:
			l.Tags = append(l.Tags, e)
		case content.Page:
			if e != l.Home && e != l.FaildayPage {
				l.Pages = append(l.Pages, e)
			}
		}
	}
	srt := s.opt.Sorters.For(l.Tag())
	NewestFirst(srt, l.Experiments)
	NewestFirst(srt, l.Failday)
	slices.SortStableFunc(l.Campaigns, func(a, b *Entry) int {
		return cmp.Or(b.Meta.Start.Compare(a.Meta.Start), cmp.Compare(a.Slug, b.Slug))
	})
	l10n.SortWith(srt, l.Contacts, func(e *Entry) string { return surnameFirst(e.Meta.Name) })
	l10n.SortWith(srt, l.Tags, func(e *Entry) string { return e.Meta.Title })
	l10n.SortWith(srt, l.Pages, func(e *Entry) string { return e.Meta.Title })
	s.browse(l, srt)
	// The experiments of a tag, contact or campaign in the language's
	// order, without sorting each list again.
	for i, e := range l.Experiments {
		e.rank = i
		for _, f := range refFields {
			for _, t := range e.Refs[f] {
				t.Experiments = append(t.Experiments, e)
			}
		}
	}
	probs := &problem.List{}
	for _, slug := range s.Config.Footer {
		p := s.Lookup(content.Page, slug, l.Code)
		if p == nil {
			probs.Errorf(content.ConfigFile, 0, 0, fmt.Sprintf("create content/pages/%s.%s.md or remove it from footer", slug, l.Code),
				"the footer lists the page %q, which has no %s version", slug, l.Code)
			continue
		}
		l.Footer = append(l.Footer, p)
	}
	for _, c := range l.Campaigns {
		c.State = CampaignState(&c.Meta, s.opt.Today)
	}
	s.forms(l, probs)
	l.probs = probs.All()
	if !s.opt.Today.IsZero() {
		for _, c := range slices.Backward(l.Campaigns) { // soonest first
			if c.Meta.End.Before(s.opt.Today) {
				continue
			}
			l.Upcoming = append(l.Upcoming, &Campaign{Entry: c, Now: !c.Meta.Start.After(s.opt.Today)})
		}
	}
}

// NewestFirst sorts experiments by publication date, newest first; on the
// same day alphabetically by title in the sorter's language. Collation keys
// are costly, so only runs of equal dates are collated.
func NewestFirst(s *l10n.Sorter, es []*Entry) {
	slices.SortFunc(es, func(a, b *Entry) int {
		return cmp.Or(b.Meta.Date.Compare(a.Meta.Date), cmp.Compare(a.Slug, b.Slug))
	})
	for i := 0; i < len(es); {
		j := i + 1
		for j < len(es) && es[j].Meta.Date.Equal(es[i].Meta.Date) {
			j++
		}
		l10n.SortWith(s, es[i:j], func(e *Entry) string { return e.Meta.Title })
		i = j
	}
}

// surnameFirst turns "Maija Esimerkki" into "Esimerkki Maija" for sorting
// people the way Finnish and Swedish lists do, by surname.
func surnameFirst(name string) string {
	f := strings.Fields(name)
	if len(f) < 2 {
		return name
	}
	return f[len(f)-1] + " " + strings.Join(f[:len(f)-1], " ")
}

// The states of a campaign week at a reference date.
const (
	Upcoming = "upcoming" // before the week, sign-up not open yet
	Open     = "open"     // before the week, sign-up open
	Closed   = "closed"   // before the week, sign-up over
	Running  = "running"  // the week is on
	Ended    = "ended"    // the week is over
)

// CampaignState is a week's state on the day today: sign-up is open from
// registration_opens (unset: at once) to registration_closes (unset: the
// day before the week starts). Sign-up is the site's own campaign-signup
// form on the week's page, or the week's registration address when it has
// one. A zero today (no reference date) gives "".
func CampaignState(m *content.Meta, today time.Time) string {
	switch {
	case today.IsZero():
		return ""
	case today.After(m.End):
		return Ended
	case !today.Before(m.Start):
		return Running
	}
	closes := m.RegistrationCloses
	if closes.IsZero() {
		closes = m.Start.AddDate(0, 0, -1)
	}
	switch {
	case today.Before(m.RegistrationOpens):
		return Upcoming
	case today.After(closes):
		return Closed
	}
	return Open
}
