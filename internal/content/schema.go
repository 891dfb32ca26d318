package content

import (
	"fmt"
	"iter"
	"net/mail"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// FieldType is how a frontmatter value is written and read. It follows
// from the Go type of Meta's field and, for text, from the kokeilu tag.
type FieldType int

// The field types.
const (
	TextField  FieldType = iota // string
	DateField                   // time.Time, written YYYY-MM-DD
	BoolField                   // bool
	ListField                   // []string, a list of text
	LinksField                  // []Link
	URLField                    // string, tag option url
	EmailField                  // string, tag option email
	EnumField                   // string, tag option enum=a|b|c
	SlugField                   // string, tag option slug
)

// Describe says how a value of the type is written, for hints and the
// field tables of docs/editing.md.
func (t FieldType) Describe() string {
	switch t {
	case DateField:
		return "a date (YYYY-MM-DD)"
	case BoolField:
		return "true or false"
	case ListField:
		return "a list, like [a, b]"
	case LinksField:
		return "a list of links, each with title and url"
	case URLField:
		return "a web address starting with https://"
	case EmailField:
		return "an email address"
	case EnumField:
		return "one of the allowed values"
	case SlugField:
		return "a slug (a-z, 0-9 and hyphens)"
	}
	return "text"
}

// Field is one frontmatter field of one kind, as Meta's struct tags
// declare it.
type Field struct {
	Name string // the frontmatter key
	Type FieldType
	Enum []string // an EnumField's allowed values, in order; do not modify
	Ref  Kind     // the kind whose slugs a SlugField or ListField holds, if any
	// Municipalities: a ListField of municipality keys, checked against
	// Statistics Finland's classification (package municipality).
	Municipalities bool
	// Was is the field's former name, if any: a file that still uses it
	// is told to write this field instead.
	Was      string
	Required bool // the kind cannot be rendered without it
	Neutral  bool // the same in every translation: compared between them
	Data     bool // a column of the kind's open data
	index    int  // Meta's field
}

// Ptr returns a pointer to the field in m: *string, *time.Time, *bool,
// *[]string or *[]Link, following Type.
func (f Field) Ptr(m *Meta) any {
	return reflect.ValueOf(m).Elem().Field(f.index).Addr().Interface()
}

// Schema is the frontmatter one kind accepts, in Meta's order.
type Schema struct {
	fields []Field
	byName map[string]int
}

// All yields the kind's fields in order.
func (s Schema) All() iter.Seq[Field] {
	return func(yield func(Field) bool) {
		for _, f := range s.fields {
			if !yield(f) {
				return
			}
		}
	}
}

// Renamed returns the field that used to be called name, if any.
func (s Schema) Renamed(name string) (Field, bool) {
	for _, f := range s.fields {
		if f.Was == name {
			return f, true
		}
	}
	return Field{}, false
}

// Lookup returns the field with the frontmatter key name.
func (s Schema) Lookup(name string) (Field, bool) {
	i, ok := s.byName[name]
	if !ok {
		return Field{}, false
	}
	return s.fields[i], true
}

// Names lists the field names in order.
func (s Schema) Names() []string {
	out := make([]string, len(s.fields))
	for i, f := range s.fields {
		out[i] = f.Name
	}
	return out
}

// SchemaOf returns the frontmatter schema of a kind.
func SchemaOf(k Kind) Schema { return schemas[k] }

// schemas is read once from Meta's struct tags and never changed.
var schemas = schemasOf(reflect.TypeFor[Meta]())

// schemasOf reads the schema of every kind from a struct's tags:
//
//	Status string `kokeilu:"status,neutral,enum=idea|running|completed" experiment:"required,data"`
//
// The kokeilu tag names the field and says what holds for it in every
// kind: neutral, and for text one of enum=a|b|c, url, email or slug; ref=KIND
// when it holds slugs of that kind; municipalities when a list holds
// municipality keys; was=NAME when the field used to be called NAME. A tag named after a kind (experiment,
// campaign, …) makes the kind accept the field, with required and data
// (a column of the kind's open data) as options. A malformed tag is a
// programming error and panics when the package is loaded.
func schemasOf(t reflect.Type) map[Kind]Schema {
	out := map[Kind]Schema{}
	for _, k := range Kinds {
		out[k] = Schema{byName: map[string]int{}}
	}
	for i := range t.NumField() {
		sf := t.Field(i)
		tag, ok := sf.Tag.Lookup("kokeilu")
		if !ok {
			continue
		}
		opts := strings.Split(tag, ",")
		f := Field{Name: opts[0], index: i}
		switch sf.Type {
		case reflect.TypeFor[string]():
			f.Type = TextField
		case reflect.TypeFor[time.Time]():
			f.Type = DateField
		case reflect.TypeFor[bool]():
			f.Type = BoolField
		case reflect.TypeFor[[]string]():
			f.Type = ListField
		case reflect.TypeFor[[]Link]():
			f.Type = LinksField
		default:
			panic(fmt.Sprintf("content: Meta.%s: no field type for %s", sf.Name, sf.Type))
		}
		text := func(t FieldType) {
			if f.Type != TextField {
				panic(fmt.Sprintf("content: Meta.%s: %s is not text", sf.Name, f.Name))
			}
			f.Type = t
		}
		for _, o := range opts[1:] {
			switch o, arg, _ := strings.Cut(o, "="); o {
			case "neutral":
				f.Neutral = true
			case "url":
				text(URLField)
			case "email":
				text(EmailField)
			case "slug":
				text(SlugField)
			case "enum":
				text(EnumField)
				f.Enum = strings.Split(arg, "|")
			case "ref":
				f.Ref = Kind(arg)
			case "municipalities":
				f.Municipalities = true
			case "was":
				f.Was = arg
			default:
				panic(fmt.Sprintf("content: Meta.%s: unknown option %q", sf.Name, o))
			}
		}
		if f.Municipalities && f.Type != ListField {
			panic(fmt.Sprintf("content: Meta.%s: municipalities is not a list", sf.Name))
		}
		if f.Ref != "" && (f.Ref.Folder() == "" || (f.Type != SlugField && f.Type != ListField)) {
			panic(fmt.Sprintf("content: Meta.%s: bad ref=%s", sf.Name, f.Ref))
		}
		for _, k := range Kinds {
			kopts, ok := sf.Tag.Lookup(string(k))
			if !ok {
				continue
			}
			kf := f
			for o := range strings.SplitSeq(kopts, ",") {
				switch o {
				case "":
				case "required":
					kf.Required = true
				case "data":
					kf.Data = true
				default:
					panic(fmt.Sprintf("content: Meta.%s: unknown %s option %q", sf.Name, k, o))
				}
			}
			s := out[k]
			if _, dup := s.byName[kf.Name]; dup {
				panic(fmt.Sprintf("content: Meta.%s: %s declared twice", sf.Name, kf.Name))
			}
			s.byName[kf.Name] = len(s.fields)
			s.fields = append(s.fields, kf)
			out[k] = s
		}
	}
	return out
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
var digitsRE = regexp.MustCompile(`^[0-9]+$`)

// ValidSlug reports whether s can be a URL segment: a-z, 0-9 and single
// hyphens, not only digits (those are list page numbers).
func ValidSlug(s string) bool { return slugRE.MatchString(s) && !digitsRE.MatchString(s) }

// ParseDate reads YYYY-MM-DD (or a full RFC 3339 time, of which the date is
// kept) and rejects dates that do not exist, like 2018-02-30.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}

// looseDate reads a real date written as people write it by hand, day
// first (30.11.2026, 6.4.2018) or without leading zeros (2026-11-3), and
// returns it as files write it (2026-11-30).
func looseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2.1.2006", "2006-1-2"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && !strings.ContainsAny(s, " <>")
}

// nearest returns the candidate closest to s by edit distance, if it is
// close enough to be a likely typo.
func nearest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Nearest is nearest for other packages (references to unknown slugs).
func Nearest(s string, candidates []string) string { return nearest(s, candidates) }

// describe says how a value of the field is written, naming an enum's values.
func describe(f Field) string {
	if f.Type == EnumField {
		return "one of: " + strings.Join(f.Enum, ", ")
	}
	return f.Type.Describe()
}
