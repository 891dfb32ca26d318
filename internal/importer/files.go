package importer

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// placeholder fills a required field the forms do not ask for (a contact's
// title); the note in the body says what to write instead.
const placeholder = "TODO"

// front is a file's frontmatter: each field's value as YAML, and a comment
// for the editor after some of them.
type front struct {
	values   map[string]string
	comments map[string]string
}

func newFront() front { return front{map[string]string{}, map[string]string{}} }

func (f front) set(name, yaml string)      { f.values[name] = yaml }
func (f front) setText(name, value string) { f.values[name] = quote(value) }
func (f front) note(name, comment string)  { f.comments[name] = comment }
func (f front) setList(name string, items []string) {
	f.values[name] = "[" + strings.Join(items, ", ") + "]"
}

// render writes the frontmatter in the kind's schema order, so imported
// files read like the ones kokeilu new writes, then the body.
func (f front) render(kind content.Kind, body string) string {
	var b strings.Builder
	b.WriteString("---\n")
	for fld := range content.SchemaOf(kind).All() {
		v, ok := f.values[fld.Name]
		if !ok {
			continue
		}
		b.WriteString(fld.Name + ": " + v)
		if c := f.comments[fld.Name]; c != "" {
			b.WriteString("  # " + c)
		}
		b.WriteByte('\n')
	}
	b.WriteString("---\n\n")
	b.WriteString(body)
	b.WriteByte('\n')
	return b.String()
}

// todo is the note an editor sees first in a body: a Markdown quote.
func todo(format string, args ...any) string {
	return "> **TODO (kokeilu import):** " + markdown(oneLine(fmt.Sprintf(format, args...))) + "\n\n"
}

