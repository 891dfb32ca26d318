// Package content reads the site's source folder (an fs.FS holding
// content/) into typed documents that remember where every frontmatter
// field was written, so later steps can point editors at file:line:col.
//
// Input: the site root as an fs.FS. Output: a Set of Documents and the site
// configuration, plus every problem found on the way (unknown or missing
// fields, wrong types, impossible dates, bad file names). Loading never stops
// at the first problem and never panics on any input, and no file costs the
// later steps more than linear time: frontmatter is bounded in size and
// nesting (parse.go, toml.go), and a body goldmark would be slow on, or
// multiply, is refused with a problem (body.go). Nothing here knows about
// URLs, translations or references between files: that is package site.
package content

import (
	"bytes"
	"errors"
	"io/fs"
	"time"
)

// Kind is what a document describes; it follows from the folder it is in.
type Kind string

// The kinds of document, one per folder of content/.
const (
	Experiment Kind = "experiment"
	Campaign   Kind = "campaign"
	Contact    Kind = "contact"
	Tag        Kind = "tag"
	Page       Kind = "page"
)

// Kinds lists every kind in a stable order.
var Kinds = []Kind{Experiment, Campaign, Contact, Tag, Page}

// Folder is the folder under content/ that holds documents of the kind.
func (k Kind) Folder() string {
	switch k {
	case Experiment:
		return "experiments"
	case Campaign:
		return "campaigns"
	case Contact:
		return "contacts"
	case Tag:
		return "tags"
	case Page:
		return "pages"
	}
	return ""
}

// Article is the kind with its indefinite article, for messages.
func (k Kind) Article() string {
	if k == Experiment {
		return "an experiment"
	}
	return "a " + string(k)
}

// KindOfFolder returns the kind stored in a folder of content/.
func KindOfFolder(folder string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Folder() == folder {
			return k, true
		}
	}
	return "", false
}

// Pos is a 1-based line and column in a source file.
type Pos struct{ Line, Col int }

// Document is one source file: one entity in one language.
type Document struct {
	Path     string // slash path from the site root: content/experiments/x.fi.md
	Kind     Kind
	Slug     string // the file name's first part: x in x.fi.md
	Lang     string // the file name's language part: fi in x.fi.md
	Meta     Meta
	FrontPos Pos    // the opening delimiter of the frontmatter
	Body     []byte // the Markdown after the frontmatter (nil after DropBody)
	BodyLine int    // the line in the file where Body starts
	BodyHash uint64 // xxhash of Body (see BodyChecks); 0 without one
	BodyAt   int    // the byte where Body starts in the file (after a byte-order mark)
	Hash     uint64 // xxhash of the whole file, for build caches
	// FrontHash is xxhash of the file up to its body: everything but the
	// body is read from that part (0 when the body was not found).
	FrontHash uint64

	// Bad lists the fields that were written but could not be read, so that
	// later checks do not report them a second time. Nil when there are
	// none, as in most documents.
	Bad map[string]bool
	// Broken is set when the frontmatter could not be read at all or lacks
	// a required field: the document exists (references to it resolve) but
	// cannot be rendered.
	Broken bool

	pos positions // where each field and item was written (see PosOf)

	// dropped: DropBody let go of Body, which held text (text) or only
	// white space.
	dropped, text bool
}

// ErrChanged is ReadBody's error when the file no longer holds the body
// it held when it was read.
var ErrChanged = errors.New("the file changed while the site was being built")

// DropBody lets go of the body's text, which is most of what a document
// holds: ReadBody reads it again from the file when it is needed. A run
// that converts each body once, late (`kokeilu build`), need not hold a
// whole site's text.
func (d *Document) DropBody() {
	if d.dropped {
		return
	}
	d.text = len(bytes.TrimSpace(d.Body)) > 0
	d.dropped, d.Body = true, nil
}

// HasText reports whether the document has a body to render: text that
// is not only white space and that passed the body checks.
func (d *Document) HasText() bool {
	if d.dropped {
		return d.text
	}
	return len(bytes.TrimSpace(d.Body)) > 0
}

// ReadBody returns the body: the one held, or, after DropBody, the one
// read again from the file in fsys (the site root it was read from). The
// file must hold the same body as before (ErrChanged): what was checked
// is what is rendered.
func (d *Document) ReadBody(fsys fs.FS) ([]byte, error) {
	if !d.dropped {
		return d.Body, nil
	}
	if !d.text {
		return nil, nil
	}
	data, err := fs.ReadFile(fsys, d.Path)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, bom)
	if d.BodyAt > len(data) || bodyHash(data[d.BodyAt:]) != d.BodyHash {
		return nil, ErrChanged
	}
	return data[d.BodyAt:], nil
}

