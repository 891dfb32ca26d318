package municipality

import (
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func list(t testing.TB) *List {
	t.Helper()
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestKnownRows(t *testing.T) {
	l := list(t)
	for _, tt := range []struct {
		key, code, fi, sv, region, regionFi, regionSv string
	}{
		{"helsinki", "091", "Helsinki", "Helsingfors", "01", "Uusimaa", "Nyland"},
		{"lahti", "398", "Lahti", "Lahtis", "07", "Päijät-Häme", "Päijänne-Tavastland"},
		{"raasepori", "710", "Raasepori", "Raseborg", "01", "Uusimaa", "Nyland"},
		{"pedersoren-kunta", "599", "Pedersören kunta", "Pedersöre", "15", "Pohjanmaa", "Österbotten"},
		{"maarianhamina-mariehamn", "478", "Maarianhamina - Mariehamn", "Mariehamn", "21", "Ahvenanmaa", "Åland"},
		{"jomala", "170", "Jomala", "Jomala", "21", "Ahvenanmaa", "Åland"},
		{"koski-tl", "284", "Koski Tl", "Koskis", "02", "Varsinais-Suomi", "Egentliga Finland"},
		{"mantta-vilppula", "508", "Mänttä-Vilppula", "Mänttä-Vilppula", "06", "Pirkanmaa", "Birkaland"},
		{"hartola", "081", "Hartola", "Gustav Adolfs", "07", "Päijät-Häme", "Päijänne-Tavastland"},
		{"aanekoski", "992", "Äänekoski", "Äänekoski", "13", "Keski-Suomi", "Mellersta Finland"},
	} {
		m, ok := l.Lookup(tt.key)
		if !ok {
			t.Errorf("Lookup(%q): not found", tt.key)
			continue
		}
		got := []string{m.Key, m.Code, m.Names["fi"], m.Names["sv"], m.Region.Code, m.Region.Names["fi"], m.Region.Names["sv"]}
		want := []string{tt.key, tt.code, tt.fi, tt.sv, tt.region, tt.regionFi, tt.regionSv}
		if !slices.Equal(got, want) {
			t.Errorf("Lookup(%q) = %q, want %q", tt.key, got, want)
		}
	}
	for _, key := range []string{"", "Lahti", "lahtis", "398", "helsingfors", "pedersore", "lahti "} {
		if m, ok := l.Lookup(key); ok {
			t.Errorf("Lookup(%q) = %s; keys are the Finnish names' only", key, m.Key)
		}
	}
}

// The header states the count; the file must hold that many.
func TestCount(t *testing.T) {
	data, err := fs.ReadFile(files, "municipalities.csv")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^# Count: (\d+) municipalities in (\d+) regions\.$`).FindSubmatch(data)
	if m == nil {
		t.Fatal("the header has no line # Count: N municipalities in N regions.")
	}
	n, _ := strconv.Atoi(string(m[1]))
	r, _ := strconv.Atoi(string(m[2]))
	l := list(t)
	if l.Len() != n || len(l.All()) != n || len(l.Regions()) != r {
		t.Errorf("%d municipalities in %d regions; the header says %d in %d", l.Len(), len(l.Regions()), n, r)
	}
	if n < 300 || n > 320 || r != 19 {
		t.Errorf("the header's count (%d in %d regions) is not the mid-2020s classification's", n, r)
	}
	if !regexp.MustCompile(`(?m)^# Licence: CC BY 4\.0\. Source: Statistics Finland`).Match(data) ||
		!regexp.MustCompile(`kunta_1_(\d{4})0101`).Match(data) {
		t.Error("the header must name the licence, its attribution and the classification's year")
	}
}

func TestInvariants(t *testing.T) {
	l := list(t)
	if got := l.Languages(); !slices.Equal(got, []string{"fi", "sv"}) {
		t.Errorf("Languages() = %q, want [fi sv]", got)
	}
	keys, codes := map[string]string{}, map[string]string{}
	regions := map[string]bool{}
	all := l.All()
	for i, m := range all {
		if k, ok := Key(m.Names["fi"]); !ok || k != m.Key || !regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`).MatchString(k) {
			t.Errorf("%s: key %q, Key(%q) = %q, %v", m.Code, m.Key, m.Names["fi"], k, ok)
		}
		if prev, dup := keys[m.Key]; dup {
			t.Errorf("key %s: %s and %s", m.Key, prev, m.Code)
		}
		keys[m.Key] = m.Code
		if prev, dup := codes[m.Code]; dup || !threeDigits(m.Code) {
			t.Errorf("code %q: not three digits, or also %s", m.Code, prev)
		}
		codes[m.Code] = m.Key
		if i > 0 && all[i-1].Code >= m.Code {
			t.Errorf("All() not sorted by code: %s before %s", all[i-1].Code, m.Code)
		}
		for _, lang := range l.Languages() {
			if m.Names[lang] == "" || m.Region.Names[lang] == "" {
				t.Errorf("%s: no %s name for it or its region %s", m.Code, lang, m.Region.Code)
			}
		}
		regions[m.Region.Code] = true
	}
	rs := l.Regions()
	for i, r := range rs {
		if !regions[r.Code] {
			t.Errorf("region %s has no municipality", r.Code)
		}
		if i > 0 && rs[i-1].Code >= r.Code {
			t.Errorf("Regions() not sorted by code: %s before %s", rs[i-1].Code, r.Code)
		}
		if len(r.Names) != 2 || r.Names["fi"] == "" || r.Names["sv"] == "" {
			t.Errorf("region %s: names %q", r.Code, r.Names)
		}
	}
	if len(rs) != len(regions) {
		t.Errorf("Regions() has %d, the municipalities %d", len(rs), len(regions))
	}
}

// What Lookup and the other methods return are copies: changing them
// changes nothing in the List.
func TestCopies(t *testing.T) {
	l := list(t)
	m, _ := l.Lookup("lahti")
	m.Names["fi"] = "x"
	m.Region.Names["fi"] = "x"
	l.Regions()[0].Names["fi"] = "x"
	l.All()[0].Names["fi"] = "x"
	l.Languages()[0] = "x"
	if m, _ := l.Lookup("lahti"); m.Names["fi"] != "Lahti" || m.Region.Names["fi"] != "Päijät-Häme" {
		t.Errorf("Lookup(lahti) after a change: %q, %q", m.Names, m.Region.Names)
	}
	if r := l.Regions()[0]; r.Names["fi"] != "Uusimaa" {
		t.Errorf("Regions()[0] after a change: %q", r.Names)
	}
	if m := l.All()[0]; m.Names["fi"] != "Alajärvi" {
		t.Errorf("All()[0] after a change: %q", m.Names)
	}
	if l.Languages()[0] != "fi" {
		t.Error("Languages() after a change")
	}
	if l2, _ := Load(); l2 != l {
		t.Error("Load returned a new List")
	}
}

func TestKey(t *testing.T) {
	for _, tt := range []struct {
		name, key string
		ok        bool
	}{
		{"Lahti", "lahti", true},
		{"Pedersören kunta", "pedersoren-kunta", true},
		{"Maarianhamina - Mariehamn", "maarianhamina-mariehamn", true},
		{"S:t Michel", "s-t-michel", true},
		{"  Åbo  ", "abo", true},
		{"ÄÄNEKOSKI", "aanekoski", true},
		{"Ii", "ii", true},
		{"a\u0308", "a", true}, // ä written as a and a combining mark
		{"Müller–Lüdenscheid 2", "muller-ludenscheid-2", true},
		{"Łódź", "odz", false}, // Ł has no ASCII form
		{"Aarhus Ø", "aarhus", false},
		{"", "", false},
		{" - ", "", false},
	} {
		if key, ok := Key(tt.name); key != tt.key || ok != tt.ok {
			t.Errorf("Key(%q) = %q, %v; want %q, %v", tt.name, key, ok, tt.key, tt.ok)
		}
	}
}

func TestSuggest(t *testing.T) {
	l := list(t)
	for _, tt := range []struct{ s, want string }{
		{"lahti", "lahti"},
		{"lahtis", "lahti"}, // the Swedish name
		{"Lahti ", "lahti"},
		{"LAHTI", "lahti"},
		{"lahit", "lahti"}, // two letters swapped
		{"lahtti", "lahti"},
		{"398", "lahti"},
		{"91", "helsinki"},
		{"0091", "helsinki"},
		{"Helsingfors", "helsinki"},
		{"helsinkki", "helsinki"},
		{"helsinki/helsingfors", ""},
		{"Raseborg", "raasepori"},
		{"rasepori", "raasepori"},
		{"Pedersöre", "pedersoren-kunta"},
		{"pedersoren", "pedersoren-kunta"}, // the key's first word
		{"Pedersören kunta", "pedersoren-kunta"},
		{"pedersorenkunta", "pedersoren-kunta"},
		{"mariehamn", "maarianhamina-mariehamn"},
		{"Maarianhamina", "maarianhamina-mariehamn"},
		{"koski", "koski-tl"},
		{"S:t Michel", "mikkeli"},
		{"st michel", "mikkeli"},
		{"Åbo", "turku"},
		{"tampre", "tampere"},
		{"jyvaskyla", "jyvaskyla"},
		{"Jyväskylä", "jyvaskyla"},
		{"i", "ii"},
		{"xyzzy", ""},
		{"kunta", ""},
		{"999", ""},
		{"1234", ""},
		{"", ""},
		{"   ", ""},
		{"qqqq", ""},
		{"ääää", "akaa"},                  // aaaa, one letter from it
		{strings.Repeat("lahti", 13), ""}, // 65 bytes
	} {
		if got := l.Suggest(tt.s); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

// Every key, code and name leads to its municipality, unless the name is
// another municipality's key.
func TestSuggestEveryName(t *testing.T) {
	l := list(t)
	for _, m := range l.All() {
		for _, s := range []string{m.Key, m.Code, m.Names["fi"], m.Names["sv"], strings.ToUpper(m.Names["sv"]) + " "} {
			want := m.Key
			if k, _ := Key(s); k != m.Key {
				if other, ok := l.Lookup(k); ok {
					want = other.Key
				}
			}
			if got := l.Suggest(s); got != want {
				t.Errorf("Suggest(%q) = %q, want %q", s, got, want)
			}
		}
	}
}

func TestSuggestLong(t *testing.T) {
	l := list(t)
	// A long text is not looked at beyond MaxSuggest, so it costs what a
	// short one does (BenchmarkSuggestLong; asserting a time here failed
	// for nothing under -race on a busy machine).
	if got := l.Suggest(strings.Repeat("lahti", 2048)); got != "" { // 10 KB
		t.Fatalf("Suggest(10 KB) = %q", got)
	}
	// The longest text that is looked at, and nothing is near it.
	if got := l.Suggest(strings.Repeat("x", MaxSuggest)); got != "" {
		t.Errorf("Suggest(64 x) = %q", got)
	}
	if got := l.Suggest(strings.Repeat(" ", MaxSuggest-5) + "lahti"); got != "lahti" {
		t.Errorf("Suggest(spaces + lahti) = %q", got)
	}
}

func BenchmarkSuggest(b *testing.B) {
	l := list(b)
	for _, s := range []string{"lahtis", "pedersorenkunta", strings.Repeat("q", MaxSuggest)} {
		b.Run(s[:min(len(s), 16)], func(b *testing.B) {
			for b.Loop() {
				l.Suggest(s)
			}
		})
	}
}

// distance agrees with the full table of the optimal string alignment
// distance.
func TestDistance(t *testing.T) {
	words := []string{"", "a", "ab", "ba", "abc", "acb", "lahti", "lahtis", "lahit", "hlati", "helsinki", "helsingfors", "kemi", "kemijarvi", "ii", "abcdefgh", "badcfehg"}
	for _, a := range words {
		for _, b := range words {
			full := osa(a, b)
			for k := 0; k <= 4; k++ {
				rows := make([]int, 3*(len(b)+1))
				want := min(full, k+1)
				if got := distance(a, b, k, rows); got != want {
					t.Errorf("distance(%q, %q, %d) = %d, want %d", a, b, k, got, want)
				}
			}
		}
	}
}

func osa(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func TestParse(t *testing.T) {
	l, err := Parse("t.csv", strings.NewReader("\uFEFF# a comment\nsv,region_sv,code,region,fi,region_fi\n"+
		"Lahtis,Päijänne-Tavastland,398,07,Lahti,Päijät-Häme\n"+
		"# another comment\n"+
		"Helsingfors,Nyland,091,01,Helsinki,Uusimaa\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Languages(); !slices.Equal(got, []string{"sv", "fi"}) {
		t.Errorf("Languages() = %q", got)
	}
	// The first language gives the keys.
	if m, ok := l.Lookup("helsingfors"); !ok || m.Code != "091" || m.Names["fi"] != "Helsinki" || m.Region.Names["sv"] != "Nyland" {
		t.Errorf("Lookup(helsingfors) = %v, %v", m, ok)
	}
	if got := l.Suggest("helsinki"); got != "helsingfors" {
		t.Errorf("Suggest(helsinki) = %q", got)
	}
	if all := l.All(); len(all) != 2 || all[0].Code != "091" {
		t.Errorf("All() = %v", all)
	}
}

func TestParseErrors(t *testing.T) {
	const header = "# comment\ncode,fi,sv,region,region_fi,region_sv\n"
	const lahti = "398,Lahti,Lahtis,07,Päijät-Häme,Päijänne-Tavastland\n"
	for _, tt := range []struct{ in, want string }{
		{"", "t.csv: no header line"},
		{"# only a comment\n", "t.csv: no header line"},
		{header, "t.csv: no municipalities after the header line"},
		{header + lahti + `091,"Helsinki,Helsingfors,01,Uusimaa,Nyland` + "\n", `t.csv:4:`},
		{header + lahti + "091,Helsinki,Helsingfors,01,Uusimaa\n", "t.csv:4:1: wrong number of fields"},
		{header + lahti + "91,Helsinki,Helsingfors,01,Uusimaa,Nyland\n", `t.csv:4:1: the code "91" is not three digits`},
		{header + lahti + "# c\n\n" + "398,Helsinki,Helsingfors,01,Uusimaa,Nyland\n", "t.csv:6:1: the code 398 is already on line 3"},
		{header + lahti + "399,Lahti,Laihela,15,Pohjanmaa,Österbotten\n", `t.csv:4:5: the name "Lahti" has the key lahti of line 3 (Lahti)`},
		{header + lahti + "399,LAHTI,Laihela,15,Pohjanmaa,Österbotten\n", `t.csv:4:5: the name "LAHTI" has the key lahti of line 3`},
		{header + lahti + "016,Asikkala,Asikkala,07,Päijät-Häme,Tavastland\n", `t.csv:4:41: region 07 is named "Tavastland" here but "Päijänne-Tavastland" on line 3`},
		{header + lahti + "091,Helsinki,,01,Uusimaa,Nyland\n", `t.csv:4:14: the sv field "" is empty`},
		{header + lahti + "091,Helsinki,Helsingfors ,01,Uusimaa,Nyland\n", `t.csv:4:14: the sv field "Helsingfors " starts or ends with a space`},
		{header + lahti + "091,\"Hel\nsinki\",Helsingfors,01,Uusimaa,Nyland\n", `t.csv:4:5: the fi field "Hel\nsinki" holds a line break`},
		{header + lahti + "091,Helsinki\x07,Helsingfors,01,Uusimaa,Nyland\n", `t.csv:4:5: the fi field "Helsinki\a" holds the control character U+0007`},
		{header + lahti + "091,Helsinki\xff,Helsingfors,01,Uusimaa,Nyland\n", `t.csv:4:5: the fi field "Helsinki\xff" is not UTF-8`},
		{header + lahti + "091,Łódź,Helsingfors,01,Uusimaa,Nyland\n", `t.csv:4:5: the name "Łódź" has no key`},
		{header + lahti + "091,Helsinki,Helsingfors,0 1,Uusimaa,Nyland\n", `t.csv:4:26: the region code "0 1" is empty or holds a space`},
		{"code,fi,sv,region,region_fi\n" + lahti, `t.csv:1:1: there is a column "sv" but no column region_sv`},
		{"code,fi,region,region_fi,region_sv\n" + lahti, `t.csv:1:26: there is a column region_sv but no column "sv"`},
		{"code,fi,fi,region,region_fi\n" + lahti, `t.csv:1:9: the column "fi" is named twice`},
		{"code,fi,Swedish,region,region_fi\n" + lahti, `t.csv:1:9: the column "Swedish" is not code, region`},
		{"kod,fi,region,region_fi\n" + lahti, `t.csv:1:1: there is no column "code"`},
		{"code,fi,region_fi\n" + lahti, `t.csv:1:1: there is no column "region"`},
		{"code,region\n" + lahti, `t.csv:1:1: there is no column of names`},
	} {
		_, err := Parse("t.csv", strings.NewReader(tt.in))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want %s…", tt.in, err, tt.want)
		}
	}
}

func FuzzSuggest(f *testing.F) {
	l := list(f)
	for _, s := range []string{"lahti", "Lahtis", "Lahti ", "398", "91", "pedersoren", "Pedersören kunta",
		"S:t Michel", "Maarianhamina - Mariehamn", "koski tl", "a\u0308", "Łódź", "", "-", "0000000398",
		strings.Repeat("ä", 40), strings.Repeat("x", MaxSuggest), strings.Repeat("x", MaxSuggest+1)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := l.Suggest(s)
		if got == "" {
			return
		}
		if len(s) > MaxSuggest {
			t.Fatalf("Suggest(%q) = %q: longer than %d bytes", s, got, MaxSuggest)
		}
		if _, ok := l.Lookup(got); !ok {
			t.Fatalf("Suggest(%q) = %q: not a key", s, got)
		}
		if again := l.Suggest(got); again != got {
			t.Fatalf("Suggest(%q) = %q, but Suggest(%q) = %q", s, got, got, again)
		}
		if k, _ := Key(s); k != "" {
			if m, ok := l.Lookup(k); ok && m.Key != got {
				t.Fatalf("Suggest(%q) = %q, but %q is a key", s, got, k)
			}
		}
	})
}

// BenchmarkSuggestLong: go test ./internal/municipality -run '^$' -bench SuggestLong
func BenchmarkSuggestLong(b *testing.B) {
	l := list(b)
	long := strings.Repeat("lahti", 2048)
	for b.Loop() {
		l.Suggest(long)
	}
}
