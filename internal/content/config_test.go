package content

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kokeilu/kokeilu/internal/problem"
)

// A site.yaml that is fine; the cases below change one thing in it.
const goodConfig = `baseURL: https://kokeilu.example.fi/
defaultLanguage: fi
pageSize: 20
footer: [about, accessibility]
languages:
  - code: fi
    name: Suomeksi
    title: Kokeilun paikka
    sections: {experiments: kokeilut, campaigns: kampanjat, contacts: yhteystiedot, tags: aiheet, failday: epaonnistumisen-paiva, browse: selaa, stage: vaihe, municipality: kunta, region: maakunta, year: vuosi, role: rooli}
  - code: sv
    name: På svenska
    title: Plats för försök
    locale: sv-fi
    sections: {experiments: forsok, campaigns: kampanjer, contacts: kontakter, tags: amnen, failday: dagen-for-misslyckande, browse: bladdra, stage: skede, municipality: kommun, region: landskap, year: ar, role: roll}
  - code: en
    name: In English
    title: Place to Experiment
    sections: {experiments: experiments, campaigns: campaigns, contacts: contacts, tags: themes, failday: day-for-failure, browse: browse, stage: stage, municipality: municipality, region: region, year: year, role: role}
`

func TestParseConfig(t *testing.T) {
	var probs problem.List
	c := ParseConfig([]byte(goodConfig), &probs)
	if probs.Len() > 0 || c == nil {
		t.Fatalf("problems: %v", probs.All())
	}
	if c.BaseURL != "https://kokeilu.example.fi" || c.DefaultLanguage != "fi" || c.PageSize != 20 ||
		!slices.Equal(c.Footer, []string{"about", "accessibility"}) {
		t.Errorf("config = %+v", c)
	}
	if got := c.Codes(); !slices.Equal(got, []string{"fi", "sv", "en"}) {
		t.Errorf("codes = %q", got)
	}
	if l := c.Language("sv"); l.Locale != "sv-FI" || l.Tag().String() != "sv-FI" || l.Sections.Failday != "dagen-for-misslyckande" {
		t.Errorf("sv = %+v", l)
	}
	if l := c.Language("en"); l.Locale != "en" || l.Name != "In English" || l.Sections.Tags != "themes" || l.Sections.Search != DefaultSearchSection {
		t.Errorf("en = %+v", l)
	}
}

func TestParseConfigDefaults(t *testing.T) {
	var probs problem.List
	c := ParseConfig([]byte(`baseURL: http://localhost:1313
languages:
  - code: sv
    name: På svenska
    title: Plats för försök
    sections: {experiments: forsok, campaigns: kampanjer, contacts: kontakter, tags: amnen, failday: dagen, browse: browse, stage: stage, municipality: municipality, region: region, year: year, role: role}
`), &probs)
	if probs.Len() > 0 || c == nil {
		t.Fatalf("problems: %v", probs.All())
	}
	if c.DefaultLanguage != "sv" || c.PageSize != 50 || c.Footer != nil || c.Languages[0].Locale != "sv" {
		t.Errorf("config = %+v", c)
	}
}

// The publisher is per language and may be left out; the licence is the
// site's.
func TestParseConfigPublisherAndLicence(t *testing.T) {
	src := strings.NewReplacer(
		"pageSize: 20\n", "pageSize: 20\nlicence: {name: CC BY 4.0, url: https://creativecommons.org/licenses/by/4.0/}\n",
		"    title: Kokeilun paikka\n", "    title: Kokeilun paikka\n    publisher: {name: Valtiovarainministeriö, url: https://vm.fi/, logo: publisher.svg}\n",
		"    locale: sv-fi\n", "    locale: sv-fi\n    publisher:\n      name: Finansministeriet\n      url: https://vm.fi/sv/\n",
	).Replace(goodConfig)
	var probs problem.List
	c := ParseConfig([]byte(src), &probs)
	if probs.Len() > 0 || c == nil {
		t.Fatalf("problems: %v", probs.All())
	}
	if c.Licence == nil || *c.Licence != (Licence{Name: "CC BY 4.0", URL: "https://creativecommons.org/licenses/by/4.0/"}) {
		t.Errorf("licence = %+v", c.Licence)
	}
	if p := c.Language("fi").Publisher; p == nil || *p != (Publisher{Name: "Valtiovarainministeriö", URL: "https://vm.fi/", Logo: "publisher.svg"}) {
		t.Errorf("fi publisher = %+v", p)
	}
	if p := c.Language("sv").Publisher; p == nil || *p != (Publisher{Name: "Finansministeriet", URL: "https://vm.fi/sv/"}) {
		t.Errorf("sv publisher = %+v", p)
	}
	if p := c.Language("en").Publisher; p != nil {
		t.Errorf("en has no publisher in site.yaml, got %+v", p)
	}

	// Neither is required: a site.yaml without them is the good one.
	c = ParseConfig([]byte(goodConfig), &probs)
	if c == nil || c.Licence != nil || c.Language("fi").Publisher != nil {
		t.Errorf("without publisher and licence: %+v", c)
	}
}