// files plans the experiment of one valid submission, in every language,
// and its contact when the sender is new to the site.
func (p *planner) files(s submission, date time.Time) {
	from := fmt.Sprintf("row %d of %s, a submission to the %s form", s.row, path.Base(strings.ReplaceAll(p.opt.File, `\`, "/")), p.form.name)
	lang := s.get("lang")
	exp := newFront()
	var text, title string
	var checks []string // what the editor is to check, beyond the text
	org := oneLine(s.get("organisation"))
	switch p.form.name {
	case "registration":
		title = org
		text = markdown(s.get("description"))
		exp.setText("summary", sentence(s.get("description"), maxSummary))
		exp.set("status", "idea")
		exp.setList("municipalities", []string{s.get("municipality")})
		switch role := strings.ToLower(s.get("role")); role {
		case "both":
			checks = append(checks, "the sender chose both roles, experimenter and influencer; role takes one, so it is left out: add the one that fits")
		default:
			exp.set("role", role)
		}
		exp.setList("tags", themes(s.get("themes")))
	case "campaign-signup":
		title = oneLine(s.get("experiment"))
		text = markdown(s.get("description"))
		exp.setText("summary", sentence(s.get("description"), maxSummary))
		exp.set("status", "idea")
		exp.set("campaign", s.get("campaign"))
		p.defaultTags(exp, &checks)
	case "lesson":
		title = strings.TrimSuffix(sentence(s.get("tried"), maxTitle), ".") // a title ends without a full stop
		text = markdown(s.get("tried")) + "\n\n" + markdown(s.get("failed"))
		exp.setText("summary", sentence(s.get("failed"), maxSummary))
		exp.set("status", "completed")
		exp.set("failday", "true")
		exp.setText("lesson", oneLine(s.get("learned")))
		p.defaultTags(exp, &checks)
	}
	title = cut(title, maxTitle)
	exp.setText("title", title)
	exp.set("date", date.Format("2006-01-02"))
	if org != "" {
		exp.setText("organisation", org)
	}
	contact, newContact := p.contact(s, org, from)
	exp.setList("contacts", []string{contact})
	exp.set("draft", "true")

	base := slugOf(title)
	if base == "" {
		base = slugOf(p.form.name)
	}
	slug := unique(base, p.experiments)
	var planned []File
	for _, l := range p.site.Langs {
		var body string
		if l == lang {
			body = todo("made from %s, written in %s. Check the text, the title and the summary%s; "+
				"then set draft: false here, in every translation and in the contact %s.",
				from, lang, checkList(checks), contact)
		} else {
			body = todo("translate this into %s: the title, the summary%s and this text are the sender's, in %s; "+
				"the draft was made from %s. Then set draft: false.", l, lessonWord(p.form.name), lang, from)
		}
		planned = append(planned, File{path.Join("content", content.Experiment.Folder(), slug+"."+l+".md"),
			exp.render(content.Experiment, body+text)})
	}
	if newContact != nil {
		planned = append(planned, newContact...)
	}
	if !p.valid(s, planned) {
		return
	}
	for _, f := range planned {
		if strings.HasPrefix(f.Path, "content/"+content.Contact.Folder()+"/") {
			p.contactFiles = append(p.contactFiles, f)
		} else {
			p.res.Files = append(p.res.Files, f)
		}
	}
	p.res.Experiments++
	if newContact != nil {
		p.res.Contacts++
	}
}

func checkList(checks []string) string {
	if len(checks) == 0 {
		return ""
	}
	return " (" + strings.Join(checks, "; ") + ")"
}

func lessonWord(form string) string {
	if form == "lesson" {
		return ", the lesson"
	}
	return ""
}

// defaultTags gives an experiment whose form asks no themes the site's
// first tag, as kokeilu new does, so that the draft is valid; the note
// asks the editor to choose.
func (p *planner) defaultTags(exp front, checks *[]string) {
	if len(p.site.Tags) == 0 {
		return // the self-check reports the missing tags
	}
	exp.setList("tags", []string{p.site.Tags[0]})
	exp.note("tags", "TODO: choose the themes (slugs of content/tags/)")
	*checks = append(*checks, "choose the themes: the form does not ask for them")
}

// contact returns the slug of the sender's contact: an existing one with
// the same email, else a new one, whose files it returns.
func (p *planner) contact(s submission, org, from string) (string, []File) {
	key := strings.ToLower(s.get("email"))
	if slug, ok := p.byEmail[key]; ok {
		return slug, nil
	}
	name := oneLine(s.get("contact_name"))
	base := slugOf(name)
	if base == "" {
		base = "contact"
	}
	slug := unique(base, p.contacts)
	p.byEmail[key] = slug
	c := newFront()
	c.setText("name", name)
	c.setText("title", placeholder)
	c.note("title", "TODO: the person's title in this file's language")
	if org == "" {
		org = placeholder
		c.note("organisation", "TODO: the person's organisation; the form left it empty")
	}
	c.setText("organisation", org)
	c.setText("email", s.get("email"))
	if ph := oneLine(s.get("phone")); ph != "" {
		c.setText("phone", ph)
	}
	c.set("draft", "true")
	var files []File
	for _, l := range p.site.Langs {
		body := todo("made from %s. Write the person's title in %s (the form does not ask for it) and publish "+
			"the contact only if the person agrees to be shown on the site.", from, l)
		files = append(files, File{path.Join("content", content.Contact.Folder(), slug+"."+l+".md"),
			c.render(content.Contact, strings.TrimSuffix(body, "\n\n"))})
	}
	return slug, files
}

// valid parses each planned file as the build will: a problem there is
// reported on the row, so a file kokeilu check would refuse is never
// written.
func (p *planner) valid(s submission, files []File) bool {
	for _, f := range files {
		probs := &problem.List{}
		d := content.ParseFile(f.Path, []byte(f.Text), p.site.Langs, probs)
		if errs := probs.Errors(); len(errs) > 0 || d == nil || d.Broken {
			msg := "the file cannot be read back"
			if len(errs) > 0 {
				msg = errs[0].Message
			}
			p.errorf(s.line, 0, "shorten or simplify the row's texts in the CSV",
				"row %d cannot become %s: %s", s.row, f.Path, msg)
			return false
		}
	}
	return true
}
