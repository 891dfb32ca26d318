package corpus

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// pick returns a random element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// between returns a random int in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// distinct returns k distinct indexes below n, in the order drawn.
func distinct(r *rand.Rand, n, k int) []int {
	out := make([]int, 0, k)
	for len(out) < k {
		x := r.IntN(n)
		dup := false
		for _, y := range out {
			dup = dup || x == y
		}
		if !dup {
			out = append(out, x)
		}
	}
	return out
}

// capitalise upper-cases the first letter (ä → Ä too).
func capitalise(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	if c == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(c)) + s[n:]
}

var asciiFold = strings.NewReplacer("ä", "a", "å", "a", "ö", "o", "Ä", "a", "Å", "a", "Ö", "o", "é", "e")

// slugify turns words into a slug: a–z, digits and single hyphens.
func slugify(parts ...string) string {
	var b strings.Builder
	dash := false
	for _, p := range parts {
		for _, c := range strings.ToLower(asciiFold.Replace(p)) {
			if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
				b.WriteRune(c)
				dash = false
			} else if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// groupThousands writes 12345 as "12 345".
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func day(t time.Time) string { return t.Format("2006-01-02") }

// sentence writes one generated sentence in language l and returns its
// number of words.
func sentence(b *strings.Builder, r *rand.Rand, l int) int {
	if r.IntN(6) == 0 {
		o := pick(r, observations)[l]
		if strings.Contains(o, "%d") {
			var n int
			switch {
			case strings.Contains(o, "/5"):
				n = between(r, 2, 5)
			default:
				n = between(r, 12, 900)
			}
			o = fmt.Sprintf(o, n)
		}
		b.WriteString(o)
		return strings.Count(o, " ") + 1
	}
	parts := [...]string{pick(r, subjects)[l], pick(r, verbPhrases)[l], pick(r, adverbials)[l]}
	words := 0
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
		words += strings.Count(p, " ") + 1
	}
	switch r.IntN(4) {
	case 0:
		c := pick(r, purposes)[l]
		b.WriteString([2]string{", jotta ", ", så att "}[l])
		b.WriteString(c)
		words += strings.Count(c, " ") + 2
	case 1:
		c := pick(r, reasons)[l]
		b.WriteString([2]string{", koska ", ", eftersom "}[l])
		b.WriteString(c)
		words += strings.Count(c, " ") + 2
	}
	b.WriteByte('.')
	return words
}

// sentences writes n sentences separated by spaces; it returns the words.
func sentences(b *strings.Builder, r *rand.Rand, l, n int) int {
	words := 0
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		words += sentence(b, r, l)
	}
	return words
}

// paragraph writes n sentences and a blank line; it returns the words.
func paragraph(b *strings.Builder, r *rand.Rand, l, n int) int {
	words := sentences(b, r, l, n)
	b.WriteString("\n\n")
	return words
}

// bulletList writes a list of 3–6 items.
func bulletList(b *strings.Builder, r *rand.Rand, l int) int {
	words := 0
	for _, i := range distinct(r, len(bulletItems), between(r, 3, 6)) {
		item := capitalise(bulletItems[i][l])
		b.WriteString("- ")
		b.WriteString(item)
		b.WriteByte('\n')
		words += strings.Count(item, " ") + 1
	}
	b.WriteByte('\n')
	return words
}

// table writes a GFM table of 3–5 measures before and after.
func table(b *strings.Builder, r *rand.Rand, l int) int {
	b.WriteString(tableHeader[l])
	words := 9
	for _, i := range distinct(r, len(measures), between(r, 3, 5)) {
		m := measures[i]
		var before, after string
		switch m.scale {
		case 1: // 2,1 → 3,8: a decimal comma, as both languages write it
			x, y := between(r, 10, 45), between(r, 15, 50)
			before, after = fmt.Sprintf("%d,%d", x/10, x%10), fmt.Sprintf("%d,%d", y/10, y%10)
		case 2:
			x := between(r, 5, 80)
			before, after = strconv.Itoa(x), strconv.Itoa(min(100, x+between(r, 0, 40)))
		default:
			x := between(r, 5, 4000)
			before, after = groupThousands(x), groupThousands(x*between(r, 40, 160)/100)
		}
		b.WriteString("| ")
		b.WriteString(m.label[l])
		b.WriteString(" | ")
		b.WriteString(before)
		b.WriteString(" | ")
		b.WriteString(after)
		b.WriteString(" |\n")
		words += strings.Count(m.label[l], " ") + 3
	}
	b.WriteByte('\n')
	return words
}

// link is a Markdown link to another content file.
type link struct{ text, dest string }

func (k link) String() string { return "[" + k.text + "](" + k.dest + ")" }

// body writes an experiment's Markdown body in language l: an introduction,
// 4–6 sections under ## headings, a bullet list, a table and the links, in
// about target words.
func body(b *strings.Builder, r *rand.Rand, l, target int, links []link, tagLink link) {
	words := paragraph(b, r, l, between(r, 3, 5))
	hs := distinct(r, len(headings), between(r, 4, 6))
	listAt, tableAt := r.IntN(len(hs)), r.IntN(len(hs))
	budget := (target - words) / len(hs)
	pending := links
	for si, h := range hs {
		b.WriteString("## ")
		b.WriteString(headings[h][l])
		b.WriteString("\n\n")
		used := 2
		if si == listAt {
			used += paragraph(b, r, l, 1)
			used += bulletList(b, r, l)
		}
		if si == tableAt {
			used += table(b, r, l)
		}
		for used < budget || used < 20 {
			// 3–6 sentences of about 11 words, fewer near the budget.
			n := min(between(r, 3, 6), max(2, (budget-used+5)/11))
			if len(pending) > 0 && (si >= len(hs)-len(pending) || r.IntN(3) == 0) {
				// A paragraph that ends with the link.
				used += sentences(b, r, l, n-1)
				b.WriteByte(' ')
				ls := fmt.Sprintf(pick(r, linkSentences)[l], pending[0].String())
				b.WriteString(ls)
				b.WriteString("\n\n")
				used += strings.Count(ls, " ") + 1
				pending = pending[1:]
				continue
			}
			used += paragraph(b, r, l, n)
		}
	}
	for _, k := range pending {
		fmt.Fprintf(b, pick(r, linkSentences)[l], k.String())
		b.WriteString("\n\n")
	}
	if tagLink.dest != "" {
		fmt.Fprintf(b, tagSentence[l], tagLink.String())
		b.WriteByte('\n')
	}
}
