package content

import (
	"bytes"
	"errors"
	"fmt"

	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"github.com/cespare/xxhash/v2"
	"gopkg.in/yaml.v3"

	"github.com/kokeilu/kokeilu/internal/problem"
)

// frontFormats decode YAML and TOML frontmatter into a yaml.Node tree, the
// one representation that keeps line and column of every key and value.
// A YAML syntax error comes back explained (see explainYAML); lineOff is
// the file's line of the opening delimiter, for hints that name a line.
func frontFormats(lineOff int) []*frontmatter.Format {
	yamlNode := func(data []byte, v any) error {
		n := v.(*yaml.Node)
		if err := unmarshalYAML(data, n); err != nil {
			if strings.Contains(err.Error(), "exceeded max depth") {
				line, _ := syntaxError(err)
				return &limitError{line: max(line, 1), col: 1, msg: nestingMessage, hint: nestingHint}
			}
			return explainYAML(data, err, lineOff)
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
	return parseFile(file, data, langs, probs, nil)
}

// ParseFileChecked is ParseFile that skips the body checks for a body
// checks knows, and tells checks of each body that passes them.
func ParseFileChecked(file string, data []byte, langs []string, probs *problem.List, checks *BodyChecks) *Document {
	return parseFile(file, data, langs, probs, checks)
}

func parseFile(file string, data []byte, langs []string, probs *problem.List, checks *BodyChecks) *Document {
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
	d := &Document{Path: file, Kind: kind, Slug: slug, Lang: lang, Hash: xxhash.Sum64(data)}
	d.parse(data, probs, checks)
	return d
}

// bom is the byte-order mark some editors write at a file's start.
var bom = []byte("\uFEFF")

func (d *Document) parse(data []byte, probs *problem.List, checks *BodyChecks) {
	data = bytes.TrimPrefix(data, bom)
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
		d.Body, d.BodyAt = rest, len(data)-len(rest)
		d.BodyLine, _ = problem.LineCol(data, len(data)-len(rest))
		d.FrontHash = max(xxhash.Sum64(data[:len(data)-len(rest)]), 1)
		d.BodyHash = bodyHash(rest)
		if checks.passed(d.BodyHash) {
			return
		}
		if !d.checkBody(probs) {
			d.Broken = true
			d.Body = nil
			return
		}
		checks.add(d.BodyHash)
	}
	if len(inner) > MaxFrontmatter {
		probs.Errorf(d.Path, openLine, 1, "move long text into the body below the closing line "+strings.TrimSpace(firstLine(data[first:])),
			"the frontmatter is %d KB, more than the %d KB kokeilu reads", (len(inner)+1023)/1024, MaxFrontmatter>>10)
		d.Broken = true
		keepBody()
		return
	}
	_, err := frontmatter.MustParse(bytes.NewReader(front), &root, frontFormats(openLine)...)
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
		col := 0
		var te toml.ParseError
		if errors.As(err, &te) {
			if name, first, ok := tomlDuplicate(te.Message, inner); ok {
				hint := "remove one of them"
				if first > 0 {
					hint = fmt.Sprintf("remove one of them (the first is on line %d)", openLine+first)
				}
				probs.Errorf(d.Path, openLine+line, 1, hint, "the field %q is given twice", name)
				keepBody()
				return
			}
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

// limitError is frontmatter that is too large, nests too deep or has a
// YAML syntax error (explained, see yamlmsg.go): a problem at a line and
// column counted from the line after the opening delimiter, with its own
// hint.
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

var tomlDuplicateRE = regexp.MustCompile(`^Key '([^']*)' has already been defined\.?$`)

// tomlDuplicate reads the TOML decoder's message for a key given twice:
// the key and the line (from the one after the opening delimiter) where
// inner, the frontmatter, first gives it at the top level, or 0.
func tomlDuplicate(msg string, inner []byte) (name string, first int, ok bool) {
	m := tomlDuplicateRE.FindStringSubmatch(msg)
	if m == nil {
		return "", 0, false
	}
	name = m[1]
	for i, l := range strings.Split(string(inner), "\n") {
		if k, _, found := strings.Cut(l, "="); found && strings.Trim(strings.TrimSpace(k), `"'`) == name {
			return name, i + 1, true
		}
	}
	return name, 0, true // in a table or an inline table: no line to name
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
