package content

// Decoding: the frontmatter mapping, checked key by key against the
// kind's schema, into Meta (see parse.go for reading the file).

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kokeilu/kokeilu/internal/municipality"
	"github.com/kokeilu/kokeilu/internal/plaintext"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// decode checks every key of the frontmatter mapping against the kind's
// schema and stores the values in d.Meta. lineOff is the line of the
// opening delimiter: node lines count from the line after it.
func (d *Document) decode(root *yaml.Node, lineOff int, probs *problem.List) {
	pos := func(n *yaml.Node) Pos { return Pos{n.Line + lineOff, n.Column} }
	m := root
	if m.Kind == yaml.DocumentNode && len(m.Content) > 0 {
		m = m.Content[0]
	}
	fields := SchemaOf(d.Kind)
	if m.Kind == 0 || (m.Kind == yaml.ScalarNode && m.Tag == "!!null") {
		m = &yaml.Node{Kind: yaml.MappingNode}
	}
	if m.Kind != yaml.MappingNode {
		probs.Errorf(d.Path, d.FrontPos.Line+1, 1, "write one field per line: title: My title",
			"the frontmatter must be a list of fields")
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		p := pos(k)
		name := k.Value
		if d.Has(name) {
			probs.Errorf(d.Path, p.Line, p.Col, fmt.Sprintf("remove one of them (the first is on line %d)", d.PosOf(name).Line),
				"the field %q is given twice", name)
			continue
		}
		f, ok := fields.Lookup(name)
		if nf, renamed := fields.Renamed(name); !ok && renamed {
			d.renamed(nf, k, v, pos, probs)
			continue
		}
		if !ok {
			probs.Errorf(d.Path, p.Line, p.Col, unknownHint(name, fields),
				"%s has no field %q", d.Kind.Article(), name)
			continue
		}
		d.pos.setField(name, p)
		if v.Kind == yaml.ScalarNode {
			d.pos.setItems(name, []Pos{pos(v)}) // where the value itself starts
		}
		d.set(f, v, pos, probs)
	}
	for f := range fields.All() {
		if !f.Required {
			continue
		}
		if !d.Has(f.Name) {
			d.Broken = true
			probs.Errorf(d.Path, d.FrontPos.Line, d.FrontPos.Col,
				fmt.Sprintf("add a line `%s: …` (%s) between the --- lines", f.Name, describe(f)),
				"the required field %q is missing", f.Name)
		}
	}
	if d.Kind == Experiment || d.Kind == Campaign {
		if !d.Meta.Start.IsZero() && !d.Meta.End.IsZero() && d.Meta.End.Before(d.Meta.Start) {
			p := d.PosOf("end")
			probs.Errorf(d.Path, p.Line, p.Col, "check the dates: end must be on or after start",
				"the end date %s is before the start date %s", d.Meta.End.Format("2006-01-02"), d.Meta.Start.Format("2006-01-02"))
		}
	}
	if d.Kind == Campaign {
		opens, closes := d.Meta.RegistrationOpens, d.Meta.RegistrationCloses
		if !opens.IsZero() && !closes.IsZero() && closes.Before(opens) {
			p := d.PosOf("registration_closes")
			probs.Errorf(d.Path, p.Line, p.Col, "check the dates: registration_closes must be on or after registration_opens",
				"sign-up closes on %s, before it opens on %s", closes.Format("2006-01-02"), opens.Format("2006-01-02"))
		}
		if !closes.IsZero() && !d.Meta.End.IsZero() && closes.After(d.Meta.End) {
			p := d.PosOf("registration_closes")
			probs.Errorf(d.Path, p.Line, p.Col, "let sign-up close by the week's last day ("+d.Meta.End.Format("2006-01-02")+")",
				"sign-up closes on %s, after the week has ended", closes.Format("2006-01-02"))
		}
	}
	if d.Kind == Experiment && d.Meta.Failday && strings.TrimSpace(d.Meta.Lesson) == "" {
		p := d.PosOf("failday")
		probs.Errorf(d.Path, p.Line, p.Col, "add `lesson:` with what failed and what was learned, or remove `failday: true`",
			"an experiment on the Day for Failure needs a lesson")
	}
}

