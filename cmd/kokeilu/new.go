package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kokeilu/kokeilu/internal/content"
)

// skeletons are the files `kokeilu new` writes: every field of the kind,
// required ones filled with a placeholder, optional ones commented out. New
// files are drafts, so a half-written one never reaches the public site.
var skeletons = map[content.Kind]map[string]string{
	content.Experiment: {
		"fi": `title: Uusi kokeilu
date: {{today}}
summary: Yksi tai kaksi virkettä siitä, mitä kokeillaan ja miksi.
tags: [{{tag}}]            # aiheiden avaimet: content/tags/
status: idea               # idea | running | completed
# municipality: Esimerkkikunta
# organisation: Esimerkkikunnan sivistystoimi
# role: experimenter       # experimenter | influencer
# start: {{today}}
# end: {{today}}
# campaign: kokeiluviikko-2018-toukokuu   # content/campaigns/
# contacts: [etunimi-sukunimi]            # content/contacts/
# savings: Arvio säästöistä.
# links:
#   - title: Raportti
#     url: https://example.fi/raportti
# failday: true
# lesson: Mikä epäonnistui ja mitä siitä opittiin.
# updated: {{today}}
draft: true
`,
		"sv": `title: Nytt försök
date: {{today}}
summary: En eller två meningar om vad som prövas och varför.
tags: [{{tag}}]            # ämnenas nycklar: content/tags/
status: idea               # idea | running | completed
# municipality: Exempelkommun
# organisation: Exempelkommunens bildningsväsende
# role: experimenter       # experimenter | influencer
# start: {{today}}
# end: {{today}}
# campaign: kokeiluviikko-2018-toukokuu
# contacts: [fornamn-efternamn]
# savings: Uppskattade besparingar.
# links:
#   - title: Rapport
#     url: https://example.fi/rapport
# failday: true
# lesson: Vad som misslyckades och vad vi lärde oss.
# updated: {{today}}
draft: true
`},
	content.Campaign: {
		"fi": `title: Uusi kampanjaviikko
start: {{today}}
end: {{today}}
# summary: Yksi tai kaksi virkettä.
# theme: Teema
# hashtag: "#kokeiluviikko"
# organisers: [Valtiovarainministeriö]
# registration: https://example.fi/ilmoittaudu
# contacts: [etunimi-sukunimi]
draft: true
`,
		"sv": `title: Ny kampanjvecka
start: {{today}}
end: {{today}}
# summary: En eller två meningar.
# theme: Tema
# hashtag: "#kokeiluviikko"
# organisers: [Finansministeriet]
# registration: https://example.fi/anmal
# contacts: [fornamn-efternamn]
draft: true
`},
	content.Contact: {
		"fi": `name: Etunimi Sukunimi
title: projektikoordinaattori
organisation: valtiovarainministeriö
# email: etunimi.sukunimi@example.fi
# phone: 0295 530 000
draft: true
`,
		"sv": `name: Förnamn Efternamn
title: projektkoordinator
organisation: finansministeriet
# email: etunimi.sukunimi@example.fi
# phone: 0295 530 000
draft: true
`},
	content.Tag: {
		"fi": "title: Uusi aihe\ndraft: true\n",
		"sv": "title: Nytt ämne\ndraft: true\n",
	},
	content.Page: {
		"fi": "title: Uusi sivu\n# slug: osoite-suomeksi\n# summary: Sivun kuvaus hakukoneille.\ndraft: true\n",
		"sv": "title: Ny sida\n# slug: adress-pa-svenska\n# summary: Sidans beskrivning för sökmotorer.\ndraft: true\n",
	},
}

var bodies = map[string]string{
	"fi": "\nKirjoita teksti tähän. Väliotsikot alkavat ##-merkeillä.\n",
	"sv": "\nSkriv texten här. Mellanrubriker börjar med ##.\n",
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", "new [-src DIR] KIND SLUG   (KIND: experiment, campaign, contact, tag, page)", stderr)
	src := fs.String("src", ".", "the site's folder")
	if err := fs.Parse(args); err != nil {
		if err.Error() == "flag: help requested" {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return exitUsage
	}
	kind, slug := content.Kind(fs.Arg(0)), fs.Arg(1)
	sk, ok := skeletons[kind]
	if !ok {
		fmt.Fprintf(stderr, "kokeilu new: unknown kind %q; use experiment, campaign, contact, tag or page\n", fs.Arg(0))
		return exitUsage
	}
	if !content.ValidSlug(slug) {
		fmt.Fprintf(stderr, "kokeilu new: %q cannot be used in a web address; use a-z, 0-9 and hyphens\n", slug)
		return exitUsage
	}
	root, ok := siteRoot(*src, stderr)
	if !ok {
		return exitUsage
	}
	dir := filepath.Join(root, "content", kind.Folder())
	var paths []string
	for _, lang := range []string{"fi", "sv"} {
		p := filepath.Join(dir, slug+"."+lang+".md")
		if _, err := os.Stat(p); err == nil {
			fmt.Fprintf(stderr, "kokeilu new: %s exists; nothing was written\n", p)
			return exitUsage
		}
		paths = append(paths, p)
	}
	tag := firstTag(root)
	today := time.Now().Format("2006-01-02")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(stderr, "kokeilu new:", err)
		return exitContent
	}
	for i, lang := range []string{"fi", "sv"} {
		front := strings.NewReplacer("{{today}}", today, "{{tag}}", tag).Replace(sk[lang])
		text := "---\n" + front + "---\n" + bodies[lang]
		f, err := os.OpenFile(paths[i], os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, err = f.WriteString(text)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintln(stderr, "kokeilu new:", err)
			return exitContent
		}
		fmt.Fprintln(stdout, "wrote", paths[i])
	}
	fmt.Fprintln(stdout, "Both files are drafts: set draft: false when they are ready.")
	return exitOK
}

// firstTag finds an existing tag key so the new experiment is valid at once.
func firstTag(root string) string {
	m, _ := filepath.Glob(filepath.Join(root, "content", "tags", "*.fi.md"))
	if len(m) == 0 {
		return "aihe"
	}
	slug, _, _ := content.SplitName(filepath.Base(m[0]))
	return slug
}
