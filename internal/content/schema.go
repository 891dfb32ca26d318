package content

import (
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

type fieldType int

const (
	tString fieldType = iota
	tDate
	tBool
	tList
	tLinks
	tURL
	tEmail
	tEnum
	tSlug
)

func (t fieldType) describe() string {
	switch t {
	case tDate:
		return "a date (YYYY-MM-DD)"
	case tBool:
		return "true or false"
	case tList:
		return "a list, like [a, b]"
	case tLinks:
		return "a list of links, each with title and url"
	case tURL:
		return "a web address starting with https://"
	case tEmail:
		return "an email address"
	case tSlug:
		return "a slug (a-z, 0-9 and hyphens)"
	}
	return "text"
}

type field struct {
	name     string
	typ      fieldType
	required bool
	enum     []string
}

// Statuses are the three stages of the Place to Experiment platform.
var Statuses = []string{"idea", "running", "completed"}

// Roles are the two roles of the digital-municipality experiment.
var Roles = []string{"experimenter", "influencer"}

var common = []field{{name: "draft", typ: tBool}, {name: "rawhtml", typ: tBool}}

// schema lists the frontmatter fields each kind accepts.
func schema(k Kind) []field {
	var fs []field
	switch k {
	case Experiment:
		fs = []field{
			{name: "title", required: true}, {name: "date", typ: tDate, required: true},
			{name: "summary", required: true}, {name: "tags", typ: tList, required: true},
			{name: "status", typ: tEnum, required: true, enum: Statuses},
			{name: "municipality"}, {name: "organisation"},
			{name: "role", typ: tEnum, enum: Roles},
			{name: "start", typ: tDate}, {name: "end", typ: tDate},
			{name: "campaign", typ: tSlug}, {name: "contacts", typ: tList},
			{name: "savings"}, {name: "links", typ: tLinks},
			{name: "failday", typ: tBool}, {name: "lesson"}, {name: "updated", typ: tDate},
		}
	case Campaign:
		fs = []field{
			{name: "title", required: true}, {name: "start", typ: tDate, required: true},
			{name: "end", typ: tDate, required: true}, {name: "summary"}, {name: "theme"},
			{name: "hashtag"}, {name: "organisers", typ: tList}, {name: "registration", typ: tURL},
			{name: "contacts", typ: tList}, {name: "updated", typ: tDate},
		}
	case Contact:
		fs = []field{
			{name: "name", required: true}, {name: "title", required: true},
			{name: "organisation", required: true}, {name: "email", typ: tEmail}, {name: "phone"},
		}
	case Tag:
		fs = []field{{name: "title", required: true}}
	case Page:
		fs = []field{{name: "title", required: true}, {name: "slug", typ: tSlug},
			{name: "summary"}, {name: "updated", typ: tDate}}
	}
	return append(fs, common...)
}

func lookup(fs []field, name string) (field, bool) {
	i := slices.IndexFunc(fs, func(f field) bool { return f.name == name })
	if i < 0 {
		return field{}, false
	}
	return fs[i], true
}

// target returns where a decoded field's value goes.
func (m *Meta) target(name string) any {
	switch name {
	case "title":
		return &m.Title
	case "name":
		return &m.Name
	case "summary":
		return &m.Summary
	case "date":
		return &m.Date
	case "updated":
		return &m.Updated
	case "start":
		return &m.Start
	case "end":
		return &m.End
	case "tags":
		return &m.Tags
	case "status":
		return &m.Status
	case "municipality":
		return &m.Municipality
	case "organisation":
		return &m.Organisation
	case "role":
		return &m.Role
	case "campaign":
		return &m.Campaign
	case "contacts":
		return &m.Contacts
	case "savings":
		return &m.Savings
	case "links":
		return &m.Links
	case "failday":
		return &m.Failday
	case "lesson":
		return &m.Lesson
	case "theme":
		return &m.Theme
	case "hashtag":
		return &m.Hashtag
	case "organisers":
		return &m.Organisers
	case "registration":
		return &m.Registration
	case "email":
		return &m.Email
	case "phone":
		return &m.Phone
	case "slug":
		return &m.Slug
	case "draft":
		return &m.Draft
	case "rawhtml":
		return &m.RawHTML
	}
	return nil
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
