package render

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
)

// TestBodyWarnings: the warnings conversion gives, each with its place
// and hint, and the links to site addresses it records for checkSiteLinks.
func TestBodyWarnings(t *testing.T) {
	fsys := fstest.MapFS{}
	for k, v := range linksSite {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	var probs problem.List
	set, err := content.Load(context.Background(), fsys, &probs, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := site.Build(set, site.Options{}, &probs)
	m := newMarkdown(s, map[string]*l10n.Locale{"fi": l10n.New(s.Lang("fi").Tag(), l10n.Format{})}, []string{"/images/kuva.jpg"}, nil)
	from := s.Lookup(content.Experiment, "a", "fi")
	tests := []struct {
		body  string
		want  []string
		sites []SiteLink
	}{
		{"![](/images/kuva.jpg) ja ![ ](/images/kuva.jpg)\n", []string{
			`content/experiments/a.fi.md:10:1: warning: the image "/images/kuva.jpg" has no description (alt text)`,
			`content/experiments/a.fi.md:10:26: warning: the image "/images/kuva.jpg" has no description (alt text)`}, nil},
		// An image described by the image inside it, and one that is not.
		{"Teksti ![![Kuvaus](/images/kuva.jpg)](/images/kuva.jpg) [![](/images/kuva.jpg)](b.md)\n", []string{
			`content/experiments/a.fi.md:10:58: warning: the image "/images/kuva.jpg" has no description (alt text)`}, nil},
		{"[B](b) ja [t](../tags/t/#x)\n", []string{
			`content/experiments/a.fi.md:10:2: warning: the link "b" is to a content file, written without .md`,
			`content/experiments/a.fi.md:10:12: warning: the link "../tags/t/#x" is to a content file, written without .md`}, nil},
		{"[ei](olematon) [pdf](liite.pdf)\n\n[B](/fi/kokeilut/b/) [C](https://kokeilu.example.fi/sv/forsok/x/#y)\n", nil,
			[]SiteLink{{"/fi/kokeilut/b/", "/fi/kokeilut/b/", 12, 2}, {"https://kokeilu.example.fi/sv/forsok/x/#y", "/sv/forsok/x/", 12, 23}}},
	}
	for _, tt := range tests {
		var p problem.List
		doc := content.ParseFile(from.Path, []byte(linksSite[from.Path]+tt.body), s.Config.Codes(), &p)
		e := *from
		e.Document = doc
		rec, err := m.convert(&e)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range rec.Problems {
			line, hint, _ := strings.Cut(p.String(), "\n\thint: ")
			got = append(got, line)
			if hint == "" {
				t.Errorf("%s: no hint", line)
			}
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%q:\ngot  %s\nwant %s", tt.body, strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
		}
		if !slices.Equal(rec.Sites, tt.sites) {
			t.Errorf("%q: site links %+v, want %+v", tt.body, rec.Sites, tt.sites)
		}
	}
	// The fix for a link without .md keeps its fragment.
	rec, _ := m.convert(&site.Entry{Document: content.ParseFile(from.Path, []byte(linksSite[from.Path]+"[t](../tags/t/#x)\n"), s.Config.Codes(), &probs), URL: from.URL, Translations: from.Translations})
	if len(rec.Problems) != 1 || rec.Problems[0].Hint != "write the file's name with .md at the end, ../tags/t.md#x, and the link goes to its page" {
		t.Errorf("problems %+v", rec.Problems)
	}
}
