package content

import (
	"fmt"
	"maps"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"github.com/kokeilu/kokeilu/internal/plaintext"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// ConfigFile is where the site's configuration lives, from the site root.
const ConfigFile = "content/site.yaml"

// Config is content/site.yaml.
type Config struct {
	BaseURL         string     `yaml:"baseURL"`         // http(s)://host[:port], no path; stored without a trailing slash
	DefaultLanguage string     `yaml:"defaultLanguage"` // a language's code; default: the first language
	PageSize        int        `yaml:"pageSize"`        // items per list page; default 50
	Footer          []string   `yaml:"footer"`          // slugs of content/pages/ shown in every footer
	Licence         *Licence   `yaml:"licence"`         // the licence of the site's text and open data; nil when site.yaml names none
	Languages       []Language `yaml:"languages"`       // in the order the site shows them; any number, at least one
}

// Licence is the licence the site's content and open data are published
// under: its name as readers know it (CC BY 4.0) and the address of its
// text, so the footer and the open-data page can link to it.
type Licence struct {
	Name string `yaml:"name"`
	URL  string `yaml:"url"`
}

// Publisher is the organisation that publishes the site, as a language
// names it: public-service sites show who stands behind them in the
// header. Logo is a file in assets/ (optional), the same in every
// language or not, as the organisation's own marks are.
type Publisher struct {
	Name string `yaml:"name"`
	URL  string `yaml:"url"`  // the organisation's own site in the language
	Logo string `yaml:"logo"` // a file name in assets/, e.g. publisher.svg; "" for none
}

// Language is one of the site's languages. Its words are in
// layouts/i18n/<code>.yaml, with the format.* keys that say how it writes
// dates and quotes (see internal/l10n).
type Language struct {
	Code     string   `yaml:"code"`   // BCP 47, lower case: the URL prefix (/fi/) and the file suffix (x.fi.md)
	Name     string   `yaml:"name"`   // the language's own name in itself, the switcher's label: "På svenska"
	Title    string   `yaml:"title"`  // the site's name in this language
	Locale   string   `yaml:"locale"` // BCP 47 tag for numbers and collation (sv-FI); default: the code
	Sections Sections `yaml:"sections"`
	// Publisher is who publishes the site, in this language; nil when
	// site.yaml names none (the header then shows the site's name alone).
	Publisher *Publisher `yaml:"publisher"`
}

// Tag is the language tag that numbers and collation follow.
func (l Language) Tag() language.Tag { return language.Make(l.Locale) }

// Sections are the localised URL segments of the site's sections.
type Sections struct {
	Experiments string `yaml:"experiments"`
	Campaigns   string `yaml:"campaigns"`
	Contacts    string `yaml:"contacts"`
	Tags        string `yaml:"tags"`
	Failday     string `yaml:"failday"`
	Search      string `yaml:"search"` // optional, as are the browse sections: see optionalSections
	// The browse pages: the index of every way of browsing (/fi/selaa/)
	// and a section per way (/fi/kunta/, /fi/kunta/lahti/).
	Browse       string `yaml:"browse"`
	Stage        string `yaml:"stage"`
	Municipality string `yaml:"municipality"`
	Region       string `yaml:"region"`
	Year         string `yaml:"year"`
	Role         string `yaml:"role"`
}

// DefaultSearchSection is the search page's segment when sections: has no
// search: key (site.yaml files written before the search page existed).
const DefaultSearchSection = "search"

// optionalSections came after the first sites were written: a site.yaml
// without one still builds, the section's path then being its name
// (/fi/search/, /fi/stage/idea/) until the editors give it their words.
var optionalSections = map[string]bool{"search": true, "browse": true, "stage": true, "municipality": true,
	"region": true, "year": true, "role": true}

// sectionNames are the keys of sections:, in the order problems are reported.
var sectionNames = []string{"browse", "campaigns", "contacts", "experiments", "failday", "municipality", "region", "role", "search", "stage", "tags", "year"}

func (s *Sections) field(name string) *string {
	switch name {
	case "experiments":
		return &s.Experiments
	case "campaigns":
		return &s.Campaigns
	case "contacts":
		return &s.Contacts
	case "tags":
		return &s.Tags
	case "failday":
		return &s.Failday
	case "search":
		return &s.Search
	case "browse":
		return &s.Browse
	case "stage":
		return &s.Stage
	case "municipality":
		return &s.Municipality
	case "region":
		return &s.Region
	case "year":
		return &s.Year
	case "role":
		return &s.Role
	}
	return nil
}

// Codes returns the language codes in configured order.
func (c *Config) Codes() []string {
	out := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		out[i] = l.Code
	}
	return out
}

