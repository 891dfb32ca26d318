package importer

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/municipality"
)

// quote writes s as a YAML double-quoted scalar. Whatever s holds (a
// colon, a #, "---", a line break, quotes, "yes", a date), the value read
// back is s itself and nothing else: no second key, no comment, no end of
// the frontmatter, no other type.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r >= 0x7f && r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == utf8.RuneError:
			// YAML reads U+0085, U+2028 and U+2029 as line breaks.
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// oneLine joins the lines of s with spaces and every run of spaces into
// one, for a frontmatter field that is shown on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// paragraphs splits text into its paragraphs (blank lines between), each
// paragraph's lines trimmed.
func paragraphs(s string) [][]string {
	var out [][]string
	var cur []string
	for l := range strings.SplitSeq(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			if cur != nil {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, l)
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

// markdown writes plain text as Markdown that shows exactly that text: the
// marks of emphasis, code, links and raw HTML are escaped, and so are
// those that would start a heading, a list, a quote or a rule at the start
// of a line. What a submitter typed is shown, never interpreted.
func markdown(s string) string {
	var b strings.Builder
	for i, p := range paragraphs(s) {
		if i > 0 {
			b.WriteString("\n\n")
		}
		for j, l := range p {
			if j > 0 {
				b.WriteByte('\n')
			}
			writeLine(&b, l)
		}
	}
	return b.String()
}

func writeLine(b *strings.Builder, l string) {
	// An ordered list item: digits, then . or ).
	digits := 0
	for digits < len(l) && '0' <= l[digits] && l[digits] <= '9' {
		digits++
	}
	for i, r := range l {
		switch {
		case strings.ContainsRune("\\`*_[]<>~|", r):
			b.WriteByte('\\')
		case i == 0 && strings.ContainsRune("#>-+=", r):
			b.WriteByte('\\')
		case i == digits && digits > 0 && (r == '.' || r == ')'):
			b.WriteByte('\\')
		case r == '&':
			b.WriteString(`\`) // not an entity like &amp;
		}
		b.WriteRune(r)
	}
}

// sentence returns the first sentence of s on one line, cut at a word
// boundary to at most max letters (with "…" when cut).
func sentence(s string, max int) string {
	s = oneLine(s)
	for i, r := range s {
		if (r == '.' || r == '!' || r == '?') && (i+1 == len(s) || s[i+1] == ' ') && i > 0 {
			s = s[:i+1]
			break
		}
	}
	return cut(s, max)
}

// cut shortens s to at most max runes at a space, adding "…".
func cut(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max-1]
	if i := strings.LastIndexFunc(string(r), unicode.IsSpace); i > max/2 {
		return strings.TrimRightFunc(string(r)[:i], isTrailing) + "…"
	}
	return strings.TrimRightFunc(string(r), isTrailing) + "…"
}

func isTrailing(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }

// maxSlug is the longest slug derived from a title, in bytes.
const maxSlug = 60

// slugOf derives a slug from a title as the project forms every key
// (municipality.Key: marks removed, å ä ö → a a o, other characters
// hyphens), cut at a hyphen to maxSlug bytes. It is "" when the title
// gives no usable slug.
func slugOf(title string) string {
	s, _ := municipality.Key(title)
	if len(s) > maxSlug {
		s = s[:maxSlug]
		if i := strings.LastIndexByte(s, '-'); i > maxSlug/2 {
			s = s[:i]
		}
		s = strings.Trim(s, "-")
	}
	if !content.ValidSlug(s) {
		return ""
	}
	return s
}

// unique returns slug, or slug-2, slug-3 … the first that taken does not
// hold, and records it as taken.
func unique(slug string, taken map[string]bool) string {
	s := slug
	for n := 2; taken[s]; n++ {
		s = fmt.Sprintf("%s-%d", slug, n)
	}
	taken[s] = true
	return s
}
