package content

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"

	"github.com/kokeilu/kokeilu/internal/plaintext"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// frontFormats decode YAML and TOML frontmatter into a yaml.Node tree, the
// one representation that keeps line and column of every key and value.
func frontFormats() []*frontmatter.Format {
	yamlNode := func(data []byte, v any) error {
		n := v.(*yaml.Node)
		if err := yaml.Unmarshal(data, n); err != nil {
			if strings.Contains(err.Error(), "exceeded max depth") {
				line, _ := syntaxError(err)
				return &limitError{line: max(line, 1), col: 1, msg: nestingMessage, hint: nestingHint}
			}
			return err
		}
		if len(n.Content) > 0 {
			if deep := tooDeep(n.Content[0], 0); deep != nil {
				return &limitError{line: deep.Line, col: deep.Column, msg: nestingMessage, hint: nestingHint}
			}
		}
		return nil
	}
	tomlNode := func(data []byte, v any) error {
		n, err := tomlToNode(data)
		if err != nil {
			return err
		}
		*v.(*yaml.Node) = *n
		return nil
	}
	return []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", yamlNode),
		frontmatter.NewFormat("---yaml", "---", yamlNode),
		frontmatter.NewFormat("+++", "+++", tomlNode),
		frontmatter.NewFormat("---toml", "---", tomlNode),
	}
}

// SplitName splits `slug.lang.md` into its parts.
func SplitName(name string) (slug, lang string, ok bool) {
	base, found := strings.CutSuffix(name, ".md")
	if !found {
		return "", "", false
	}
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return "", "", false
	}
	return base[:i], base[i+1:], true
}

// ParseFile reads one content file. file is its slash path from the site
// root (content/experiments/x.fi.md); langs are the site's language codes.
// It returns nil when the file cannot be a document at all (bad name or
// folder); problems go to probs in every case.
func ParseFile(file string, data []byte, langs []string, probs *problem.List) *Document {
	rel, _ := strings.CutPrefix(file, "content/")
	dir, name := path.Split(rel)
	kind, ok := KindOfFolder(strings.TrimSuffix(dir, "/"))
	if !ok {
		folders := make([]string, len(Kinds))
		for i, k := range Kinds {
			folders[i] = "content/" + k.Folder() + "/"
		}
		probs.Errorf(file, 0, 0, "move it into one of "+strings.Join(folders, ", "),
			"this file is not in a content folder kokeilu knows")
		return nil
	}
	slug, lang, ok := SplitName(name)
	if !ok {
		probs.Errorf(file, 0, 0, "name it like "+strings.TrimSuffix(name, ".md")+".fi.md and its translation .sv.md",
			"the file name has no language part")
		return nil
	}
	if !contains(langs, lang) {
		hint := "the site's languages are " + strings.Join(langs, ", ") + " (content/site.yaml)"
		probs.Errorf(file, 0, 0, hint, "unknown language %q in the file name", lang)
		return nil
	}
	if !ValidSlug(slug) {
		probs.Errorf(file, 0, 0, "use lower-case letters a-z, digits and hyphens, e.g. "+suggestSlug(slug)+"."+lang+".md",
			"the file name %q cannot be used in a web address", slug)
		return nil
	}
	h := fnv.New64a()
	h.Write(data)
	d := &Document{Path: file, Kind: kind, Slug: slug, Lang: lang, Hash: h.Sum64(),
		Pos: map[string]Pos{}, ItemPos: map[string][]Pos{}, Bad: map[string]bool{}}
	d.parse(data, probs)
	return d
}