// Dates outside these years are refused: the sites' experiments are from
// this century, and a year like 0001 or 218 is a typing mistake or a
// tool's empty date, which would be shown as 1.1.1.
const minYear, maxYear = 1900, 9999

const rawHint = "remove the character: it cannot be shown (it often comes with text copied from another program)"

func unknownHint(name string, fields Schema) string {
	names := fields.Names()
	if n := nearest(name, names); n != "" {
		return fmt.Sprintf("did you mean %q?", n)
	}
	return "the fields are: " + strings.Join(names, ", ")
}

// set decodes one value into d.Meta according to its field type.
func (d *Document) set(f Field, v *yaml.Node, pos func(*yaml.Node) Pos, probs *problem.List) {
	p := pos(v)
	bad := func(hint, format string, args ...any) {
		d.markBad(f.Name)
		probs.Errorf(d.Path, p.Line, p.Col, hint, format, args...)
	}
	scalar := func() (string, bool) {
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		if v.Kind != yaml.ScalarNode {
			bad(fmt.Sprintf("write %s", describe(f)), "%s should be %s", f.Name, describe(f))
			return "", false
		}
		if v.Tag == "!!null" {
			if f.Required {
				bad(fmt.Sprintf("write %s after `%s:`", describe(f), f.Name), "%s is empty", f.Name)
			}
			return "", false
		}
		if r, ok := plaintext.Find(v.Value); !ok {
			bad(plaintext.Hint, "%s holds %s", f.Name, plaintext.Name(r))
			return "", false
		}
		return v.Value, true
	}
	target := f.Ptr(&d.Meta)
	switch f.Type {
	case TextField, EnumField, SlugField, URLField, EmailField:
		s, ok := scalar()
		if !ok {
			return
		}
		s = strings.TrimSpace(s)
		if f.Required && s == "" {
			bad(fmt.Sprintf("write the %s after `%s:`", f.Name, f.Name), "%s is empty", f.Name)
			return
		}
		switch {
		case f.Type == EnumField && !contains(f.Enum, s):
			hint := "use one of: " + strings.Join(f.Enum, ", ")
			if n := nearest(s, f.Enum); n != "" {
				hint = fmt.Sprintf("did you mean %q? (one of: %s)", n, strings.Join(f.Enum, ", "))
			}
			bad(hint, "%q is not a valid %s", s, f.Name)
			return
		case f.Type == SlugField && s != "" && !ValidSlug(s):
			bad("use lower-case letters a-z, digits and hyphens, e.g. "+suggestSlug(s), "%q is not a valid %s", s, f.Name)
			return
		case f.Type == URLField && s != "" && !validURL(s):
			bad("write the full address, e.g. https://example.fi/page", "%q is not a web address", s)
			return
		case f.Type == EmailField && s != "" && !validEmail(s):
			bad("write it like name@example.fi", "%q is not an email address", s)
			return
		}
		*target.(*string) = s
	case DateField:
		s, ok := scalar()
		if !ok {
			return
		}
		if v.Tag == "!!time" {
			bad("write the day as YYYY-MM-DD, e.g. 2018-05-14", "%s is a time of day, not a date", s)
			return
		}
		t, ok := ParseDate(s)
		if !ok {
			if iso, ok := looseDate(s); ok {
				// 30.11.2026 or 2026-11-3: the date is clear, its form is not the one files use.
				bad("write it as "+iso+": year, month and day, with two digits for the month and the day",
					"%q is a date, but not written as YYYY-MM-DD", s)
				return
			}
			bad("write dates as YYYY-MM-DD, e.g. 2018-05-14", "%q is not a real date", s)
			return
		}
		if t.Year() < minYear || t.Year() > maxYear {
			bad(fmt.Sprintf("write a year from %d to %d, e.g. 2018-05-14: an earlier one is most likely a typing mistake", minYear, maxYear),
				"%s is in the year %d", s, t.Year())
			return
		}
		*target.(*time.Time) = t
	case BoolField:
		s, ok := scalar()
		if !ok {
			return
		}
		switch strings.ToLower(s) {
		case "true":
			*target.(*bool) = true
		case "false":
			*target.(*bool) = false
		default:
			bad("write true or false", "%s should be true or false, not %q", f.Name, s)
		}
	case ListField:
		items, ps := d.strings(f, v, pos, probs)
		if f.Municipalities {
			items, ps = d.municipalities(f, items, ps, probs)
		}
		*target.(*[]string) = items
		d.pos.setItems(f.Name, ps)
		if f.Required && len(items) == 0 && !d.Bad[f.Name] {
			bad(fmt.Sprintf("list at least one, e.g. %s: [a, b]", f.Name), "%s is empty", f.Name)
		}
	case LinksField:
		*target.(*[]Link) = d.links(v, pos, probs)
	}
}