// Language returns the language with the code.
func (c *Config) Language(code string) *Language {
	for i := range c.Languages {
		if c.Languages[i].Code == code {
			return &c.Languages[i]
		}
	}
	return nil
}

const configHint = "see the example site.yaml in docs/editing.md"

// ParseConfig reads and checks content/site.yaml. Every problem is
// reported at its line and column; it returns nil when the configuration
// cannot be used.
func ParseConfig(data []byte, probs *problem.List) *Config {
	p := &configParser{probs: probs}
	if line, col, msg, ok := badText(data); !ok {
		p.errAt(line, col, "save the file as UTF-8 text and remove the character", "%s", msg)
		return nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line, msg := syntaxError(err)
		col := 0
		if line > 0 {
			col = firstColumn(data, line)
		} else {
			line, col = 1, 1
		}
		p.errAt(line, col, "check the indentation and the colons; "+configHint, "the site configuration cannot be read: %s", msg)
		return nil
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		p.errAt(1, 1, configHint, "the site configuration is empty")
		return nil
	}
	c := p.config(root.Content[0])
	if p.failed {
		return nil
	}
	return c
}

type configParser struct {
	probs  *problem.List
	failed bool
}

func (p *configParser) errAt(line, col int, hint, format string, args ...any) {
	p.failed = true
	p.probs.Errorf(ConfigFile, line, col, hint, format, args...)
}

func (p *configParser) err(n *yaml.Node, hint, format string, args ...any) {
	p.errAt(n.Line, n.Column, hint, format, args...)
}

// fields walks a mapping: each known key's value goes to its function, an
// unknown or repeated key is a problem. It reports which keys were present.
func (p *configParser) fields(n *yaml.Node, what string, known map[string]func(*yaml.Node)) map[string]*yaml.Node {
	seen := map[string]*yaml.Node{}
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		p.err(n, configHint, "%s must be a mapping of key: value lines", what)
		return seen
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		if prev, dup := seen[k.Value]; dup {
			p.err(k, "keep one of them", "%s %q is given twice (first on line %d)", what, k.Value, prev.Line)
			continue
		}
		seen[k.Value] = k
		f := known[k.Value]
		if f == nil {
			p.err(k, "check the spelling; the keys are "+keyList(known), "%s has no key %q", what, k.Value)
			continue
		}
		f(v)
	}
	return seen
}

func keyList(known map[string]func(*yaml.Node)) string {
	return strings.Join(slices.Sorted(maps.Keys(known)), ", ")
}

// str reads a scalar as text; null is "".
func (p *configParser) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode {
		p.err(n, "write it as text on the same line", "%s must be text", what)
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	if r, ok := plaintext.Find(n.Value); !ok {
		p.err(n, "remove the character (it may be written as an escape like \\x07)", "%s holds the control character %U", what, r)
	}
	return n.Value
}

func (p *configParser) config(top *yaml.Node) *Config {
	c := &Config{PageSize: 50}
	var baseNode, defNode *yaml.Node
	var langsNode *yaml.Node
	var footerNodes []*yaml.Node
	seen := p.fields(top, "the site configuration", map[string]func(*yaml.Node){
		"baseURL": func(v *yaml.Node) {
			baseNode = v
			c.BaseURL = p.str(v, "baseURL")
		},
		"defaultLanguage": func(v *yaml.Node) {
			defNode = v
			c.DefaultLanguage = p.str(v, "defaultLanguage")
		},
		"pageSize": func(v *yaml.Node) {
			n, err := strconv.Atoi(strings.ReplaceAll(v.Value, "_", ""))
			switch {
			case v.Kind != yaml.ScalarNode || v.Tag != "!!int" || err != nil:
				p.err(v, "use a whole number like 50", "pageSize must be a whole number, not %q", v.Value)
			case n < 1:
				p.err(v, "use a number like 50", "pageSize must be at least 1, not %d", n)
			default:
				c.PageSize = n
			}
		},
		"footer": func(v *yaml.Node) {
			if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
				return
			}
			if v.Kind != yaml.SequenceNode {
				p.err(v, "list page slugs, e.g. footer: [about, accessibility]", "footer must be a list of page slugs")
				return
			}
			for _, e := range v.Content {
				e = deref(e)
				footerNodes = append(footerNodes, e)
				c.Footer = append(c.Footer, p.str(e, "a footer entry"))
			}
		},
		"licence":   func(v *yaml.Node) { c.Licence = p.licence(v) },
		"languages": func(v *yaml.Node) { langsNode = v },
	})
	if p.failed && len(seen) == 0 {
		return nil
	}
	if baseNode == nil {
		p.errAt(top.Line, top.Column, "write the site's address, e.g. baseURL: https://kokeilu.example.fi", "baseURL is missing")
	} else if u, err := ValidBaseURL(c.BaseURL); err != nil {
		p.err(baseNode, "write the site's address, e.g. baseURL: https://kokeilu.example.fi", "baseURL %q is not a site address: %v", c.BaseURL, err)
	} else {
		c.BaseURL = u
	}
	used := map[string]int{}
	for i, slug := range c.Footer {
		n := footerNodes[i]
		switch prev, dup := used[slug]; {
		case !ValidSlug(slug):
			p.err(n, "write the slug of a page in content/pages/, e.g. about for about.fi.md", "the footer entry %q is not a page slug", slug)
		case dup:
			p.err(n, "list each page once", "the footer lists %q twice (first on line %d)", slug, prev)
		}
		used[slug] = n.Line
	}
	c.Languages = p.languages(top, langsNode)
	if len(c.Languages) == 0 {
		return c
	}
	if defNode == nil || c.DefaultLanguage == "" {
		c.DefaultLanguage = c.Languages[0].Code
	} else if c.Language(c.DefaultLanguage) == nil {
		p.err(defNode, "use one of the listed languages: "+strings.Join(c.Codes(), ", "),
			"defaultLanguage %q is not one of the site's languages", c.DefaultLanguage)
	}
	return c
}

