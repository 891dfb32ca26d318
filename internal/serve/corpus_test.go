package serve

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot is the module's root, which holds the layouts/ and assets/ the
// test sites use, so that the tests follow the templates as they change.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "layouts", "base.html")); err != nil {
		t.Fatalf("no layouts/ at the repository root %s: %v", dir, err)
	}
	return dir
}

// copyTree copies the folders names of src into dst.
func copyTree(t testing.TB, src, dst string, names ...string) {
	t.Helper()
	for _, name := range names {
		err := filepath.WalkDir(filepath.Join(src, name), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// corpusConfig is the site.yaml of generated sites.
const corpusConfig = `baseURL: https://kokeilu.example.fi
defaultLanguage: fi
pageSize: 50
footer: [about]
languages:
  - code: fi
    name: Suomeksi
    title: Kokeilun paikka
    sections:
      experiments: kokeilut
      campaigns: kampanjat
      contacts: yhteystiedot
      tags: aiheet
      failday: epaonnistumisen-paiva
  - code: sv
    name: På svenska
    title: Plats för försök
    sections:
      experiments: forsok
      campaigns: kampanjer
      contacts: kontakter
      tags: amnen
      failday: dagen-for-misslyckande
`

// writeCorpus writes a valid site with n experiments in both languages,
// 24 tags, 12 contacts and 6 campaign weeks into dir, with the layouts and
// assets of the repository. The same seed gives the same site.
func writeCorpus(t testing.TB, dir string, n int, seed uint64) {
	t.Helper()
	copyTree(t, repoRoot(t), dir, "layouts", "assets")
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	write := func(rel, text string) {
		p := filepath.Join(dir, "content", filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.yaml", corpusConfig)
	langs := []string{"fi", "sv"}
	words := map[string][]string{
		"fi": {"kunta", "palvelu", "kokeilu", "asukas", "digitaalinen", "kirjasto", "koulu", "liikenne", "ääni", "yhteistyö", "öljy", "ympäristö", "tieto", "avoin", "hoiva"},
		"sv": {"kommun", "tjänst", "försök", "invånare", "digital", "bibliotek", "skola", "trafik", "röst", "samarbete", "öppen", "miljö", "data", "åldring", "vård"},
	}
	phrase := func(lang string, k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = words[lang][rng.IntN(len(words[lang]))]
		}
		s := []rune(strings.Join(ws, " "))
		return strings.ToUpper(string(s[:1])) + string(s[1:])
	}
	const tags, contacts, campaigns = 24, 12, 6
	for i := range tags {
		for _, l := range langs {
			write(fmt.Sprintf("tags/aihe-%02d.%s.md", i, l), fmt.Sprintf("---\ntitle: %s %d\n---\n%s.\n", phrase(l, 2), i, phrase(l, 12)))
		}
	}
	for i := range contacts {
		for _, l := range langs {
			write(fmt.Sprintf("contacts/henkilo-%02d.%s.md", i, l), fmt.Sprintf(
				"---\nname: Henkilö Esimerkki%d\ntitle: %s\norganisation: Esimerkkikunta\nemail: henkilo%d@example.fi\nphone: 012 345 %04d\n---\n", i, phrase(l, 1), i, i))
		}
	}
	for i := range campaigns {
		for _, l := range langs {
			write(fmt.Sprintf("campaigns/viikko-%d.%s.md", i, l), fmt.Sprintf(
				"---\ntitle: %s %d\nstart: %d-05-14\nend: %d-05-20\nsummary: %s.\ncontacts: [henkilo-%02d]\n---\n%s.\n",
				phrase(l, 2), 2015+i, 2015+i, 2015+i, phrase(l, 8), i, phrase(l, 30)))
		}
	}
	for _, l := range langs {
		write("pages/about."+l+".md", "---\ntitle: "+phrase(l, 2)+"\n---\n"+phrase(l, 40)+".\n")
		write("pages/home."+l+".md", "---\ntitle: "+phrase(l, 2)+"\n---\n"+phrase(l, 40)+".\n")
		write("pages/failday."+l+".md", "---\ntitle: "+phrase(l, 2)+"\n---\n"+phrase(l, 40)+".\n")
	}
	statuses := []string{"idea", "running", "completed"}
	for i := range n {
		date := fmt.Sprintf("%d-%02d-%02d", 2014+rng.IntN(10), 1+rng.IntN(12), 1+rng.IntN(28))
		ntags := 1 + rng.IntN(3)
		var ts []string
		for len(ts) < ntags {
			tg := fmt.Sprintf("aihe-%02d", rng.IntN(tags))
			if !strings.Contains(strings.Join(ts, ","), tg) {
				ts = append(ts, tg)
			}
		}
		status := statuses[rng.IntN(3)]
		contact := fmt.Sprintf("henkilo-%02d", rng.IntN(contacts))
		campaign := fmt.Sprintf("viikko-%d", rng.IntN(campaigns))
		failday := rng.IntN(20) == 0
		link := ""
		if i > 0 {
			link = fmt.Sprintf(" [%s](kokeilu-%05d.md)", "x", rng.IntN(i))
		}
		for _, l := range langs {
			var b strings.Builder
			fmt.Fprintf(&b, "---\ntitle: %s %d\ndate: %s\nsummary: %s.\ntags: [%s]\nstatus: %s\nmunicipality: Esimerkkikunta\norganisation: %s\nrole: experimenter\ncontacts: [%s]\ncampaign: %s\n",
				phrase(l, 3), i, date, phrase(l, 14), strings.Join(ts, ", "), status, phrase(l, 2), contact, campaign)
			if failday {
				fmt.Fprintf(&b, "failday: true\nlesson: %s.\n", phrase(l, 12))
			}
			b.WriteString("---\n")
			for range 3 {
				fmt.Fprintf(&b, "## %s\n\n%s.%s\n\n", phrase(l, 2), phrase(l, 60), link)
			}
			fmt.Fprintf(&b, "- %s\n- %s\n", phrase(l, 6), phrase(l, 6))
			write(fmt.Sprintf("experiments/kokeilu-%05d.%s.md", i, l), b.String())
		}
	}
}
