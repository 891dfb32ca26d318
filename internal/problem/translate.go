package problem

import (
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// The code writes every message and hint in English; these catalogs map
// each English format, as written in the code (verbs and all), to the same
// sentence in another language. A catalog is data so that a translator can
// edit it without touching Go, and a test (messages_test.go) keeps it in step
// with the code.
//
//go:embed messages/*.yaml
var catalogFiles embed.FS

// Languages are the languages problems can be shown in besides English.
var Languages = []string{"fi", "sv"}

// maxText bounds the text a catalog matches: no message is this long, and
// a longer one (a hostile file name, say) stays in English rather than cost
// time.
const maxText = 8 << 10

// A Catalog translates English problem texts into one language. The zero
// value and nil translate nothing.
type Catalog struct {
	lang    string
	entries []entry // most literal text first: the most specific format wins
}

type entry struct {
	section string // messages: the problems' texts, as in the code; words: the commands' fixed words and pieces of messages
	english string
	re      *regexp.Regexp // the English format with a group per verb
	verbs   []byte         // the English verbs in order: 's', 'q', 'd', 'v', 'U'
	target  []piece        // the translation: literal text and argument references
}

// piece is literal text, or (arg >= 0) the arg-th captured value.
type piece struct {
	text string
	arg  int
}

// loadCatalogs parses every embedded catalog once; the catalogs are shared
// and never change after.
var loadCatalogs = sync.OnceValues(func() (map[string]*Catalog, error) {
	out := map[string]*Catalog{}
	for _, lang := range Languages {
		data, err := catalogFiles.ReadFile("messages/" + lang + ".yaml")
		if err != nil {
			return nil, err
		}
		c, err := ParseCatalog(lang, data)
		if err != nil {
			return nil, err
		}
		out[lang] = c
	}
	return out, nil
})

// CatalogFor returns the shipped catalog of lang, or nil for English or a
// language without one (texts then stay in English).
func CatalogFor(lang string) *Catalog {
	cs, err := loadCatalogs()
	if err != nil {
		// The catalogs are embedded and tested; a broken one is a bug in
		// kokeilu, and English is still a correct message.
		return nil
	}
	return cs[lang]
}

// ParseCatalog reads a catalog: a YAML mapping from English formats to
// their translations.
func ParseCatalog(lang string, data []byte) (*Catalog, error) {
	var m yaml.Node
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("messages/%s.yaml: %w", lang, err)
	}
	c := &Catalog{lang: lang}
	if len(m.Content) == 0 {
		return c, nil
	}
	root := m.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("messages/%s.yaml: want the sections messages and words", lang)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		section, texts := root.Content[i], root.Content[i+1]
		if section.Value != "messages" && section.Value != "words" {
			return nil, fmt.Errorf("messages/%s.yaml:%d: unknown section %q (messages, words)", lang, section.Line, section.Value)
		}
		if texts.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("messages/%s.yaml:%d: want a mapping from English to %s", lang, texts.Line, lang)
		}
		for j := 0; j+1 < len(texts.Content); j += 2 {
			k, v := texts.Content[j], texts.Content[j+1]
			e, err := compile(k.Value, v.Value)
			if err != nil {
				return nil, fmt.Errorf("messages/%s.yaml:%d: %w", lang, k.Line, err)
			}
			if literalLen(k.Value) == 0 {
				return nil, fmt.Errorf("messages/%s.yaml:%d: %q has no words to translate", lang, k.Line, k.Value)
			}
			e.section = section.Value
			c.entries = append(c.entries, e)
		}
	}
	slices.SortStableFunc(c.entries, func(a, b entry) int { return literalLen(b.english) - literalLen(a.english) })
	return c, nil
}

// Verb is one formatting verb of a format: its letter and the argument it
// formats (0-based).
type Verb struct {
	Letter byte
	Arg    int
}

// Verbs lists the verbs of a format in the order they appear, with the
// argument each one formats (explicit %[n]s indexes included). It fails on
// verbs the catalog cannot translate back (widths, %x, …).
func Verbs(format string) ([]Verb, error) {
	var out []Verb
	next := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		if i >= len(format) {
			return nil, fmt.Errorf("%q ends with a lone %%", format)
		}
		if format[i] == '%' {
			continue
		}
		arg := next
		if format[i] == '[' {
			end := strings.IndexByte(format[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("%q: unclosed %%[", format)
			}
			n, err := strconv.Atoi(format[i+1 : i+end])
			if err != nil || n < 1 {
				return nil, fmt.Errorf("%q: bad argument index", format)
			}
			arg = n - 1
			i += end + 1
			if i >= len(format) {
				return nil, fmt.Errorf("%q ends inside a verb", format)
			}
		}
		switch format[i] {
		case 's', 'q', 'd', 'v', 'U', 'c':
		default:
			return nil, fmt.Errorf("%q: verb %%%c is not one a catalog can carry (use %%s, %%q, %%d, %%v, %%c or %%U)", format, format[i])
		}
		out = append(out, Verb{format[i], arg})
		next = arg + 1
	}
	return out, nil
}

// literalLen is how much fixed text a format has: a longer one is more
// specific.
func literalLen(format string) int {
	n := len(format)
	vs, _ := Verbs(format)
	return n - 2*len(vs)
}