func (p *configParser) languages(top, v *yaml.Node) []Language {
	const hint = "list each language with its code, name, title and sections; " + configHint
	if v == nil {
		p.errAt(top.Line, top.Column, hint, "the site has no languages")
		return nil
	}
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		p.err(v, hint, "languages must be a list of at least one language")
		return nil
	}
	var out []Language
	codes := map[string]int{}
	for _, ln := range v.Content {
		ln = deref(ln)
		var l Language
		var codeNode, localeNode, sectNode *yaml.Node
		seen := p.fields(ln, "a language", map[string]func(*yaml.Node){
			"code":      func(v *yaml.Node) { codeNode, l.Code = v, p.str(v, "code") },
			"name":      func(v *yaml.Node) { l.Name = p.str(v, "name") },
			"title":     func(v *yaml.Node) { l.Title = p.str(v, "title") },
			"locale":    func(v *yaml.Node) { localeNode, l.Locale = v, p.str(v, "locale") },
			"sections":  func(v *yaml.Node) { sectNode = v },
			"publisher": func(v *yaml.Node) { l.Publisher = p.publisher(v) },
		})
		if ln.Kind != yaml.MappingNode {
			continue
		}
		label := "a language"
		switch {
		case codeNode == nil || l.Code == "":
			p.err(ln, "add code: with the language's BCP 47 code, e.g. code: fi", "the language has no code")
		case !validCode(l.Code):
			p.err(codeNode, "use a lower-case BCP 47 language code, e.g. fi, sv or en", "%q is not a language code", l.Code)
		default:
			label = "language " + l.Code
			if prev, dup := codes[l.Code]; dup {
				p.err(codeNode, "list each language once", "language %q is listed twice (first on line %d)", l.Code, prev)
			}
			codes[l.Code] = codeNode.Line
		}
		for _, key := range []string{"name", "title"} {
			val := l.Name
			if key == "title" {
				val = l.Title
			}
			if strings.TrimSpace(val) == "" {
				at := ln
				if k := seen[key]; k != nil {
					at = k
				}
				hint := "give the language's own name in itself, as the switcher shows it, e.g. name: Suomeksi"
				if key == "title" {
					hint = "give the site's name in the language, e.g. title: Kokeilun paikka"
				}
				p.err(at, hint, "%s has no %s", label, key)
			}
		}
		if localeNode == nil || l.Locale == "" {
			l.Locale = l.Code
		} else if t, err := language.Parse(l.Locale); err != nil {
			p.err(localeNode, "use a BCP 47 tag such as sv-FI, or leave locale out to use the code", "locale %q is not a language tag", l.Locale)
		} else {
			l.Locale = t.String()
		}
		p.sections(ln, sectNode, label, &l.Sections)
		out = append(out, l)
	}
	return out
}