func (d *Document) parse(data []byte, probs *problem.List) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		line, col := problem.LineCol(data, off)
		probs.Errorf(d.Path, line, col, "save the file as UTF-8 (most editors: File → Save with encoding)",
			"the file is not valid UTF-8 text")
		d.Broken = true
		return
	}
	// The frontmatter's opening line is the first non-blank line.
	first := 0
	for first < len(data) {
		end := bytes.IndexByte(data[first:], '\n')
		if end < 0 {
			end = len(data) - first
		}
		if len(bytes.TrimSpace(data[first:first+end])) > 0 {
			break
		}
		first += end + 1
	}
	openLine, _ := problem.LineCol(data, first)
	d.FrontPos = Pos{openLine, 1}

	var root yaml.Node
	// adrg/frontmatter copies all it reads into a buffer of its own; hand
	// it only the frontmatter, so that the body stays a slice of the file
	// as read and is not held twice.
	front, rest, inner := splitFront(data, first)
	// A control character typed into the file (not written as an escape)
	// is shown where it is; in the frontmatter, nothing else can be read.
	if line, col, msg, ok := badText(front); !ok {
		probs.Errorf(d.Path, line, col, rawHint, "%s", msg)
		if inner != nil {
			d.Broken = true
			return
		}
	}
	if line, col, msg, ok := badText(rest); !ok {
		frontLines := bytes.Count(front, []byte("\n"))
		if col > 0 && line == 1 && len(front) > 0 && front[len(front)-1] != '\n' {
			col += utf8.RuneCount(front[bytes.LastIndexByte(front, '\n')+1:])
		}
		probs.Errorf(d.Path, frontLines+line, col, rawHint, "%s", msg)
	}
	// The body is checked whatever the frontmatter holds (its links too,
	// later): every problem of the file in one run. Later steps never see
	// a body that would make them slow.
	keepBody := func() {
		d.Body = rest
		d.BodyLine, _ = problem.LineCol(data, len(data)-len(rest))
		if !d.checkBody(probs) {
			d.Broken = true
			d.Body = nil
		}
	}
	if len(inner) > MaxFrontmatter {
		probs.Errorf(d.Path, openLine, 1, "move long text into the body below the closing line "+strings.TrimSpace(firstLine(data[first:])),
			"the frontmatter is %d KB, more than the %d KB kokeilu reads", (len(inner)+1023)/1024, MaxFrontmatter>>10)
		d.Broken = true
		keepBody()
		return
	}
	_, err := frontmatter.MustParse(bytes.NewReader(front), &root, frontFormats()...)
	if err != nil {
		d.Broken = true
		var le *limitError
		if errors.As(err, &le) {
			probs.Errorf(d.Path, openLine+le.line, le.col, le.hint, "%s", le.msg)
			keepBody()
			return
		}
		if errors.Is(err, frontmatter.ErrNotFound) {
			opening := strings.TrimSpace(firstLine(data[min(first, len(data)):]))
			if opening == "---" || opening == "+++" {
				probs.Errorf(d.Path, openLine, 1, "end the frontmatter with a line of "+opening+" before the text",
					"the frontmatter is not closed")
			} else {
				probs.Errorf(d.Path, 1, 1, "start the file with a line ---, the fields (title: …), and another line ---",
					"the file has no frontmatter")
			}
			return
		}
		line, msg := syntaxError(err)
		hint := "check the indentation and quote text that contains a colon or starts with #, [ or {"
		if line == 0 {
			// yaml.v3 gives no line for some errors; the usual cause is an
			// unquoted colon in a value, which is easy to find.
			if l := unquotedColon(data[first:]); l > 0 {
				line = l - 1
				hint = `put the text in quotes: title: "Kokeilu: osa 2"`
			}
		}
		col := 0
		var te toml.ParseError
		if errors.As(err, &te) {
			// TOML says where on the line, and has no indentation rules.
			col = te.Position.Col
			hint = `check the quotes and brackets: text is "…" on one line, a list is ["a", "b"]`
		}
		probs.Errorf(d.Path, openLine+line, col, hint, "the frontmatter cannot be read: %s", msg)
		keepBody()
		return
	}
	d.decode(&root, openLine, probs)
	keepBody()
}

// limitError is frontmatter that is too large or nests too deep: a
// problem at a line and column counted from the line after the opening
// delimiter, with its own hint.
type limitError struct {
	line, col int
	msg, hint string
}

func (e *limitError) Error() string { return e.msg }

// Frontmatter is a handful of fields; these bounds are far above any real
// file and keep a hostile one from costing more than linear time: the TOML
// decoder has no depth limit of its own, and 32 KB of nested inline tables
// took it 2.7 GB and 19 s; YAML's parser stops only at 10,000 levels.
const (
	MaxFrontmatter = 64 << 10 // bytes between the delimiter lines
	maxFrontDepth  = 32       // lists and mappings (tables) inside each other
)

var (
	nestingMessage = fmt.Sprintf("the frontmatter nests lists and fields more than %d levels deep", maxFrontDepth)
	nestingHint    = "a field's value is text, a date, or a list like [a, b]; links need two levels"
)

