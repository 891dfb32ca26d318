// Package municipality names Finland's municipalities and their regions
// from Statistics Finland's classification, shipped as municipalities.csv,
// and turns what an editor wrote in frontmatter into one of them.
//
// Each municipality has one key, the form an editor types: its name in the
// first language column of the file (Finnish) in lowercase ASCII, letters'
// marks removed and every run of other characters written as one hyphen
// (see [Key]): "lahti", "raasepori", "pedersoren-kunta", "koski-tl",
// "maarianhamina-mariehamn". The code and the other languages' names are not
// keys; [List.Suggest] finds the key from them, and from a typo.
//
// The languages are the file's columns: every column other than code and
// region holds names in the language it is named after, and a column
// region_<lang> the region's name in that language.
package municipality

import (
	"bufio"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/kokeilu/kokeilu/internal/plaintext"
)

// A Municipality is one row of the classification.
type Municipality struct {
	Key    string            // what editors write: "lahti"
	Code   string            // Statistics Finland's three digits: "398"
	Names  map[string]string // by language code (the CSV header's columns): fi Lahti, sv Lahtis
	Region Region            // its maakunta / landskap
}

// A Region is a maakunta / landskap.
type Region struct {
	Code  string            // the classification's code: "07"
	Names map[string]string // by language code: fi Päijät-Häme, sv Päijänne-Tavastland
}

// A List is the classification, read once and never changed: every method
// returns copies, so a List can be shared by any number of goroutines.
type List struct {
	langs   []string       // the name columns, in the file's order
	all     []Municipality // sorted by code
	byKey   map[string]int // key -> index in all
	byCode  map[string]int
	regions []Region // sorted by code
	cands   []candidate
	longest int // the longest candidate, in bytes
}

// A candidate is a folded name Suggest compares with: every municipality's
// key, then the other languages' names folded the same way when they differ.
type candidate struct {
	s string
	i int // index in List.all
}

// MaxSuggest is the longest text, in bytes, that Suggest looks at; longer
// text gets no suggestion. The longest name in the classification is 25
// bytes.
const MaxSuggest = 64

//go:embed municipalities.csv
var files embed.FS

var load = sync.OnceValues(func() (*List, error) {
	f, err := files.Open("municipalities.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse("municipalities.csv", f)
})

// Load returns the classification shipped with the program, parsed on the
// first call; every call returns the same List.
func Load() (*List, error) { return load() }

// Key returns the key for a name: lowercase ASCII letters and digits, with
// the marks of letters removed (ä → a, ö → o, å → a) and every run of other
// characters written as one hyphen, none at either end: "Pedersören kunta"
// → "pedersoren-kunta". ok is false when the name holds a letter or digit
// with no ASCII form (it becomes a hyphen too) or has no letter at all.
func Key(name string) (key string, ok bool) {
	var b strings.Builder
	ok = true
	hyphen := false // a hyphen is due before the next letter
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		default:
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				ok = false
			}
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteRune(r)
	}
	return b.String(), ok && b.Len() > 0
}

