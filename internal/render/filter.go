package render

// The experiment list's filter data: what assets/filter.js needs to narrow
// the list in place across all its pages, per language
// (/fi/kokeilut.filter.json). Each experiment carries the filter form's
// values it belongs to, taken from the same groups the static browse,
// campaign and theme pages list, so the narrowed list is exactly the
// intersection of those pages; and the text its card shows, already in the
// language's words and date style, so the script formats nothing itself.

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/kokeilu/kokeilu/internal/municipality"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// FilterData is the file's content. Keys are short because the file lists
// every experiment of the language and a phone fetches it.
type FilterData struct {
	// Stages names each stage in the language: the chip's text.
	Stages map[string]string `json:"stages"`
	Items  []FilterItem      `json:"items"` // newest first, as the list
}

// FilterItem is one experiment: its card and its filter values.
type FilterItem struct {
	URL     string   `json:"u"`
	Title   string   `json:"t"`
	Summary string   `json:"s,omitempty"`
	Stage   string   `json:"st,omitempty"`
	Date    string   `json:"d,omitempty"` // as the card writes it
	ISO     string   `json:"i,omitempty"` // for <time datetime>
	Places  []string `json:"p,omitempty"` // municipality names in the language
	Tags    []string `json:"g,omitempty"` // theme names
	// Values maps a filter form parameter (a section's URL segment:
	// "vaihe", "kunta", "aiheet") to the values of its choices that list
	// this experiment ("completed"; "lahti", "hollola").
	Values map[string][]string `json:"f"`
}

// FilterDataURL is the address of a language's filter data, beside its
// open data: /fi/kokeilut/ → /fi/kokeilut.filter.json.
func FilterDataURL(listURL string) string {
	return strings.TrimSuffix(listURL, "/") + ".filter.json"
}

// FilterDataURL is the address of the page language's filter data, for
// the experiment list's form.
func (p *Page) FilterDataURL() string { return FilterDataURL(p.Lang.SectionURL("experiments")) }

func (r *Renderer) filterJob(l *site.Lang) *Job {
	return &Job{Path: filePath(FilterDataURL(l.SectionURL("experiments"))), make: func() any { return r.filterData(l) },
		render: func(_ *Renderer, w *bytes.Buffer, _ *problem.List, view any) error {
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			return enc.Encode(view)
		}}
}

// filterData is the view of the file: the language's experiments with the
// choices that list them, in the filter form's fieldsets.
func (r *Renderer) filterData(l *site.Lang) *FilterData {
	words, loc := r.i18n[l.Code], r.locale[l.Code]
	d := &FilterData{Stages: map[string]string{}, Items: make([]FilterItem, len(l.Experiments))}
	at := make(map[*site.Entry]int, len(l.Experiments))
	list, _ := municipality.Load() // nil only if the embedded file is broken; content reports it on every key
	for i, e := range l.Experiments {
		at[e] = i
		it := FilterItem{URL: e.URL, Title: e.Meta.Title, Summary: e.Meta.Summary, Stage: e.Meta.Status, Values: map[string][]string{}}
		if !e.Meta.Date.IsZero() {
			it.Date, it.ISO = loc.Date(e.Meta.Date), isoOrEmpty(e.Meta.Date)
		}
		for _, k := range e.Meta.Municipalities {
			if m, ok := list.In(k, l.Code); list != nil && ok {
				it.Places = append(it.Places, m.Name)
			}
		}
		for _, t := range e.Refs["tags"] {
			it.Tags = append(it.Tags, t.Meta.Title)
		}
		if e.Meta.Status != "" {
			d.Stages[e.Meta.Status] = words["status."+e.Meta.Status]
		}
		d.Items[i] = it
	}
	mark := func(section, value string, es []*site.Entry) {
		param := sectionSegment(l.SectionURL(section))
		for _, e := range es {
			if i, ok := at[e]; ok {
				d.Items[i].Values[param] = append(d.Items[i].Values[param], value)
			}
		}
	}
	for _, dim := range site.Dimensions {
		for _, g := range l.Browse[dim] {
			mark(dim, g.Slug, g.Experiments)
		}
	}
	for _, c := range l.Campaigns {
		mark("campaigns", c.Slug, c.Experiments)
	}
	for _, t := range l.Tags {
		mark("tags", t.Slug, t.Experiments)
	}
	return d
}