// SameFront reports whether two readings of one file differ at most in
// their bodies: the same frontmatter, so the same fields, positions and
// problems in it, and neither is broken by its body.
func SameFront(a, b *Document) bool {
	return a.Path == b.Path && a.FrontHash != 0 && a.FrontHash == b.FrontHash && a.Broken == b.Broken
}

// PosOf returns where a field was written, or the frontmatter's start when
// the field is absent (the place to add it).
func (d *Document) PosOf(field string) Pos {
	if p, ok := d.pos.field(field); ok {
		return p
	}
	return d.FrontPos
}

// Has reports whether the frontmatter gives the field.
func (d *Document) Has(field string) bool {
	_, ok := d.pos.field(field)
	return ok
}

// ItemPosOf returns where item i of a list field was written; for a field
// written as one value, item 0 is where the value starts.
func (d *Document) ItemPosOf(field string, i int) Pos {
	if p, ok := d.pos.item(field, i); ok {
		return p
	}
	return d.PosOf(field)
}

// markBad records that a field was written but could not be read.
func (d *Document) markBad(field string) {
	if d.Bad == nil {
		d.Bad = map[string]bool{}
	}
	d.Bad[field] = true
}

// Link is an external link listed in an experiment's frontmatter.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Meta is the frontmatter of every kind in one struct, and its tags are
// the one declaration of each kind's schema (read in schema.go): the
// kokeilu tag names the field and says what holds for it everywhere, a tag
// named after a kind makes that kind accept it. Fields are listed in the
// order of the open-data columns, which is also each kind's field order.
// Dates are UTC midnight; the zero time means unset.
type Meta struct {
	Name               string    `kokeilu:"name" contact:"required"`
	Title              string    `kokeilu:"title" experiment:"required,data" campaign:"required" contact:"required" tag:"required" page:"required"` // for a contact, the person's role
	Slug               string    `kokeilu:"slug,slug" experiment:"" campaign:"" contact:"" tag:"" page:""`                                          // the URL segment in its language; default: the file's slug
	Summary            string    `kokeilu:"summary" experiment:"required,data" campaign:"" page:""`
	Date               time.Time `kokeilu:"date,neutral" experiment:"required,data"`       // published
	Updated            time.Time `kokeilu:"updated" experiment:"data" campaign:"" page:""` // last changed
	Status             string    `kokeilu:"status,neutral,enum=idea|running|completed" experiment:"required,data"`
	Municipalities     []string  `kokeilu:"municipalities,neutral,municipalities,was=municipality" experiment:"data"` // keys of package municipality: lahti
	Organisation       string    `kokeilu:"organisation" experiment:"data" contact:"required"`
	Role               string    `kokeilu:"role,neutral,enum=experimenter|influencer" experiment:"data"`
	Start              time.Time `kokeilu:"start,neutral" experiment:"data" campaign:"required"`
	End                time.Time `kokeilu:"end,neutral" experiment:"data" campaign:"required"`
	Campaign           string    `kokeilu:"campaign,neutral,slug,ref=campaign" experiment:"data"`
	Tags               []string  `kokeilu:"tags,neutral,ref=tag" experiment:"required,data"`
	Contacts           []string  `kokeilu:"contacts,neutral,ref=contact" experiment:"data" campaign:""`
	Savings            string    `kokeilu:"savings" experiment:"data"`
	Failday            bool      `kokeilu:"failday,neutral" experiment:"data"`
	Lesson             string    `kokeilu:"lesson" experiment:"data"`
	Links              []Link    `kokeilu:"links" experiment:"data"`
	Theme              string    `kokeilu:"theme" campaign:""`
	Hashtag            string    `kokeilu:"hashtag" campaign:""`
	Organisers         []string  `kokeilu:"organisers" campaign:""`
	Registration       string    `kokeilu:"registration,url" campaign:""`
	RegistrationOpens  time.Time `kokeilu:"registration_opens,neutral" campaign:""`  // the first day to sign up; unset: at once
	RegistrationCloses time.Time `kokeilu:"registration_closes,neutral" campaign:""` // the last day to sign up; unset: the day before the week starts
	Email              string    `kokeilu:"email,neutral,email" contact:""`
	Phone              string    `kokeilu:"phone,neutral" contact:""`
	Form               string    `kokeilu:"form,neutral,enum=registration|lesson" page:""` // a Netlify form the page shows under its text (layouts/partials/forms.html)
	Themes             []string  `kokeilu:"themes,neutral,ref=tag" page:""`                // the tags a registration form offers as themes
	Draft              bool      `kokeilu:"draft" experiment:"" campaign:"" contact:"" tag:"" page:""`
	RawHTML            bool      `kokeilu:"rawhtml" experiment:"" campaign:"" contact:"" tag:"" page:""` // let raw HTML in the body through
}