// tooDeep returns the first list or mapping more than maxFrontDepth levels
// below n, or nil. It never goes deeper than that, and an alias is not
// followed: what it points to is checked where it is written.
func tooDeep(n *yaml.Node, depth int) *yaml.Node {
	if n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode {
		return nil
	}
	if depth > maxFrontDepth {
		return n
	}
	for _, c := range n.Content {
		if deep := tooDeep(c, depth+1); deep != nil {
			return deep
		}
	}
	return nil
}

var unquotedColonRE = regexp.MustCompile(`^\s*[A-Za-z_-]+:\s+[^"'\s\[{|>][^#]*:\s`)

// unquotedColon returns the 1-based line (counting the opening delimiter as
// line 1) of the first value with an unquoted ": " in it, or 0.
func unquotedColon(front []byte) int {
	for i, l := range bytes.Split(front, []byte("\n")) {
		if i > 0 && unquotedColonRE.Match(l) {
			return i + 1
		}
		if i > 0 && (string(bytes.TrimSpace(l)) == "---" || string(bytes.TrimSpace(l)) == "+++") {
			break
		}
	}
	return 0
}

// splitFront cuts data after the line that closes the frontmatter opened
// at offset first; inner is what lies between the two delimiter lines.
// When there is no closing line, all of data is front and inner is nil.
func splitFront(data []byte, first int) (front, rest, inner []byte) {
	open := strings.TrimSpace(firstLine(data[min(first, len(data)):]))
	closing := open
	if open == "---yaml" || open == "---toml" {
		closing = "---"
	}
	if open != "---" && open != "+++" && closing == open {
		return data, nil, nil
	}
	start := min(first+len(firstLine(data[first:]))+1, len(data))
	for off := start; off < len(data); {
		line := firstLine(data[off:])
		next := off + len(line) + 1
		if strings.TrimSpace(line) == closing {
			return data[:min(next, len(data))], data[min(next, len(data)):], data[start:off]
		}
		off = next
	}
	return data, nil, nil
}

func firstLine(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return string(b[:i])
	}
	return string(b)
}

var lineRE = regexp.MustCompile(`line (\d+):? ?`)

// syntaxError pulls the line number out of a YAML or TOML parse error.
func syntaxError(err error) (int, string) {
	var te toml.ParseError
	if errors.As(err, &te) {
		return te.Position.Line, te.Message
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, strings.Replace(msg, m[0], "", 1)
	}
	return 0, msg
}

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
		if _, dup := d.Pos[name]; dup {
			probs.Errorf(d.Path, p.Line, p.Col, fmt.Sprintf("remove one of them (the first is on line %d)", d.Pos[name].Line),
				"the field %q is given twice", name)
			continue
		}
		f, ok := fields.Lookup(name)
		if !ok {
			probs.Errorf(d.Path, p.Line, p.Col, unknownHint(name, fields),
				"%s has no field %q", d.Kind.Article(), name)
			continue
		}
		d.Pos[name] = p
		if v.Kind == yaml.ScalarNode {
			d.ItemPos[name] = []Pos{pos(v)} // where the value itself starts
		}
		d.set(f, v, pos, probs)
	}
	for f := range fields.All() {
		if !f.Required {
			continue
		}
		if _, ok := d.Pos[f.Name]; !ok {
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
		d.Bad[f.Name] = true
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
		*target.(*[]string) = items
		d.ItemPos[f.Name] = ps
		if f.Required && len(items) == 0 && !d.Bad[f.Name] {
			bad(fmt.Sprintf("list at least one, e.g. %s: [a, b]", f.Name), "%s is empty", f.Name)
		}
	case LinksField:
		*target.(*[]Link) = d.links(v, pos, probs)
	}
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
		d.Bad[f.Name] = true
		probs.Errorf(d.Path, p.Line, p.Col, "write a list like [a, b]", "%s should be a list", f.Name)
		return nil, nil
	}
	var items []string
	var ps []Pos
	for _, n := range nodes {
		p := pos(n)
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
			d.Bad[f.Name] = true
			probs.Errorf(d.Path, p.Line, p.Col, "write each item as plain text", "an item of %s is empty or not text", f.Name)
			continue
		}
		if r, ok := plaintext.Find(n.Value); !ok {
			d.Bad[f.Name] = true
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
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, val := n.Content[i].Value, n.Content[i+1]
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
