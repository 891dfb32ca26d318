package render

import (
	"bytes"
	"net/url"
	"strings"

	"github.com/kokeilu/kokeilu/internal/ical"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// calendarView is what a calendar file shows: campaign weeks.
type calendarView struct {
	Lang      *Lang
	BaseURL   string
	Campaigns []*Ref
}

// CalendarPath is the address of a campaign week's calendar file, below
// its page: /fi/kampanjat/x/x.ics, named after the week's address in its
// language so that a saved file says what it is.
func CalendarPath(campaignURL, slug string) string { return campaignURL + slug + ".ics" }

// CalendarsPath is the address of the calendar of every week of a
// language, named after the section: /fi/kampanjat/kampanjat.ics.
func CalendarsPath(l *Lang) string {
	return l.SectionURL("campaigns") + l.Sections.Campaigns + ".ics"
}

// calendarJobs writes an iCalendar file per campaign week of a language
// and one with all of them.
func (r *Renderer) calendarJobs(v *views, l *site.Lang) []*Job {
	write := func(r *Renderer, w *bytes.Buffer, _ *problem.List, view any) error {
		w.Write(r.calendar(view.(*calendarView)))
		return nil
	}
	all := &Job{Path: filePath(CalendarsPath(v.lang(l))), render: write, make: func() any {
		return &calendarView{Lang: v.lang(l), BaseURL: r.site.Config.BaseURL, Campaigns: v.list(l.Campaigns)}
	}}
	jobs := []*Job{all}
	for _, c := range l.Campaigns {
		jobs = append(jobs, &Job{Path: filePath(CalendarPath(c.URL, sectionSegment(c.URL))), render: write, make: func() any {
			return &calendarView{Lang: v.lang(l), BaseURL: r.site.Config.BaseURL, Campaigns: []*Ref{v.ref(c)}}
		}})
	}
	return jobs
}

// calendar is the iCalendar file of a view. A week's UID is the same in
// every language: it is one event, described in each.
func (r *Renderer) calendar(v *calendarView) []byte {
	host := v.BaseURL
	if u, err := url.Parse(v.BaseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	c := ical.Calendar{
		ProdID: "-//kokeilu//NONSGML " + v.Lang.Title + "//" + strings.ToUpper(v.Lang.Code),
		Name:   r.i18n[v.Lang.Code]["campaigns.title"] + " – " + v.Lang.Title,
		Lang:   v.Lang.Code,
	}
	if len(v.Campaigns) == 1 {
		c.Name = v.Campaigns[0].Meta.Title + " – " + v.Lang.Title
	}
	for _, w := range v.Campaigns {
		if w.Meta.Start.IsZero() || w.Meta.End.Before(w.Meta.Start) {
			continue // checked when loading; a week without dates has no place in a calendar
		}
		c.Events = append(c.Events, ical.Event{UID: w.Slug + "@" + host, Stamp: w.Modified(),
			First: w.Meta.Start, Last: w.Meta.End, Summary: w.Meta.Title, Description: w.Meta.Summary,
			URL: v.BaseURL + w.URL})
	}
	return ical.Write(c)
}

// CalendarURL is the address of the calendar file a campaign page or the
// campaign list offers, or "" on other pages.
func (p *Page) CalendarURL() string {
	switch {
	case p.Kind == "campaign" && p.Entry != nil:
		return CalendarPath(p.Entry.URL, sectionSegment(p.Entry.URL))
	case p.Kind == "campaigns":
		return CalendarsPath(p.Lang)
	}
	return ""
}