// Parse reads a classification in the form of municipalities.csv: lines
// starting with # are comments; the first other line names the columns
// (code, region, a column per language and region_<lang> for each of
// them, in any order); then a municipality per line. file names the input
// in errors, which give the line and column of the first mistake.
func Parse(file string, r io.Reader) (*List, error) {
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); string(bom) == "\uFEFF" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comment = '#'
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("%s: no header line, such as code,fi,sv,region,region_fi,region_sv", file)
		}
		return nil, csvError(file, err)
	}
	errAt := func(field int, format string, args ...any) error {
		line, col := cr.FieldPos(field)
		return fmt.Errorf("%s:%d:%d: %s", file, line, col, fmt.Sprintf(format, args...))
	}
	col := map[string]int{}
	regionCol := map[string]int{}
	l := &List{byKey: map[string]int{}, byCode: map[string]int{}}
	var nameCols []int
	for i, h := range header {
		if _, dup := col[h]; dup {
			return nil, errAt(i, "the column %q is named twice", h)
		}
		col[h] = i
		lang, isRegion := strings.CutPrefix(h, "region_")
		switch {
		case h == "code" || h == "region":
			continue
		case !langCode(lang):
			return nil, errAt(i, "the column %q is not code, region, a language code (fi) or region_ and a language code (region_fi)", h)
		case isRegion:
			regionCol[lang] = i
		default:
			l.langs = append(l.langs, h)
			nameCols = append(nameCols, i)
		}
	}
	for _, h := range []string{"code", "region"} {
		if _, ok := col[h]; !ok {
			return nil, errAt(0, "there is no column %q", h)
		}
	}
	if len(l.langs) == 0 {
		return nil, errAt(0, "there is no column of names, such as fi")
	}
	for _, lang := range l.langs {
		if _, ok := regionCol[lang]; !ok {
			return nil, errAt(0, "there is a column %q but no column region_%s for the regions' names", lang, lang)
		}
	}
	for lang, i := range regionCol {
		if !slices.Contains(l.langs, lang) {
			return nil, errAt(i, "there is a column region_%s but no column %q for the municipalities' names", lang, lang)
		}
	}

	var lines []int              // each row's line, by index in l.all
	regionAt := map[string]int{} // region code -> index in l.regions
	regionLine := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		for i, v := range rec {
			if msg, ok := badText(v); !ok {
				return nil, errAt(i, "the %s field %q %s", header[i], v, msg)
			}
		}
		m := Municipality{Code: rec[col["code"]], Names: map[string]string{}}
		if !threeDigits(m.Code) {
			return nil, errAt(col["code"], "the code %q is not three digits", m.Code)
		}
		if j, dup := l.byCode[m.Code]; dup {
			return nil, errAt(col["code"], "the code %s is already on line %d", m.Code, lines[j])
		}
		for k, i := range nameCols {
			m.Names[l.langs[k]] = rec[i]
		}
		key, ok := Key(rec[nameCols[0]])
		if !ok {
			return nil, errAt(nameCols[0], "the name %q has no key: its letters must have ASCII forms (a for ä)", rec[nameCols[0]])
		}
		if j, dup := l.byKey[key]; dup {
			return nil, errAt(nameCols[0], "the name %q has the key %s of line %d (%s)", rec[nameCols[0]], key, lines[j], l.all[j].Names[l.langs[0]])
		}
		m.Key = key
		rc := col["region"]
		m.Region.Code = rec[rc]
		if m.Region.Code == "" || strings.ContainsFunc(m.Region.Code, unicode.IsSpace) {
			return nil, errAt(rc, "the region code %q is empty or holds a space", m.Region.Code)
		}
		names := map[string]string{}
		for lang, i := range regionCol {
			names[lang] = rec[i]
		}
		if j, seen := regionAt[m.Region.Code]; seen {
			for _, lang := range l.langs {
				if want := l.regions[j].Names[lang]; names[lang] != want {
					return nil, errAt(regionCol[lang], "region %s is named %q here but %q on line %d", m.Region.Code, names[lang], want, regionLine[m.Region.Code])
				}
			}
			m.Region = l.regions[j]
		} else {
			m.Region.Names = names
			regionAt[m.Region.Code] = len(l.regions)
			regionLine[m.Region.Code] = line
			l.regions = append(l.regions, m.Region)
		}
		l.byKey[key] = len(l.all)
		l.byCode[m.Code] = len(l.all)
		l.all = append(l.all, m)
		lines = append(lines, line)
	}
	if len(l.all) == 0 {
		return nil, fmt.Errorf("%s: no municipalities after the header line", file)
	}

	slices.SortFunc(l.all, func(a, b Municipality) int { return strings.Compare(a.Code, b.Code) })
	slices.SortFunc(l.regions, func(a, b Region) int { return strings.Compare(a.Code, b.Code) })
	for i, m := range l.all {
		l.byKey[m.Key] = i
		l.byCode[m.Code] = i
		l.cands = append(l.cands, candidate{m.Key, i})
	}
	for i, m := range l.all {
		for _, lang := range l.langs[1:] {
			if k, _ := Key(m.Names[lang]); k != "" && k != m.Key {
				l.cands = append(l.cands, candidate{k, i})
			}
		}
	}
	for _, c := range l.cands {
		l.longest = max(l.longest, len(c.s))
	}
	return l, nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d:%d: %v", file, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %v", file, err)
}

// badText says what is wrong with a field, if anything.
func badText(v string) (string, bool) {
	switch {
	case !utf8.ValidString(v):
		return "is not UTF-8", false
	case v == "":
		return "is empty", false
	case strings.TrimSpace(v) != v:
		return "starts or ends with a space", false
	case strings.ContainsAny(v, "\t\n"):
		return "holds a line break or a tab", false
	}
	if r, ok := plaintext.Find(v); !ok {
		return "holds " + plaintext.Name(r), false
	}
	return "", true
}

func langCode(s string) bool {
	return len(s) >= 2 && len(s) <= 8 && !strings.ContainsFunc(s, func(r rune) bool { return r < 'a' || r > 'z' })
}

