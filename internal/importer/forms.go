package importer

import (
	"strings"
)

// A value is what one column of a form holds, and so how it is checked.
type value int

const (
	line      value = iota // one line of text (newlines become spaces)
	long                   // text of several paragraphs, for the body
	email                  // an email address
	muniKey                // a municipality key (internal/municipality)
	roleValue              // experimenter, influencer or both
	themeList              // tag slugs, the checkbox group
	campaign               // a campaign slug
	consent                // yes
	langCode               // a language code of site.yaml
	honeypot               // bot-field: empty unless a bot filled it in
)

// A column is one field of a form, named as the form's HTML names it.
type column struct {
	name     string
	value    value
	required bool // the column must be there and the value must not be empty
}

// A form is one of the site's Netlify forms. Its field names are fixed by
// the forms' HTML (layouts/); an export has a column per field.
type form struct {
	name    string
	columns []column
	// own are the columns only this form has: an export with them is
	// recognised as this form.
	own []string
}

// The columns every form has.
var (
	colLang = column{"lang", langCode, true}
	colBot  = column{"bot_field", honeypot, false}
)

var forms = []form{
	{
		name: "registration",
		columns: []column{colLang, colBot,
			{"organisation", line, true}, {"municipality", muniKey, true}, {"role", roleValue, true},
			{"themes", themeList, true}, {"description", long, true},
			{"contact_name", line, true}, {"email", email, true}, {"phone", line, true}},
		own: []string{"municipality", "role", "themes"},
	},
	{
		name: "campaign-signup",
		columns: []column{colLang, colBot,
			{"campaign", campaign, true}, {"organisation", line, true}, {"experiment", line, true},
			{"description", long, true}, {"contact_name", line, true}, {"email", email, true},
			{"phone", line, false}},
		own: []string{"campaign", "experiment"},
	},
	{
		name: "lesson",
		columns: []column{colLang, colBot,
			{"tried", long, true}, {"failed", long, true}, {"learned", long, true},
			{"organisation", line, false}, {"contact_name", line, true}, {"email", email, true},
			{"consent", consent, true}},
		own: []string{"tried", "failed", "learned", "consent"},
	},
}

// FormNames lists the forms kokeilu import knows, for usage text.
func FormNames() []string {
	out := make([]string, len(forms))
	for i, f := range forms {
		out[i] = f.name
	}
	return out
}

func formNamed(name string) (form, bool) {
	for _, f := range forms {
		if f.name == name {
			return f, true
		}
	}
	return form{}, false
}

// recognise returns the form whose own columns the header has most of;
// ok is false when none or more than one fits equally well.
func recognise(header map[string]int) (form, bool) {
	best, bestN, tie := form{}, 0, false
	for _, f := range forms {
		n := 0
		for _, c := range f.own {
			if _, ok := header[c]; ok {
				n++
			}
		}
		switch {
		case n > bestN:
			best, bestN, tie = f, n, false
		case n == bestN && n > 0:
			tie = true
		}
	}
	return best, bestN > 0 && !tie
}

func (f form) names() string {
	var out []string
	for _, c := range f.columns {
		if c.required {
			out = append(out, c.name)
		}
	}
	return strings.Join(out, ", ")
}

// headerName is a column's name as the forms' HTML writes it: an export's
// header may be "Contact name", "contact-name" or "themes[]" (the name a
// checkbox group is often given so that every box is kept).
func headerName(h string) string {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
	h = strings.TrimSuffix(h, "[]")
	h = strings.ToLower(h)
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, h)
}

// Columns are the fields of the form the importer reads, as the form's
// HTML names them (Netlify's export names its columns after them), with
// whether each must be filled in; ok is false for an unknown form. A test
// of the built site holds the forms' HTML to these.
func Columns(name string) (fields map[string]bool, ok bool) {
	f, ok := formNamed(name)
	if !ok {
		return nil, false
	}
	fields = map[string]bool{}
	for _, c := range f.columns {
		fields[c.name] = c.required
	}
	return fields, true
}

// ColumnName is the column a form field or an export's header names, as
// Columns lists it: "bot-field" and "themes[]" are bot_field and themes.
func ColumnName(field string) string { return headerName(field) }
