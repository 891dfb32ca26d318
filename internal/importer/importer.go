// Package importer turns a Netlify Forms submissions export (the CSV file
// of "Download as CSV" on a form's page) into draft content files: an
// experiment per submission in every language of site.yaml, and a contact
// for each new sender.
//
// Input: the site (an fs.FS of the site root, for site.yaml and the slugs
// that exist) and the CSV's bytes. Output: the files to write, or every
// problem with the CSV at its line and column. The three forms
// (registration, campaign-signup, lesson) are told apart by their columns.
// Plan decides everything and writes nothing; Write writes the planned
// files under content/ and never replaces one. A CSV with any error gives
// no files at all, so an editor fixes the CSV and runs the import again
// without half an import to clean up.
//
// Both files of a submission hold the submitter's text, so the
// language-neutral fields are identical by construction; the body of each
// starts with a note saying what the editor has to do (check, translate,
// publish). Every value is written as a quoted YAML scalar and every text
// as escaped Markdown, and each file is parsed again with package content
// before it is planned: what a submitter typed can never become a field,
// a comment, a link or the end of the frontmatter.
package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/mail"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/municipality"
	"github.com/kokeilu/kokeilu/internal/plaintext"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// Limits on what one import reads.
const (
	MaxCSV     = 16 << 20 // bytes of the whole file
	maxLine    = 300      // runes of a one-line field (a name, an organisation)
	maxLong    = 50_000   // bytes of a text field (a description)
	maxTitle   = 90       // runes of a title made from a longer text
	maxSummary = 200      // runes of a summary made from the first sentence
)

// Site is what an import needs to know of the site: its languages and the
// slugs that exist, so that references resolve and nothing is overwritten.
type Site struct {
	Langs     []string // site.yaml's codes, in its order
	Tags      []string // slugs of content/tags/, sorted
	Campaigns []string // slugs of content/campaigns/, sorted
	// experiments and contacts are the slugs taken in any language.
	experiments map[string]bool
	contacts    map[string]bool
	byEmail     map[string]string // an existing contact's email, lower case → its slug
	munis       *municipality.List
}

// ReadSite reads site.yaml and lists content/ for the slugs in use.
func ReadSite(fsys fs.FS, probs *problem.List) *Site {
	data, err := fs.ReadFile(fsys, content.ConfigFile)
	if err != nil {
		probs.Errorf(content.ConfigFile, 0, 0, "run kokeilu import in the site's folder, or give -src", "cannot read the site's configuration")
		return nil
	}
	cfg := content.ParseConfig(data, probs)
	if cfg == nil || probs.HasErrors() {
		return nil
	}
	munis, err := municipality.Load()
	if err != nil {
		probs.Errorf("internal/municipality/municipalities.csv", 0, 0, "", "%v", err)
		return nil
	}
	s := &Site{Langs: cfg.Codes(), experiments: map[string]bool{}, contacts: map[string]bool{},
		byEmail: map[string]string{}, munis: munis}
	slugs := func(k content.Kind) map[string]bool {
		out := map[string]bool{}
		entries, _ := fs.ReadDir(fsys, path.Join("content", k.Folder()))
		for _, e := range entries {
			if slug, _, ok := content.SplitName(e.Name()); ok && !e.IsDir() && strings.HasSuffix(e.Name(), ".md") {
				out[strings.TrimSuffix(slug, ".md")] = true
			}
		}
		return out
	}
	s.Tags = slices.Sorted(maps.Keys(slugs(content.Tag)))
	s.Campaigns = slices.Sorted(maps.Keys(slugs(content.Campaign)))
	s.experiments = slugs(content.Experiment)
	s.contacts = slugs(content.Contact)
	for slug := range s.contacts {
		for _, lang := range s.Langs {
			p := path.Join("content", content.Contact.Folder(), slug+"."+lang+".md")
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				continue
			}
			d := content.ParseFile(p, data, s.Langs, &problem.List{})
			if d != nil && d.Meta.Email != "" {
				if old, ok := s.byEmail[strings.ToLower(d.Meta.Email)]; !ok || slug < old {
					s.byEmail[strings.ToLower(d.Meta.Email)] = slug
				}
			}
		}
	}
	return s
}

// Options are an import's settings.
type Options struct {
	File  string    // the CSV's name in problems, as the editor gave it
	Form  string    // registration, campaign-signup or lesson; "" to tell from the columns
	Today time.Time // the date of a submission whose export has no created_at column
}

// A File is one file to write, by its slash path from the site root.
type File struct {
	Path, Text string
}

// Result is a planned import.
type Result struct {
	Form        string
	Files       []File // experiments, then contacts, in the CSV's order
	Experiments int    // submissions imported
	Contacts    int    // contacts new to the site
	Skipped     int    // rows left out as spam (bot-field filled in)
}