// compile turns an English format into a matcher and its translation into
// pieces. Go's regexp is linear in the input, so no text, however made,
// can make matching slow.
func compile(english, target string) (entry, error) {
	ev, err := Verbs(english)
	if err != nil {
		return entry{}, err
	}
	var re strings.Builder
	re.WriteString(`^`)
	lit := func(s string) { re.WriteString(regexp.QuoteMeta(strings.ReplaceAll(s, "%%", "%"))) }
	rest := english
	e := entry{english: english}
	for _, v := range ev {
		if v.Arg != len(e.verbs) {
			return entry{}, fmt.Errorf("%q: the English format takes its arguments in order", english)
		}
		i := verbStart(rest)
		lit(rest[:i])
		rest = rest[i+2:]
		switch v.Letter {
		case 'q':
			re.WriteString(`("(?:[^"\\]|\\.)*")`)
		case 'd':
			re.WriteString(`(-?[0-9]+)`)
		case 'c':
			re.WriteString(`((?s:.))`)
		case 'U':
			re.WriteString(`(U\+[0-9A-F]{4,6})`)
		default:
			re.WriteString(`((?s:.*?))`)
		}
		e.verbs = append(e.verbs, v.Letter)
	}
	lit(rest)
	re.WriteString(`$`)
	e.re, err = regexp.Compile(re.String())
	if err != nil {
		return entry{}, err
	}
	tv, err := Verbs(target)
	if err != nil {
		return entry{}, err
	}
	if !sameVerbs(ev, tv) {
		return entry{}, fmt.Errorf("%q: the translation %q has other verbs than the English", english, target)
	}
	rest = target
	for range tv {
		i := verbStart(rest)
		e.target = append(e.target, piece{text: strings.ReplaceAll(rest[:i], "%%", "%"), arg: -1})
		rest = rest[i+1:]
		arg := -1
		if rest[0] == '[' {
			end := strings.IndexByte(rest, ']')
			n, _ := strconv.Atoi(rest[1:end])
			arg = n - 1
			rest = rest[end+1:]
		}
		rest = rest[1:]
		e.target = append(e.target, piece{arg: arg})
	}
	e.target = append(e.target, piece{text: strings.ReplaceAll(rest, "%%", "%"), arg: -1})
	// Arguments without an index follow the previous one, as in fmt.
	next := 0
	for i := range e.target {
		p := &e.target[i]
		if i%2 == 0 {
			continue
		}
		if p.arg < 0 {
			p.arg = next
		}
		next = p.arg + 1
	}
	return e, nil
}

// verbStart is the offset of the first verb's % in s ("%%" is not one).
func verbStart(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+1 < len(s) && s[i+1] == '%' {
				i++
				continue
			}
			return i
		}
	}
	return len(s)
}

// sameVerbs reports whether a translation formats every argument of the
// English with the same verb, each once.
func sameVerbs(english, target []Verb) bool {
	if len(english) != len(target) {
		return false
	}
	want := map[int]byte{}
	for _, v := range english {
		want[v.Arg] = v.Letter
	}
	seen := map[int]bool{}
	for _, v := range target {
		if want[v.Arg] != v.Letter || seen[v.Arg] {
			return false
		}
		seen[v.Arg] = true
	}
	return true
}

// Has reports whether the catalog has a translation of the English format.
func (c *Catalog) Has(format string) bool {
	return c != nil && slices.ContainsFunc(c.entries, func(e entry) bool { return e.english == format })
}

// Formats lists the English formats of one section of the catalog.
func (c *Catalog) Formats(section string) []string {
	var out []string
	for _, e := range c.entries {
		if e.section == section {
			out = append(out, e.english)
		}
	}
	slices.Sort(out)
	return out
}

// Text translates an English text made from a catalogued format; values
// the format took (file names, field names, what the editor wrote) are
// kept as they are, except that a value that is itself a catalogued text
// (an error's reason inside "cannot read: %v") is translated too. A text
// the catalog does not know stays in English.
func (c *Catalog) Text(s string) string {
	return c.text(s, 2)
}

func (c *Catalog) text(s string, depth int) string {
	if c == nil || s == "" || len(s) > maxText || depth == 0 {
		return s
	}
	for _, e := range c.entries {
		if len(e.verbs) == 0 {
			if s == strings.ReplaceAll(e.english, "%%", "%") {
				return e.target[0].text
			}
			continue
		}
		m := e.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		var b strings.Builder
		for _, p := range e.target {
			if p.arg < 0 {
				b.WriteString(p.text)
				continue
			}
			v := m[p.arg+1]
			if e.verbs[p.arg] == 's' || e.verbs[p.arg] == 'v' {
				v = c.text(v, depth-1)
			}
			b.WriteString(v)
		}
		return b.String()
	}
	return s
}

// Problem returns p with its message and hint in the catalog's language.
func (c *Catalog) Problem(p Problem) Problem {
	p.Message = c.Text(p.Message)
	p.Hint = c.Text(p.Hint)
	return p
}

// String formats p as Problem.String does, in the catalog's language.
func (c *Catalog) String(p Problem) string {
	return c.Problem(p).format(c.Text("warning"), c.Text("hint"))
}
