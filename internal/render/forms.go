package render

import (
	"fmt"
	"slices"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/municipality"
	"github.com/kokeilu/kokeilu/internal/site"
)

// FormView is what layouts/partials/forms.html needs to write one of the
// site's Netlify forms: its name (Netlify's form-name, and the column set
// kokeilu import reads), where it posts, the privacy statement it links
// to, and the page for the words.
type FormView struct {
	P       *Page
	Name    string // registration, campaign-signup or lesson
	Action  string // the thank-you page in the page's language
	Privacy string // the privacy statement in the page's language
	ID      string // the prefix of its element ids: unique on the page
}

// Form describes the form name on this page. The site checks that a page
// with a form has both pages to link to in its language, so their absence
// here is a program error, reported as a template error.
func (p *Page) Form(name string) (*FormView, error) {
	if p.Lang.Thanks == nil || p.Lang.Privacy == nil {
		return nil, fmt.Errorf("the %s form needs the pages %s and %s in %s", name, site.ThanksSlug, site.PrivacySlug, p.Lang.Code)
	}
	return &FormView{P: p, Name: name, Action: p.Lang.Thanks.URL, Privacy: p.Lang.Privacy.URL, ID: "form-" + name}, nil
}

// HeadingID is the id of the form's heading: on a campaign week's page
// SignupID, where the week's calls to action lead.
func (f *FormView) HeadingID() string {
	if f.Name == site.SignupForm {
		return SignupID
	}
	return f.ID + "-title"
}

// SignupForm reports whether a campaign week's page shows the
// campaign-signup form.
func (r *Ref) SignupForm() bool { return site.ShowsSignupForm(r.State, r.Meta) }

// MunicipalityOptions are all the municipalities of the classification
// as the page's language names them, in its alphabetical order: the
// registration form's choice. They depend on the classification and the
// language only, so each language's list is made once.
func (p *Page) MunicipalityOptions() ([]Place, error) {
	if v, ok := p.r.options.Load(p.Lang.Code); ok {
		return v.([]Place), nil
	}
	list, err := municipality.Load()
	if err != nil {
		return nil, err
	}
	all := list.All()
	out := make([]Place, 0, len(all))
	for _, m := range all {
		if loc, ok := list.In(m.Key, p.Lang.Code); ok {
			out = append(out, Place{Key: loc.Key, Name: loc.Name})
		}
	}
	l10n.SortWith(p.r.locale[p.Lang.Code].Sorter(), out, func(pl Place) string { return pl.Name })
	p.r.options.Store(p.Lang.Code, out)
	return out, nil
}

// FieldView is one labelled control of a form: its label is the UI string
// form.<label>, its hint form.<label>.hint when the language has one.
type FieldView struct {
	F            *FormView
	Name         string // the control's name: the column kokeilu import reads
	Label        string // the key of its words: form.<Label>
	Type         string // text, email, tel or textarea
	Autocomplete string // its autocomplete token, "" for none
	Required     bool
}

// Field describes a control of the form (see FieldView); label defaults
// to the name.
func (f *FormView) Field(name, typ, autocomplete string, required bool, label ...string) FieldView {
	fv := FieldView{F: f, Name: name, Label: name, Type: typ, Autocomplete: autocomplete, Required: required}
	if len(label) > 0 {
		fv.Label = label[0]
	}
	return fv
}

// ID is the control's element id, unique on the page.
func (fv FieldView) ID() string { return fv.F.ID + "-" + fv.Name }

// Hint is the control's hint in the page's language, "" when it has none.
func (fv FieldView) Hint() string { return fv.F.P.r.i18n[fv.F.P.Lang.Code]["form."+fv.Label+".hint"] }

// BothRoles is the registration form's third role choice: a municipality
// may take both roles of the digital-municipality experiment.
const BothRoles = "both"

// Roles are the registration form's role choices: the roles an
// experiment's role field takes (the schema's enum), then both.
func (f *FormView) Roles() []string {
	fd, _ := content.SchemaOf(content.Experiment).Lookup("role")
	return append(slices.Clone(fd.Enum), BothRoles)
}