// A cell is one value with where it starts in the CSV.
type cell struct {
	v         string
	line, col int
}

// A submission is one data row with its values by column name.
type submission struct {
	row   int // the row as a spreadsheet numbers it: the header is row 1
	line  int // the file line the row starts on
	cells map[string]cell
}

func (s submission) get(name string) string { return s.cells[name].v }

// planner holds one Plan's state.
type planner struct {
	site   *Site
	opt    Options
	probs  *problem.List
	form   form
	header map[string]int

	experiments, contacts map[string]bool
	byEmail               map[string]string
	res                   *Result
	contactFiles          []File
}

// Plan reads the CSV and returns the files it maps to. When probs gets an
// error, the result has no files: every problem of the CSV is reported at
// once, and nothing is to be written.
func Plan(site *Site, data []byte, opt Options, probs *problem.List) *Result {
	local := &problem.List{}
	p := &planner{site: site, opt: opt, probs: local, res: &Result{},
		experiments: maps.Clone(site.experiments), contacts: maps.Clone(site.contacts),
		byEmail: maps.Clone(site.byEmail)}
	p.plan(data)
	probs.Merge(local)
	if local.HasErrors() {
		p.res.Files, p.res.Experiments, p.res.Contacts = nil, 0, 0
	}
	return p.res
}

func (p *planner) errorf(line, col int, hint, format string, args ...any) {
	p.probs.Errorf(p.opt.File, line, col, hint, format, args...)
}

func (p *planner) plan(data []byte) {
	if len(data) > MaxCSV {
		p.errorf(0, 0, "export fewer submissions at a time", "the file is larger than %d MB", MaxCSV>>20)
		return
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		line, col := problem.LineCol(data, off)
		p.errorf(line, col, "download the CSV from Netlify again, or save it as UTF-8 text", "the file is not UTF-8 text")
		return
	}
	cols := newColumns(data)
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		p.csvError(err, "the file has no header row with the form's field names")
		return
	}
	if !p.readHeader(header) {
		return
	}
	for row := 2; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			p.csvError(err, "")
			return
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && rec[0] == "" {
			continue // a blank line
		}
		if len(rec) != len(header) {
			p.errorf(line, 0, "download the CSV from Netlify again; each row has a value (perhaps empty) for every column",
				"row %d has %d values, but the header has %d columns", row, len(rec), len(header))
			continue
		}
		s := submission{row: row, line: line, cells: map[string]cell{}}
		for name, i := range p.header {
			l, c := r.FieldPos(i)
			s.cells[name] = cell{strings.TrimSpace(rec[i]), l, cols.runeCol(l, c)}
		}
		p.submission(s)
	}
	p.res.Files = append(p.res.Files, p.contactFiles...)
}

func (p *planner) csvError(err error, hint string) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if hint == "" {
			hint = `download the CSV from Netlify again; a value with a quote (") is written in quotes, its quotes doubled`
		}
		p.errorf(pe.Line, pe.Column, hint, "the CSV cannot be read: %v", pe.Err)
		return
	}
	if err == io.EOF {
		p.errorf(0, 0, hint, "the file is empty")
		return
	}
	p.errorf(0, 0, hint, "the CSV cannot be read: %v", err)
}

// readHeader finds the form and its columns in the header row.
func (p *planner) readHeader(header []string) bool {
	p.header = map[string]int{}
	ok := true
	for i, h := range header {
		name := headerName(h)
		if j, dup := p.header[name]; dup {
			p.errorf(1, 0, "download the CSV from Netlify again", "the columns %d and %d are both %q", j+1, i+1, name)
			ok = false
		}
		p.header[name] = i
	}
	if p.opt.Form != "" {
		f, found := formNamed(p.opt.Form)
		if !found {
			p.errorf(0, 0, "use -form "+strings.Join(FormNames(), ", -form "), "there is no form %q", p.opt.Form)
			return false
		}
		p.form = f
	} else if f, found := recognise(p.header); found {
		p.form = f
	} else {
		p.errorf(1, 0, "export the submissions of one form ("+strings.Join(FormNames(), ", ")+"), or name it with -form",
			"the columns are not those of any of the site's forms")
		return false
	}
	p.res.Form = p.form.name
	for _, c := range p.form.columns {
		if _, has := p.header[c.name]; !has && c.required {
			p.errorf(1, 0, fmt.Sprintf("the %s form's export has the columns %s; download it again from the form's page in Netlify", p.form.name, p.form.names()),
				"there is no column %q", c.name)
			ok = false
		}
	}
	return ok
}