// municipalities keeps the items that are municipality keys and reports
// the others at their place, with the key they most likely mean.
func (d *Document) municipalities(f Field, items []string, ps []Pos, probs *problem.List) ([]string, []Pos) {
	list, err := municipality.Load()
	if err != nil {
		p := d.PosOf(f.Name)
		probs.Errorf(d.Path, p.Line, p.Col, "this is a bug in kokeilu: report it", "the municipality list cannot be read: %v", err)
		return nil, nil
	}
	var keys []string
	var kps []Pos
	for i, s := range items {
		if _, ok := list.Lookup(s); !ok {
			d.markBad(f.Name)
			probs.Errorf(d.Path, ps[i].Line, ps[i].Col, municipalityHint(list, s), "%q is not a municipality key", s)
			continue
		}
		if slices.Contains(keys, s) {
			d.markBad(f.Name)
			probs.Errorf(d.Path, ps[i].Line, ps[i].Col, "remove one of them", "the municipality %s is listed twice", s)
			continue
		}
		keys, kps = append(keys, s), append(kps, ps[i])
	}
	return keys, kps
}

func municipalityHint(list *municipality.List, s string) string {
	const keys = "keys are the Finnish names in lower case, with a for ä and å, o for ö and hyphens for spaces (internal/municipality/municipalities.csv)"
	if k := list.Suggest(s); k != "" {
		return fmt.Sprintf("did you mean %q? (%s)", k, keys)
	}
	return "write a municipality's key: " + keys
}

// renamed reports a field written under its former name, with the line
// to write instead: for municipality: Lahtis, municipalities: [lahti].
func (d *Document) renamed(f Field, k, v *yaml.Node, pos func(*yaml.Node) Pos, probs *problem.List) {
	p := pos(k)
	hint := fmt.Sprintf("write `%s:` instead (%s)", f.Name, describe(f))
	if f.Municipalities {
		hint = "write the municipalities' keys instead, e.g. `municipalities: [lahti, hollola]` (the same in every translation)"
		if list, err := municipality.Load(); err == nil && v.Kind == yaml.ScalarNode {
			var keys []string
			for part := range strings.SplitSeq(v.Value, ",") {
				if key := list.Suggest(strings.TrimSpace(part)); key != "" && !slices.Contains(keys, key) {
					keys = append(keys, key)
				}
			}
			if len(keys) > 0 {
				hint = fmt.Sprintf("write `%s: [%s]` instead (municipality keys, the same in every translation)", f.Name, strings.Join(keys, ", "))
			}
		}
	}
	d.markBad(f.Name)
	probs.Errorf(d.Path, p.Line, p.Col, hint, "the field %q is now %q", k.Value, f.Name)
}

