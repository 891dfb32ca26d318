package site

import (
	"fmt"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// The pages the site's Netlify forms need in every language that shows
// one: the thank-you page a form posts to (Netlify answers a submission
// with a redirect to the form's action) and the privacy statement each
// form links to.
const (
	ThanksSlug  = "thanks"
	PrivacySlug = "privacy"
)

// The forms a page's form field names (the schema's enum); a campaign
// week's page has the campaign-signup form while sign-up is open.
const (
	RegistrationForm = "registration"
	LessonForm       = "lesson"
	SignupForm       = "campaign-signup"
)

// forms finds the language's thank-you and privacy pages and reports
// every form that has no thank-you or privacy page to link to, and a
// registration form without the themes it offers.
func (s *Site) forms(l *Lang, probs *problem.List) {
	l.Thanks = s.Lookup(content.Page, ThanksSlug, l.Code)
	l.Privacy = s.Lookup(content.Page, PrivacySlug, l.Code)
	need := func(e *Entry, field, what string) {
		p := e.PosOf(field)
		for _, pg := range []struct {
			slug string
			have *Entry
			what string
		}{{ThanksSlug, l.Thanks, "thank-you page for its form to post to"}, {PrivacySlug, l.Privacy, "privacy statement for its form to link to"}} {
			if pg.have == nil || pg.have.URL == "" {
				probs.Errorf(e.Path, p.Line, p.Col, fmt.Sprintf("create content/pages/%s.%s.md", pg.slug, l.Code),
					"%s, but this language has no %s", what, pg.what)
			}
		}
	}
	for _, e := range s.Entries(l) {
		switch {
		case e.Kind == content.Page && e.Meta.Form != "":
			need(e, "form", "the page has a form")
			if e.Meta.Form == RegistrationForm && len(e.Meta.Themes) == 0 {
				p := e.PosOf("form")
				probs.Errorf(e.Path, p.Line, p.Col, "list the tags the form offers, for example themes: [osallisuus, sote]",
					"the registration form has no themes to choose from")
			}
		case e.Kind == content.Campaign && e.HasSignupForm():
			need(e, "start", "the week takes sign-ups with the form on its page")
		}
	}
}

// HasSignupForm reports whether a campaign week's page shows the
// campaign-signup form.
func (e *Entry) HasSignupForm() bool {
	return e.Kind == content.Campaign && ShowsSignupForm(e.State, &e.Meta)
}

// ShowsSignupForm reports whether a campaign week in the state shows the
// campaign-signup form: while sign-up is open, unless the week signs up
// at an address of its own.
func ShowsSignupForm(state string, m *content.Meta) bool {
	return state == Open && m.Registration == ""
}
