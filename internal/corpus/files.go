package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	munilist "github.com/kokeilu/kokeilu/internal/municipality"
)

// writer writes the files of one planned corpus.
type writer struct {
	dir string
	p   *plan
}

// file writes content/<kind>/<slug>.<lang>.md.
func (w *writer) file(kind, slug string, l int, text string) error {
	name := filepath.Join(w.dir, "content", kind, slug+"."+langCodes[l]+".md")
	return os.WriteFile(name, []byte(text), 0o644)
}

// textRand is the generator for the texts of one document in one language.
func (w *writer) textRand(kind, index uint64, l int) *rand.Rand {
	return rand.New(rand.NewPCG(w.p.seed^(kind<<56)^(uint64(l)<<48)^index, streamText))
}

// Document kinds, for textRand.
const (
	kindExperiment uint64 = iota + 1
	kindCampaign
	kindContact
	kindTag
	kindPage
)

func (w *writer) siteYAML() error {
	return os.WriteFile(filepath.Join(w.dir, "content", "site.yaml"), []byte(siteYAML), 0o644)
}

const siteYAML = `baseURL: https://kokeilu.example.fi
defaultLanguage: fi
pageSize: 50
footer: [about, accessibility]
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
      browse: selaa
      stage: vaihe
      municipality: kunta
      region: maakunta
      year: vuosi
      role: rooli
  - code: sv
    name: På svenska
    title: Plats för försök
    sections:
      experiments: forsok
      campaigns: kampanjer
      contacts: kontakter
      tags: amnen
      failday: dagen-for-misslyckande
      browse: bladdra
      stage: skede
      municipality: kommun
      region: landskap
      year: ar
      role: roll
`

// front writes YAML frontmatter fields.
type front struct{ b *strings.Builder }

func (f front) str(key, val string) {
	f.b.WriteString(key)
	f.b.WriteString(": ")
	f.b.WriteString(yamlScalar(val, false))
	f.b.WriteByte('\n')
}

// raw writes a value that is already valid YAML as written: a date, a
// boolean, an enum or a slug.
func (f front) raw(key, val string) {
	f.b.WriteString(key)
	f.b.WriteString(": ")
	f.b.WriteString(val)
	f.b.WriteByte('\n')
}

func (f front) date(key string, t time.Time) { f.raw(key, day(t)) }

func (f front) list(key string, vals []string) {
	f.b.WriteString(key)
	f.b.WriteString(": [")
	for i, v := range vals {
		if i > 0 {
			f.b.WriteString(", ")
		}
		f.b.WriteString(yamlScalar(v, true))
	}
	f.b.WriteString("]\n")
}