func (p *configParser) sections(ln, v *yaml.Node, label string, s *Sections) {
	if v == nil {
		p.err(ln, "add sections: with the URL segment of each of "+strings.Join(sectionNames, ", "), "%s has no sections", label)
		return
	}
	known := map[string]func(*yaml.Node){}
	nodes := map[string]*yaml.Node{}
	for _, name := range sectionNames {
		known[name] = func(v *yaml.Node) { nodes[name] = v; *s.field(name) = p.str(v, "section "+name) }
	}
	p.fields(v, label+"'s sections", known)
	if deref(v).Kind != yaml.MappingNode {
		return
	}
	used := map[string]string{}
	for _, name := range sectionNames {
		seg, n := *s.field(name), nodes[name]
		if n == nil && optionalSections[name] {
			seg, n = name, v // DefaultSearchSection for search
			*s.field(name) = seg
		}
		switch other, dup := used[seg]; {
		case n == nil:
			p.err(v, "add "+name+": with its URL segment, e.g. "+name+": "+name, "%s has no path for the section %s", label, name)
		case !ValidSlug(seg):
			p.err(n, "use a-z, digits and hyphens, e.g. kokeilut", "%s: the section %s has no valid path (%q)", label, name, seg)
		case dup:
			p.err(n, "give each section its own path", "%s: the sections %s and %s share the path %q", label, other, name, seg)
		}
		if n != nil {
			used[seg] = name
		}
	}
}

// validCode reports whether a language code is usable in paths and file
// names (lower case, URL-safe) and is well-formed BCP 47 with a known
// language: not und, not private use like x-default (hreflang's own value).
func validCode(code string) bool {
	if !ValidSlug(code) {
		return false
	}
	t, err := language.Parse(code)
	if err != nil {
		return false
	}
	_, conf := t.Base()
	return conf == language.Exact
}

var hostRE = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$`)

// ValidBaseURL checks a site's address (site.yaml's baseURL, the -baseurl
// flag): http or https, a host name or IP address with an optional port, no
// user name, path, query or fragment. It returns the address without its
// trailing slash, as pages join paths to it.
func ValidBaseURL(raw string) (string, error) {
	s := strings.TrimSuffix(strings.TrimSpace(raw), "/")
	if s == "" {
		return "", fmt.Errorf("it is empty")
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '\\' || r == '%' }); i >= 0 {
		return "", fmt.Errorf("it holds %q; write the address without spaces, backslashes or %%-escapes", s[i:i+1])
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("it cannot be read as an address")
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("it must begin with https:// or http://")
	case u.Opaque != "" || !strings.HasPrefix(s[len(u.Scheme):], "://"):
		return "", fmt.Errorf("it must begin with %s:// and the host", u.Scheme)
	case u.User != nil:
		return "", fmt.Errorf("it holds a user name (…@); give only the host")
	case u.RawQuery != "" || u.ForceQuery || strings.Contains(s, "?"):
		return "", fmt.Errorf("it has a query (?…); a site address has none")
	case u.Fragment != "" || strings.Contains(s, "#"):
		return "", fmt.Errorf("it has a fragment (#…); a site address has none")
	case u.Path != "":
		return "", fmt.Errorf("it has a path (%s); the site is served from the root of its host", u.Path)
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return "", fmt.Errorf("it has no host")
	}
	if net.ParseIP(host) == nil && !hostRE.MatchString(host) {
		return "", fmt.Errorf("the host %q is not a host name (use ASCII letters, digits, hyphens and dots; punycode for other letters)", host)
	}
	if strings.HasSuffix(u.Host, ":") {
		return "", fmt.Errorf("the port is empty")
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("the port %q is not a port number", port)
		}
	}
	return s, nil
}

func deref(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// badText finds the first byte of data that is not UTF-8 text or is a
// control character other than tab and line breaks, with its line and
// column (in characters, from 1).
func badText(data []byte) (line, col int, msg string, ok bool) {
	if cleanText(data) {
		return 0, 0, "", true
	}
	return whereBad(data)
}

// cleanText reports whether badText finds nothing in data. It is the
// common case and reads every byte of every file, so it checks ASCII a
// byte at a time and counts no lines: only a file with a problem is read
// again to say where.
func cleanText(data []byte) bool {
	for i := 0; i < len(data); {
		if b := data[i]; b < utf8.RuneSelf {
			if b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 || plaintext.Unshown(r) {
			return false
		}
		i += size
	}
	return true
}

// whereBad is badText for data that holds a problem: it finds the first
// and its line and column.
func whereBad(data []byte) (line, col int, msg string, ok bool) {
	line, col = 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, col, fmt.Sprintf("the file is not UTF-8 text: byte %#02x", data[i]), false
		}
		if r != '\r' && plaintext.Unshown(r) {
			return line, col, fmt.Sprintf("the file holds the control character %U", r), false
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return 0, 0, "", true
}

// firstColumn is the column of the first non-blank character of a line.
func firstColumn(data []byte, line int) int {
	lines := strings.Split(string(data), "\n")
	if line < 1 || line > len(lines) {
		return 1
	}
	return len([]rune(lines[line-1])) - len([]rune(strings.TrimLeft(lines[line-1], " \t"))) + 1
}