func threeDigits(s string) bool {
	return len(s) == 3 && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// Lookup returns the municipality with the key, as [Key] forms it.
func (l *List) Lookup(key string) (Municipality, bool) {
	i, ok := l.byKey[key]
	if !ok {
		return Municipality{}, false
	}
	return l.at(i), true
}

func (l *List) at(i int) Municipality {
	m := l.all[i]
	m.Names = maps.Clone(m.Names)
	m.Region.Names = maps.Clone(m.Region.Names)
	return m
}

// All returns every municipality, sorted by code.
func (l *List) All() []Municipality {
	out := make([]Municipality, len(l.all))
	for i := range l.all {
		out[i] = l.at(i)
	}
	return out
}

// Len returns the number of municipalities.
func (l *List) Len() int { return len(l.all) }

// Regions returns every region, sorted by code.
func (l *List) Regions() []Region {
	out := make([]Region, len(l.regions))
	for i, r := range l.regions {
		out[i] = Region{r.Code, maps.Clone(r.Names)}
	}
	return out
}

// Languages returns the language codes of the names, in the file's order;
// the first one's names give the keys.
func (l *List) Languages() []string { return slices.Clone(l.langs) }

// Suggest returns the key of the municipality that s most likely means, or
// "" when none is close: s is folded as [Key] folds names, then it may be
// a key, a code (leading zeros may be left out), a name in another language
// ("Lahtis"), the first words of a key ("pedersoren" for
// "pedersoren-kunta"), or any of these with a few typos: at most one for
// up to 3 letters, two for up to 7 and three beyond. On a tie the key wins
// over another language's name, then the lower code. Text longer than
// MaxSuggest bytes gets "". Its cost is linear in the list's length times
// the length of s.
func (l *List) Suggest(s string) string {
	if len(s) > MaxSuggest {
		return ""
	}
	q, _ := Key(s)
	if q == "" {
		return ""
	}
	if i, ok := l.byKey[q]; ok {
		return l.all[i].Key
	}
	if !strings.ContainsFunc(q, func(r rune) bool { return r < '0' || r > '9' }) {
		// A code: digits are never compared with names.
		if t := strings.TrimLeft(q, "0"); len(t) <= 3 {
			if i, ok := l.byCode[strings.Repeat("0", 3-len(t))+t]; ok {
				return l.all[i].Key
			}
		}
		return ""
	}
	limit := 1
	switch {
	case len(q) > 7:
		limit = 3
	case len(q) > 3:
		limit = 2
	}
	best, bestD := -1, limit+1
	rows := make([]int, 3*(l.longest+1))
	for _, c := range l.cands {
		d := distance(q, c.s, bestD-1, rows)
		if len(q) >= 3 && len(c.s) > len(q) && c.s[len(q)] == '-' && strings.HasPrefix(c.s, q) {
			d = min(d, 1) // q is the key's first words
		}
		if d < bestD {
			best, bestD = c.i, d
			if d == 0 {
				break
			}
		}
	}
	if best < 0 {
		return ""
	}
	return l.all[best].Key
}

// distance returns the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of two neighbouring
// bytes) when it is at most k, and k+1 otherwise. Only the band of width
// 2k+1 around the diagonal is computed, so the cost is O(k·len(a)). rows
// holds at least 3·(len(b)+1) ints.
func distance(a, b string, k int, rows []int) int {
	if k < 0 {
		return k + 1
	}
	if d := len(a) - len(b); d > k || -d > k {
		return k + 1
	}
	n := len(b)
	big := k + 1
	prev2, prev, cur := rows[:n+1], rows[n+1:2*(n+1)], rows[2*(n+1):3*(n+1)]
	for j := range prev {
		prev[j] = min(j, big)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(n, i+k)
		if lo > 1 {
			cur[lo-1] = big
		} else {
			cur[0] = min(i, big)
		}
		rowMin := cur[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if j < i+k { // prev[j] is inside the band of the row above
				v = min(v, prev[j]+1)
			}
			v = min(v, cur[j-1]+1)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = min(v, big)
			rowMin = min(rowMin, cur[j])
		}
		if hi < n {
			cur[hi+1] = big
		}
		if rowMin > k {
			return big
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[n]
}

// A Local is a municipality as pages in one language name it.
type Local struct {
	Key, Code  string
	Name       string // in the language, else in the first language column
	RegionCode string
	Region     string // the region's name, likewise
}

// In returns the municipality with the key as the language names it: a
// language the classification has no column for gets the first column's
// names (those the keys are made of). It copies nothing but strings.
func (l *List) In(key, lang string) (Local, bool) {
	i, ok := l.byKey[key]
	if !ok {
		return Local{}, false
	}
	m := &l.all[i]
	name := func(names map[string]string) string {
		if n, ok := names[lang]; ok {
			return n
		}
		return names[l.langs[0]]
	}
	return Local{Key: m.Key, Code: m.Code, Name: name(m.Names), RegionCode: m.Region.Code, Region: name(m.Region.Names)}, true
}