// yamlScalar writes s plain when YAML reads it back as the same string,
// else double-quoted. flow: s is an item of a [ ] list.
func yamlScalar(s string, flow bool) string {
	if plainSafe(s, flow) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func plainSafe(s string, flow bool) bool {
	if s == "" || s != strings.TrimSpace(s) || strings.ContainsAny(s, "\n\t\"'") {
		return false
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>%@`", rune(s[0])) {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	if flow && strings.ContainsAny(s, ",[]{}") {
		return false
	}
	if s[0] >= '0' && s[0] <= '9' && !strings.Contains(s, " ") {
		return false // a number or a date
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n":
		return false
	}
	return true
}

func (w *writer) tags() error {
	for ti, t := range tags {
		for l := range 2 {
			r := w.textRand(kindTag, uint64(ti), l)
			var b strings.Builder
			f := front{&b}
			b.WriteString("---\n")
			f.str("title", t.label[l])
			b.WriteString("---\n")
			b.WriteString([2]string{"Kokeiluja, jotka käsittelevät ", "Försök som gäller "}[l])
			b.WriteString(t.intro[l])
			b.WriteString(". ")
			paragraph(&b, r, l, between(r, 1, 3))
			if err := w.file("tags", t.key, l, b.String()); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *writer) campaigns() error {
	for ci, c := range campaigns {
		cp := w.p.campaigns[ci]
		for l := range 2 {
			r := w.textRand(kindCampaign, uint64(ci), l)
			var b strings.Builder
			f := front{&b}
			b.WriteString("---\n")
			f.str("title", c.title[l])
			f.raw("start", c.start)
			f.raw("end", c.end)
			var sum strings.Builder
			sentence(&sum, r, l)
			f.str("summary", sum.String())
			f.str("theme", c.theme[l])
			f.str("hashtag", c.hashtag)
			orgs := make([]string, len(cp.organisers))
			for i, o := range cp.organisers {
				orgs[i] = organisers[o][l]
			}
			f.list("organisers", orgs)
			f.str("registration", "https://example.fi/"+c.slug+"/ilmoittaudu")
			f.list("contacts", w.contactSlugs(cp.contacts))
			b.WriteString("---\n")
			for range between(r, 2, 4) {
				paragraph(&b, r, l, between(r, 3, 5))
			}
			if err := w.file("campaigns", c.slug, l, b.String()); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *writer) contactSlugs(idx []int) []string {
	out := make([]string, len(idx))
	for i, c := range idx {
		out[i] = w.p.contacts[c].slug
	}
	return out
}

func (w *writer) contacts() error {
	for ci, c := range w.p.contacts {
		for l := range 2 {
			r := w.textRand(kindContact, uint64(ci), l)
			var b strings.Builder
			f := front{&b}
			b.WriteString("---\n")
			f.str("name", c.first+" "+c.last)
			f.str("title", jobTitles[c.title][l])
			f.str("organisation", contactOrgs[c.org][l])
			f.str("email", c.email)
			f.str("phone", c.phone)
			b.WriteString("---\n")
			b.WriteString(jobDescriptions[c.desc][l])
			b.WriteByte(' ')
			paragraph(&b, r, l, 1)
			if err := w.file("contacts", c.slug, l, b.String()); err != nil {
				return err
			}
		}
	}
	return nil
}

// pageText is a plain page in both languages.
type pageText struct {
	slug    string
	urlSlug pair // the page's own URL segment; "" for the special pages
	title   pair
	summary pair
	intro   pair
	updated string
}

var pageTexts = []pageText{
	{"home", pair{}, pair{"Kokeilun paikka", "Plats för försök"},
		pair{"Julkisen sektorin kokeiluja ja niistä opittua.", "Försök inom den offentliga sektorn och lärdomarna av dem."},
		pair{"Kokeilun paikka kokoaa yhteen kuntien, virastojen ja järjestöjen kokeiluja. Täältä löydät, mitä on kokeiltu, missä ja kenen kanssa – ja mitä siitä opittiin.",
			"Plats för försök samlar försök som kommuner, myndigheter och föreningar har gjort. Här hittar du vad som har prövats, var och med vem – och vad man lärde sig."}, ""},
	{"failday", pair{}, pair{"Epäonnistumisen päivä", "Dagen för misslyckande"},
		pair{"Kokeiluja, jotka eivät menneet suunnitellusti, ja niiden opit.", "Försök som inte gick som planerat och lärdomarna av dem."},
		pair{"Epäonnistumisen päivänä 13. lokakuuta kerrotaan ääneen, mikä ei onnistunut. Jokaisesta kokeilusta on kirjattu, mitä opittiin.",
			"På dagen för misslyckande den 13 oktober berättar vi öppet vad som inte lyckades. För varje försök har vi skrivit ner vad vi lärde oss."}, ""},
	{"about", pair{"tietoa-palvelusta", "om-tjansten"}, pair{"Tietoa palvelusta", "Om tjänsten"},
		pair{"Kuka palvelua ylläpitää ja miksi.", "Vem som upprätthåller tjänsten och varför."},
		pair{"Palvelu on esimerkkisivusto, jonka sisältö on tuotettu koneellisesti suorituskyvyn mittaamista varten. Kaikki nimet ja luvut ovat keksittyjä.",
			"Tjänsten är en exempelwebbplats vars innehåll har skapats maskinellt för att mäta prestandan. Alla namn och siffror är påhittade."}, "2019-06-03"},
	{"accessibility", pair{"saavutettavuusseloste", "tillganglighetsutlatande"}, pair{"Saavutettavuusseloste", "Tillgänglighetsutlåtande"},
		pair{"Miten saavutettavuusvaatimukset täyttyvät.", "Hur kraven på tillgänglighet uppfylls."},
		pair{"Sivusto pyrkii täyttämään WCAG 2.1 -ohjeiden AA-tason. Jos huomaat puutteen, kerro siitä meille.",
			"Webbplatsen strävar efter att uppfylla nivå AA i WCAG 2.1. Om du märker en brist, berätta det för oss."}, "2019-09-20"},
}

func (w *writer) pages() error {
	for pi, pg := range pageTexts {
		for l := range 2 {
			r := w.textRand(kindPage, uint64(pi), l)
			var b strings.Builder
			f := front{&b}
			b.WriteString("---\n")
			f.str("title", pg.title[l])
			if pg.urlSlug[l] != "" {
				f.raw("slug", pg.urlSlug[l])
			}
			f.str("summary", pg.summary[l])
			if pg.updated != "" {
				f.raw("updated", pg.updated)
			}
			b.WriteString("---\n")
			b.WriteString(pg.intro[l])
			b.WriteString("\n\n")
			if pg.slug == "home" {
				b.WriteString([2]string{"Lue myös ", "Läs också "}[l])
				b.WriteString(link{pageTexts[2].title[l], "about.md"}.String())
				b.WriteString([2]string{" ja ", " och "}[l])
				b.WriteString(link{pageTexts[1].title[l], "failday.md"}.String())
				if len(w.p.svExps) > 0 {
					e := w.p.exps[w.p.svExps[0]]
					b.WriteString([2]string{". Esimerkki kokeilusta: ", ". Ett exempel på ett försök: "}[l])
					b.WriteString(link{e.title[l], "../experiments/" + e.slug + ".md"}.String())
				}
				b.WriteString(".\n\n")
			}
			for range between(r, 1, 3) {
				paragraph(&b, r, l, between(r, 2, 4))
			}
			if err := w.file("pages", pg.slug, l, b.String()); err != nil {
				return err
			}
		}
	}
	return nil
}

// experiment writes experiment i in Finnish and, unless it is fi-only, Swedish.
func (w *writer) experiment(b *strings.Builder, i int) error {
	e := &w.p.exps[i]
	for l := range 2 {
		if l == sv && e.fiOnly {
			continue
		}
		b.Reset()
		b.Grow(8 << 10)
		w.experimentText(b, e, i, l)
		if err := w.file("experiments", e.slug, l, b.String()); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) experimentText(b *strings.Builder, e *experiment, i, l int) {
	r := w.textRand(kindExperiment, uint64(i), l)
	f := front{b}
	b.WriteString("---\n")
	f.str("title", e.title[l])
	f.date("date", e.date)
	var sum strings.Builder
	sentences(&sum, r, l, between(r, 1, 2))
	f.str("summary", sum.String())
	keys := make([]string, len(e.tags))
	for k, t := range e.tags {
		keys[k] = tags[t].key
	}
	f.list("tags", keys)
	f.raw("status", e.status)
	if key, ok := municipalityKey(e.muni); ok {
		f.list("municipalities", []string{key})
	}
	f.str("organisation", organisation(e.muni, e.unit, l))
	f.raw("role", e.role)
	f.date("start", e.start)
	f.date("end", e.end)
	f.raw("campaign", campaigns[e.campaign].slug)
	f.list("contacts", w.contactSlugs(e.contacts))
	if e.savings > 0 {
		f.str("savings", fmt.Sprintf([2]string{"Noin %s euroa vuodessa.", "Omkring %s euro per år."}[l], groupThousands(e.savings)))
	} else {
		f.str("savings", [2]string{"Säästöjä ei ole vielä arvioitu.", "Besparingarna har ännu inte uppskattats."}[l])
	}
	b.WriteString("links:\n")
	linkTitles := [2]pair{{"Kokeilun loppuraportti (PDF)", "Försökets slutrapport (pdf, på finska)"},
		{"Hankkeen verkkosivut", "Projektets webbplats"}}
	linkURLs := [2]string{"https://example.fi/kokeilut/" + e.slug + "/loppuraportti.pdf", "https://example.fi/kokeilut/" + e.slug + "/"}
	for k := range e.links {
		b.WriteString("  - title: ")
		b.WriteString(yamlScalar(linkTitles[k][l], false))
		b.WriteString("\n    url: ")
		b.WriteString(linkURLs[k])
		b.WriteByte('\n')
	}
	if e.failday {
		f.raw("failday", "true")
		f.str("lesson", [2]string{"Opimme, että ", "Vi lärde oss att "}[l]+lessons[e.lesson][l]+".")
	} else {
		f.raw("failday", "false")
	}
	if !e.updated[l].IsZero() {
		f.date("updated", e.updated[l])
	}
	b.WriteString("---\n")

	// Links to 1–3 other experiments that exist in this language.
	var links []link
	candidates := len(w.p.exps)
	if l == sv {
		candidates = len(w.p.svExps)
	}
	if candidates > 1 {
		for range between(r, 1, 3) {
			j := r.IntN(candidates)
			if l == sv {
				j = w.p.svExps[j]
			}
			if j == i {
				continue
			}
			o := &w.p.exps[j]
			links = append(links, link{o.title[l], o.slug + ".md"})
		}
	}
	var tagLink link
	if r.IntN(3) == 0 {
		t := tags[e.tags[0]]
		tagLink = link{t.label[l], "../tags/" + t.key + ".md"}
	}
	body(b, r, l, e.wordCount, links, tagLink)
}

// organisation names the unit that ran the experiment.
func organisation(m municipality, unit pair, l int) string {
	if l == fi {
		kind := "kunta"
		if m.city {
			kind = "kaupunki"
		}
		if unit[fi] == "" {
			return m.genitive + " " + kind
		}
		return m.genitive + " " + unit[fi]
	}
	kind := "kommun"
	if m.city {
		kind = "stad"
	}
	if unit[sv] == "" {
		return m.sv + " " + kind
	}
	return m.sv + " " + kind + ", " + unit[sv]
}

// municipalityKey is the key of a municipality of the classification;
// the list of names has some that merged into others (Öja, Västanfjärd),
// kept for their letters, which have none.
func municipalityKey(m municipality) (string, bool) {
	list, err := munilist.Load()
	if err != nil {
		return "", false
	}
	key, _ := munilist.Key(m.fi)
	_, ok := list.Lookup(key)
	return key, ok
}