// strings decodes a list of text items; a single item may be written
// without brackets.
func (d *Document) strings(f Field, v *yaml.Node, pos func(*yaml.Node) Pos, probs *problem.List) ([]string, []Pos) {
	var nodes []*yaml.Node
	switch {
	case v.Kind == yaml.SequenceNode:
		nodes = v.Content
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		return nil, nil
	case v.Kind == yaml.ScalarNode:
		nodes = []*yaml.Node{v}
	default:
		p := pos(v)
		d.markBad(f.Name)
		probs.Errorf(d.Path, p.Line, p.Col, "write a list like [a, b]", "%s should be a list", f.Name)
		return nil, nil
	}
	var items []string
	var ps []Pos
	for _, n := range nodes {
		p := pos(n)
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
			d.markBad(f.Name)
			probs.Errorf(d.Path, p.Line, p.Col, "write each item as plain text", "an item of %s is empty or not text", f.Name)
			continue
		}
		if r, ok := plaintext.Find(n.Value); !ok {
			d.markBad(f.Name)
			probs.Errorf(d.Path, p.Line, p.Col, plaintext.Hint, "an item of %s holds %s", f.Name, plaintext.Name(r))
			continue
		}
		items = append(items, strings.TrimSpace(n.Value))
		ps = append(ps, p)
	}
	return items, ps
}

func (d *Document) links(v *yaml.Node, pos func(*yaml.Node) Pos, probs *problem.List) []Link {
	const hint = "write each link as `- title: Name` and `  url: https://…` on the next line"
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		p := pos(v)
		probs.Errorf(d.Path, p.Line, p.Col, hint, "links should be a list")
		return nil
	}
	var out []Link
	for _, n := range v.Content {
		p := pos(n)
		var l Link
		bad := false
		switch n.Kind {
		case yaml.ScalarNode:
			l = Link{Title: n.Value, URL: n.Value}
			if r, ok := plaintext.Find(n.Value); !ok {
				probs.Errorf(d.Path, p.Line, p.Col, plaintext.Hint, "the link holds %s", plaintext.Name(r))
				bad = true
			}
		case yaml.MappingNode:
			first := map[string]int{} // a field's line, to report it given twice
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, val := n.Content[i].Value, n.Content[i+1]
				if line, dup := first[k]; dup {
					kp := pos(n.Content[i])
					probs.Errorf(d.Path, kp.Line, kp.Col, fmt.Sprintf("remove one of them (the first is on line %d)", line),
						"the link's field %q is given twice", k)
					bad = true
					continue
				}
				first[k] = pos(n.Content[i]).Line
				if r, ok := plaintext.Find(val.Value); !ok {
					vp := pos(val)
					probs.Errorf(d.Path, vp.Line, vp.Col, plaintext.Hint, "the link's %s holds %s", k, plaintext.Name(r))
					bad = true
				}
				switch k {
				case "title":
					l.Title = strings.TrimSpace(val.Value)
				case "url":
					l.URL = strings.TrimSpace(val.Value)
				default:
					kp := pos(n.Content[i])
					probs.Errorf(d.Path, kp.Line, kp.Col, hint, "a link has no field %q", k)
				}
			}
		default:
			probs.Errorf(d.Path, p.Line, p.Col, hint, "a link should have a title and a url")
			continue
		}
		if bad {
			continue
		}
		if !validURL(l.URL) {
			probs.Errorf(d.Path, p.Line, p.Col, "write the full address, e.g. https://example.fi/page", "the link %q has no valid url", l.Title)
			continue
		}
		if l.Title == "" {
			l.Title = l.URL
		}
		out = append(out, l)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggestSlug turns a name into a slug an editor could use instead.
func suggestSlug(s string) string {
	r := strings.NewReplacer("ä", "a", "å", "a", "ö", "o", "Ä", "a", "Å", "a", "Ö", "o", "ü", "y", "é", "e")
	s = strings.ToLower(r.Replace(s))
	var b strings.Builder
	dash := false
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" || digitsRE.MatchString(out) {
		out = "page-" + out
	}
	return strings.TrimSuffix(out, "-")
}