// submission checks one row and plans its files.
func (p *planner) submission(s submission) {
	bad := false
	at := func(name, hint, format string, args ...any) {
		c, ok := s.cells[name]
		if !ok {
			c = cell{line: s.line}
		}
		p.errorf(c.line, c.col, hint, "row %d, %s: %s", s.row, name, fmt.Sprintf(format, args...))
		bad = true
	}
	if v := s.get("bot_field"); v != "" {
		p.probs.Warnf(p.opt.File, s.line, 0, "nothing to do: such rows are never imported",
			"row %d was filled in by a spam bot (bot-field is not empty); it is left out", s.row)
		p.res.Skipped++
		return
	}
	for _, c := range p.form.columns {
		v := s.get(c.name)
		if r, ok := plaintext.Find(v); !ok {
			at(c.name, "remove the character from the CSV: "+plaintext.Hint, "the value holds %s", plaintext.Name(r))
			continue
		}
		if v == "" {
			if c.required {
				if c.value == consent {
					at(c.name, "only a submission whose sender agreed to its publication can be imported: take the row out of the CSV",
						"the sender did not agree to publication (consent is empty); the row is not imported")
				} else {
					at(c.name, "fill it in from the sender, or take the row out of the CSV", "the value is empty")
				}
			}
			continue
		}
		switch c.value {
		case line:
			if utf8.RuneCountInString(v) > maxLine {
				at(c.name, "shorten it in the CSV", "the value is longer than %d characters", maxLine)
			}
		case long:
			if len(v) > maxLong {
				at(c.name, "shorten it in the CSV; a longer text belongs in a document the page links to", "the text is longer than %d bytes", maxLong)
			}
		case email:
			if !validEmail(v) {
				at(c.name, "write it like name@example.fi", "%q is not an email address", v)
			}
		case muniKey:
			if _, ok := p.site.munis.Lookup(v); !ok {
				hint := "write the municipality's key: its Finnish name in lower case, a for ä and å, o for ö (lahti, pedersoren-kunta)"
				if k := p.site.munis.Suggest(v); k != "" {
					hint = fmt.Sprintf("did you mean %q? %s", k, hint)
				}
				at(c.name, hint, "%q is not a municipality key", v)
			}
		case roleValue:
			if !slices.Contains([]string{"experimenter", "influencer", "both"}, strings.ToLower(v)) {
				at(c.name, "write experimenter, influencer or both", "%q is not a role", v)
			}
		case themeList:
			for _, t := range themes(v) {
				if !slices.Contains(p.site.Tags, t) {
					hint := "the themes are the slugs of content/tags/"
					if n := content.Nearest(t, p.site.Tags); n != "" {
						hint = fmt.Sprintf("did you mean %q? %s", n, hint)
					}
					at(c.name, hint, "%q is not a theme of the site", t)
				}
			}
		case campaign:
			if !slices.Contains(p.site.Campaigns, v) {
				hint := "the campaign weeks are the slugs of content/campaigns/"
				if n := content.Nearest(v, p.site.Campaigns); n != "" {
					hint = fmt.Sprintf("did you mean %q? %s", n, hint)
				}
				at(c.name, hint, "%q is not a campaign week of the site", v)
			}
		case consent:
			if !strings.EqualFold(v, "yes") {
				at(c.name, "only a submission whose sender agreed to its publication can be imported: take the row out of the CSV",
					"the sender did not agree to publication (consent is %q, not yes); the row is not imported", v)
			}
		case langCode:
			if !slices.Contains(p.site.Langs, v) {
				at(c.name, "the site's languages are "+strings.Join(p.site.Langs, ", ")+" (content/site.yaml)", "%q is not a language of the site", v)
			}
		}
	}
	date := p.opt.Today
	if c, ok := s.cells["created_at"]; ok && c.v != "" {
		d, ok := content.ParseDate(c.v[:min(len(c.v), 10)])
		if !ok {
			at("created_at", "the export writes it like 2018-05-14T09:30:00Z", "%q is not a date", c.v)
		}
		date = d
	}
	if bad {
		return
	}
	p.files(s, date)
}

// themes splits a checkbox group's value. Netlify keeps the boxes ticked
// as one value, the values joined with commas.
func themes(v string) []string {
	var out []string
	for t := range strings.FieldsFuncSeq(v, func(r rune) bool { return r == ',' || r == ';' }) {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// validEmail is content's rule for the email field.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && !strings.ContainsAny(s, " <>")
}

// columns converts the byte columns encoding/csv reports into the rune
// columns editors count.
type columns struct {
	data   []byte
	starts []int // the offset of each line's start
}

func newColumns(data []byte) columns {
	c := columns{data: data, starts: []int{0}}
	for i, b := range data {
		if b == '\n' {
			c.starts = append(c.starts, i+1)
		}
	}
	return c
}

func (c columns) runeCol(line, col int) int {
	if line < 1 || line > len(c.starts) || col < 1 {
		return col
	}
	start := c.starts[line-1]
	end := min(start+col-1, len(c.data))
	return utf8.RuneCount(c.data[start:end]) + 1
}