// A site.yaml written before the search and browse pages still builds:
// those sections' paths are then their names.
func TestParseConfigOlderSections(t *testing.T) {
	var probs problem.List
	c := ParseConfig([]byte(`baseURL: http://localhost:1313
languages:
  - code: sv
    name: På svenska
    title: Plats för försök
    sections: {experiments: forsok, campaigns: kampanjer, contacts: kontakter, tags: amnen, failday: dagen}
`), &probs)
	if probs.Len() > 0 || c == nil {
		t.Fatalf("problems: %v", probs.All())
	}
	s := c.Languages[0].Sections
	if s.Search != "search" || s.Browse != "browse" || s.Stage != "stage" || s.Municipality != "municipality" ||
		s.Region != "region" || s.Year != "year" || s.Role != "role" {
		t.Errorf("sections = %+v", s)
	}
}

// The sample site's configuration is valid.
func TestParseSampleConfig(t *testing.T) {
	data, err := os.ReadFile("../../" + ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	var probs problem.List
	if c := ParseConfig(data, &probs); c == nil || probs.Len() > 0 {
		t.Fatalf("problems: %v", probs.All())
	}
}

func TestParseConfigProblems(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // replace old in goodConfig with new; old "" means: the whole file is new
		want     string // path:line:col: message (the first problem)
	}{
		{"invalid UTF-8", "title: Plats", "title: Pl\xffats", "content/site.yaml:12:14: the file is not UTF-8 text: byte 0xff"},
		{"raw NUL", "title: Plats", "title: Pl\x00ats", "content/site.yaml:12:14: the file holds the control character U+0000"},
		{"escaped control", "title: Plats för försök", `title: "Plats\x07"`, `content/site.yaml:12:12: title holds the control character U+0007`},
		{"syntax error", "pageSize: 20", "pageSize: 20\n  bad: [", "content/site.yaml:4:3: the site configuration cannot be read: mapping values are not allowed in this context"},
		{"empty", "", "", "content/site.yaml:1:1: the site configuration is empty"},
		{"not a mapping", "", "- a\n- b\n", "content/site.yaml:1:1: the site configuration must be a mapping of key: value lines"},
		{"unknown key", "pageSize: 20", "pageSize: 20\npagesize: 10", `content/site.yaml:4:1: the site configuration has no key "pagesize"`},
		{"repeated key", "pageSize: 20", "pageSize: 20\npageSize: 10", `content/site.yaml:4:1: the site configuration "pageSize" is given twice (first on line 3)`},

		{"no languages key", "", "baseURL: https://x.example\n", "content/site.yaml:1:1: the site has no languages"},
		{"empty languages", "", "baseURL: https://x.example\nlanguages: []\n", "content/site.yaml:2:12: languages must be a list of at least one language"},
		{"no code", "  - code: en\n", "  - \n", "content/site.yaml:16:5: the language has no code"},
		{"code not BCP 47", "code: en", "code: xx-yyyyyyyyy", `content/site.yaml:15:11: "xx-yyyyyyyyy" is not a language code`},
		{"code unknown language", "code: en", "code: english", `content/site.yaml:15:11: "english" is not a language code`},
		{"code upper case", "code: en", "code: EN", `content/site.yaml:15:11: "EN" is not a language code`},
		{"code not URL-safe", "code: en", "code: en/../x", `content/site.yaml:15:11: "en/../x" is not a language code`},
		{"code x-default", "code: en", "code: x-default", `content/site.yaml:15:11: "x-default" is not a language code`},
		{"code und", "code: en", "code: und", `content/site.yaml:15:11: "und" is not a language code`},
		{"code twice", "code: en", "code: sv", `content/site.yaml:15:11: language "sv" is listed twice (first on line 10)`},
		{"no name", "    name: In English\n", "", `content/site.yaml:15:5: language en has no name`},
		{"empty name", "name: In English", "name: ''", `content/site.yaml:16:5: language en has no name`},
		{"no title", "    title: Place to Experiment\n", "", `content/site.yaml:15:5: language en has no title`},
		{"name not text", "name: In English", "name: [a]", `content/site.yaml:16:11: name must be text`},
		{"bad locale", "locale: sv-fi", "locale: sv_FI!", `content/site.yaml:13:13: locale "sv_FI!" is not a language tag`},
		{"unknown language key", "locale: sv-fi", "lokale: sv-fi", `content/site.yaml:13:5: a language has no key "lokale"`},

		{"no sections", "    sections: {experiments: experiments, campaigns: campaigns, contacts: contacts, tags: themes, failday: day-for-failure, browse: browse, stage: stage, municipality: municipality, region: region, year: year, role: role}\n", "",
			`content/site.yaml:15:5: language en has no sections`},
		{"section missing", "tags: themes, ", "", `content/site.yaml:18:15: language en has no path for the section tags`},
		{"section not URL-safe", "tags: themes", "tags: ../themes", `content/site.yaml:18:90: language en: the section tags has no valid path ("../themes")`},
		{"section empty", "tags: themes", "tags: ''", `content/site.yaml:18:90: language en: the section tags has no valid path ("")`},
		{"section with slash", "tags: themes", "tags: a/b", `content/site.yaml:18:90: language en: the section tags has no valid path ("a/b")`},
		{"section twice", "tags: themes", "tags: contacts", `content/site.yaml:18:90: language en: the sections contacts and tags share the path "contacts"`},
		{"unknown section", "tags: themes", "tags: themes, news: news", `content/site.yaml:18:98: language en's sections has no key "news"`},
		{"search not URL-safe", "tags: themes", "tags: themes, search: Haku", `content/site.yaml:18:106: language en: the section search has no valid path ("Haku")`},
		{"search twice", "tags: themes", "tags: themes, search: themes", `content/site.yaml:18:90: language en: the sections search and tags share the path "themes"`},
		{"default search taken", "tags: themes", "tags: search", `content/site.yaml:18:90: language en: the sections search and tags share the path "search"`},
		{"sections not a mapping", "sections: {experiments: experiments, campaigns: campaigns, contacts: contacts, tags: themes, failday: day-for-failure, browse: browse, stage: stage, municipality: municipality, region: region, year: year, role: role}", "sections: [a]",
			`content/site.yaml:18:15: language en's sections must be a mapping of key: value lines`},

		{"pageSize negative", "pageSize: 20", "pageSize: -1", "content/site.yaml:3:11: pageSize must be at least 1, not -1"},
		{"pageSize zero", "pageSize: 20", "pageSize: 0", "content/site.yaml:3:11: pageSize must be at least 1, not 0"},
		{"pageSize text", "pageSize: 20", "pageSize: many", `content/site.yaml:3:11: pageSize must be a whole number, not "many"`},
		{"pageSize quoted", "pageSize: 20", `pageSize: "20"`, `content/site.yaml:3:11: pageSize must be a whole number, not "20"`},
		{"pageSize fraction", "pageSize: 20", "pageSize: 2.5", `content/site.yaml:3:11: pageSize must be a whole number, not "2.5"`},
		{"pageSize huge", "pageSize: 20", "pageSize: 99999999999999999999", `content/site.yaml:3:11: pageSize must be a whole number, not "99999999999999999999"`},

		{"defaultLanguage unknown", "defaultLanguage: fi", "defaultLanguage: de", `content/site.yaml:2:18: defaultLanguage "de" is not one of the site's languages`},

		{"footer not a list", "footer: [about, accessibility]", "footer: about", "content/site.yaml:4:9: footer must be a list of page slugs"},
		{"footer bad slug", "footer: [about, accessibility]", "footer: [about, ../x]", `content/site.yaml:4:17: the footer entry "../x" is not a page slug`},
		{"footer twice", "footer: [about, accessibility]", "footer: [about, about]", `content/site.yaml:4:17: the footer lists "about" twice (first on line 4)`},
		{"footer entry not text", "footer: [about, accessibility]", "footer: [about, {a: b}]", `content/site.yaml:4:17: a footer entry must be text`},

		{"publisher not a mapping", "locale: sv-fi", "locale: sv-fi\n    publisher: Finansministeriet", `content/site.yaml:14:16: the publisher must be a mapping of key: value lines`},
		{"publisher without name", "locale: sv-fi", "locale: sv-fi\n    publisher: {url: https://vm.fi/sv/}", `content/site.yaml:14:16: the publisher has no name`},
		{"publisher empty name", "locale: sv-fi", "locale: sv-fi\n    publisher: {name: '', url: https://vm.fi/sv/}", `content/site.yaml:14:17: the publisher has no name`},
		{"publisher url not web", "locale: sv-fi", "locale: sv-fi\n    publisher: {name: Finansministeriet, url: vm.fi}", `content/site.yaml:14:47: the publisher's url "vm.fi" is not a web address`},
		{"publisher unknown key", "locale: sv-fi", "locale: sv-fi\n    publisher: {name: X, logotype: a.svg}", `content/site.yaml:14:26: the publisher has no key "logotype"`},
		{"publisher logo outside assets", "locale: sv-fi", "locale: sv-fi\n    publisher: {name: X, logo: ../x.svg}", `content/site.yaml:14:32: the publisher's logo "../x.svg" is not a file name in assets/`},
		{"publisher logo not an image", "locale: sv-fi", "locale: sv-fi\n    publisher: {name: X, logo: main.css}", `content/site.yaml:14:32: the publisher's logo "main.css" is not a file name in assets/`},
		{"licence not a mapping", "pageSize: 20", "pageSize: 20\nlicence: CC BY 4.0", `content/site.yaml:4:10: the licence must be a mapping of key: value lines`},
		{"licence without url", "pageSize: 20", "pageSize: 20\nlicence: {name: CC BY 4.0}", `content/site.yaml:4:10: the licence has no url`},
		{"licence url not web", "pageSize: 20", "pageSize: 20\nlicence: {name: CC BY 4.0, url: creativecommons.org}", `content/site.yaml:4:33: the licence's url "creativecommons.org" is not a web address`},
		{"licence without name", "pageSize: 20", "pageSize: 20\nlicence:\n  url: https://creativecommons.org/licenses/by/4.0/", `content/site.yaml:5:3: the licence has no name`},

		{"baseURL missing", "baseURL: https://kokeilu.example.fi/\n", "", "content/site.yaml:1:1: baseURL is missing"},
		{"baseURL javascript", "https://kokeilu.example.fi/", "javascript:alert(1)//", `content/site.yaml:1:10: baseURL "javascript:alert(1)//" is not a site address: it must begin with https:// or http://`},
		{"baseURL path", "https://kokeilu.example.fi/", "https://kokeilu.example.fi/sub/", `content/site.yaml:1:10: baseURL "https://kokeilu.example.fi/sub/" is not a site address: it has a path (/sub); the site is served from the root of its host`},
		{"baseURL dots", "https://kokeilu.example.fi/", "https://kokeilu.example.fi/../", `content/site.yaml:1:10: baseURL "https://kokeilu.example.fi/../" is not a site address: it has a path (/..); the site is served from the root of its host`},
		{"baseURL query", "https://kokeilu.example.fi/", "https://kokeilu.example.fi?a=1", `content/site.yaml:1:10: baseURL "https://kokeilu.example.fi?a=1" is not a site address: it has a query (?…); a site address has none`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.new
			if tt.old != "" {
				if !strings.Contains(goodConfig, tt.old) {
					t.Fatalf("%q is not in the good configuration", tt.old)
				}
				src = strings.Replace(goodConfig, tt.old, tt.new, 1)
			}
			var probs problem.List
			c := ParseConfig([]byte(src), &probs)
			all := probs.All()
			if len(all) == 0 {
				t.Fatalf("no problem; want %s", tt.want)
			}
			if c != nil {
				t.Errorf("a configuration with errors was returned")
			}
			var got []string
			for _, p := range all {
				if p.Hint == "" {
					t.Errorf("%s: no hint", p)
				}
				got = append(got, p.File+":"+strconv.Itoa(p.Line)+":"+strconv.Itoa(p.Col)+": "+p.Message)
			}
			if !slices.Contains(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
}

// Every problem of a configuration comes in one run.
func TestParseConfigAllProblems(t *testing.T) {
	src := strings.NewReplacer("pageSize: 20", "pageSize: -1", "defaultLanguage: fi", "defaultLanguage: de",
		"tags: themes", "tags: ../themes", "https://kokeilu.example.fi/", "ftp://x").Replace(goodConfig)
	var probs problem.List
	ParseConfig([]byte(src), &probs)
	if n := probs.Len(); n != 4 {
		t.Errorf("%d problems, want 4: %v", n, probs.All())
	}
}

func TestValidBaseURL(t *testing.T) {
	good := map[string]string{
		"https://kokeilu.example.fi":    "https://kokeilu.example.fi",
		"https://kokeilu.example.fi/":   "https://kokeilu.example.fi",
		" http://localhost:1313/ ":      "http://localhost:1313",
		"https://[::1]:8080":            "https://[::1]:8080",
		"https://127.0.0.1":             "https://127.0.0.1",
		"HTTPS://Kokeilu.Example.FI":    "HTTPS://Kokeilu.Example.FI",
		"https://xn--kkeilu-bua.fi":     "https://xn--kkeilu-bua.fi",
		"https://deploy-preview-12.app": "https://deploy-preview-12.app",
	}
	for in, want := range good {
		if got, err := ValidBaseURL(in); err != nil || got != want {
			t.Errorf("ValidBaseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := []string{
		"", "/", "kokeilu.example.fi", "//kokeilu.example.fi", "javascript:alert(1)//", "data:text/html,x",
		"ftp://kokeilu.example.fi", "https:kokeilu.example.fi", "https:///path", "https://",
		"https://kokeilu.example.fi/fi", "https://kokeilu.example.fi/..", "https://kokeilu.example.fi//",
		"https://kokeilu.example.fi/%2e%2e", "https://kokeilu.example.fi?x", "https://kokeilu.example.fi?",
		"https://kokeilu.example.fi#top", "https://user:pw@kokeilu.example.fi", "https://@kokeilu.example.fi",
		"https://kokeilu example.fi", "https://kokeilu.example.fi\\evil", "https://kökeilu.fi",
		"https://kokeilu.example.fi:", "https://kokeilu.example.fi:99999", "https://kokeilu.example.fi:x",
		"https://-x.fi", "https://x..fi", "https://x.fi\x00", "https://\"x.fi",
		"https://x.fi<script>",
	}
	for _, in := range bad {
		if got, err := ValidBaseURL(in); err == nil {
			t.Errorf("ValidBaseURL(%q) = %q, want an error", in, got)
		}
	}
}

// FuzzParseConfig: no site.yaml may panic; every problem is in site.yaml at
// a line and column, with a hint; a configuration returned is one the
// build can use (at least one language, codes unique and valid, a page
// size, a default language that is one of them, a site address), and one
// not returned comes with a problem. Seeds are in
// testdata/fuzz/FuzzParseConfig.
func FuzzParseConfig(f *testing.F) {
	f.Add(goodConfig)
	f.Add("baseURL: https://x.fi\nlanguages:\n  - {code: fi, name: S, title: T, sections: {experiments: a, campaigns: b, contacts: c, tags: d, failday: e, browse: f, stage: g, municipality: h, region: i, year: j, role: k}}\n")
	f.Add("pageSize: -1\ndefaultLanguage: xx\n")
	f.Add("baseURL: javascript:alert(1)//\n")
	f.Add("languages: &a [*a]\n")
	f.Fuzz(func(t *testing.T, src string) {
		var probs problem.List
		c := ParseConfig([]byte(src), &probs)
		for _, p := range probs.All() {
			if p.File != ConfigFile || p.Line < 1 || p.Col < 1 || p.Message == "" || p.Hint == "" {
				t.Fatalf("problem without its place or hint: %+v", p)
			}
		}
		if c == nil {
			if probs.Len() == 0 {
				t.Fatal("no configuration and no problem")
			}
			return
		}
		if probs.HasErrors() {
			t.Fatalf("a configuration and errors: %v", probs.All())
		}
		if len(c.Languages) == 0 || c.PageSize < 1 || c.Language(c.DefaultLanguage) == nil {
			t.Fatalf("unusable configuration %+v", c)
		}
		seen := map[string]bool{}
		for _, l := range c.Languages {
			if !validCode(l.Code) || seen[l.Code] {
				t.Fatalf("language code %q", l.Code)
			}
			seen[l.Code] = true
		}
		if u, err := ValidBaseURL(c.BaseURL); err != nil || u != c.BaseURL {
			t.Fatalf("baseURL %q: %v", c.BaseURL, err)
		}
	})
}
