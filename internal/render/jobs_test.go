package render

import "testing"

func TestPagination(t *testing.T) {
	tests := []struct{ items, size, pages int }{
		{0, 50, 1}, // an empty list still has its page
		{1, 50, 1},
		{50, 50, 1}, // exactly one page
		{51, 50, 2}, // one more than a page
		{100, 50, 2},
		{101, 50, 3},
		{7, 1, 7},
	}
	for _, tt := range tests {
		if got := pages(tt.items, tt.size); got != tt.pages {
			t.Errorf("pages(%d, %d) = %d, want %d", tt.items, tt.size, got, tt.pages)
		}
	}
	for page, want := range map[int]string{1: "/fi/aiheet/x/", 2: "/fi/aiheet/x/2/", 7: "/fi/aiheet/x/7/"} {
		if got := pageURL("/fi/aiheet/x/", page); got != want {
			t.Errorf("pageURL(%d) = %s, want %s", page, got, want)
		}
	}
	p := pager("/b/", 1, 1)
	if p.Prev != "" || p.Next != "" {
		t.Errorf("single page has links: %+v", p)
	}
	p = pager("/b/", 2, 3)
	if p.Prev != "/b/" || p.Next != "/b/3/" {
		t.Errorf("middle page: %+v", p)
	}
}

func TestFilePath(t *testing.T) {
	for url, want := range map[string]string{
		"/":                                  "index.html",
		"/fi/":                               "fi/index.html",
		"/fi/kokeilut/x/":                    "fi/kokeilut/x/index.html",
		"/fi/404.html":                       "fi/404.html",
		"/fi/kokeilut.json":                  "fi/kokeilut.json",
		"/fi/epaonnistumisen-paiva/atom.xml": "fi/epaonnistumisen-paiva/atom.xml",
	} {
		if got := filePath(url); got != want {
			t.Errorf("filePath(%s) = %s, want %s", url, got, want)
		}
	}
}

func TestHeadingIDs(t *testing.T) {
	h := newHeadingIDs(nil)
	for _, tt := range []struct{ in, want string }{
		{"Lähtötilanne", "lahtotilanne"},
		{"Mitä opittiin?", "mita-opittiin"},
		{"Mitä opittiin?", "mita-opittiin-2"},
		{"Återvinning & öppen data", "atervinning-oppen-data"},
		{"2018", "h-2018"},
		{"!!!", "h"},
	} {
		if got := string(h.Generate([]byte(tt.in), 0)); got != tt.want {
			t.Errorf("Generate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
