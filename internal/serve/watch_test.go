package serve

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	expFi  = "content/experiments/ekobetoni.fi.md"
	pageFi = "/fi/kokeilut/ekobetoni/"
)

// saves are the ways editors write a file, each a sequence of file system
// operations that must end in one correct rebuild without an error.
var saves = []struct {
	name string
	save func(t *testing.T, path, text string)
}{
	{"atomic rename over", func(t *testing.T, path, text string) {
		// Go's renameio, Sublime Text, Emacs with backup-by-copying off:
		// a hidden temporary file renamed over the original.
		tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp4242")
		must(t, os.WriteFile(tmp, []byte(text), 0o644))
		must(t, os.Rename(tmp, path))
	}},
	{"vim", func(t *testing.T, path, text string) {
		// Vim's default (backupcopy=auto, writebackup): swap file while
		// editing, a 4913 probe to test the folder, the original renamed to
		// a backup, the new file written, the backup removed.
		dir, base := filepath.Dir(path), filepath.Base(path)
		swap := filepath.Join(dir, "."+base+".swp")
		must(t, os.WriteFile(swap, []byte("b0VIM 9.1"), 0o600))
		probe := filepath.Join(dir, "4913")
		must(t, os.WriteFile(probe, nil, 0o644))
		must(t, os.Remove(probe))
		backup := path + "~"
		must(t, os.Rename(path, backup))
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		must(t, err)
		half := len(text) / 2
		_, err = f.WriteString(text[:half])
		must(t, err)
		_, err = f.WriteString(text[half:])
		must(t, err)
		must(t, f.Sync())
		must(t, f.Close())
		must(t, os.Chmod(path, 0o644))
		must(t, os.Remove(backup))
		must(t, os.WriteFile(swap, []byte("b0VIM 9.1 saved"), 0o600))
		must(t, os.Remove(swap))
	}},
	{"JetBrains safe write", func(t *testing.T, path, text string) {
		tmp := path + "___jb_tmp___"
		old := path + "___jb_old___"
		must(t, os.WriteFile(tmp, []byte(text), 0o644))
		must(t, os.Rename(path, old))
		must(t, os.Rename(tmp, path))
		must(t, os.Remove(old))
	}},
	{"VS Code direct write", func(t *testing.T, path, text string) {
		// Truncate and write in place, in two writes.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0o644)
		must(t, err)
		_, err = f.WriteString(text[:10])
		must(t, err)
		_, err = f.WriteString(text[10:])
		must(t, err)
		must(t, f.Close())
	}},
	{"delete and recreate", func(t *testing.T, path, text string) {
		must(t, os.Remove(path))
		must(t, os.WriteFile(path, []byte(text), 0o644))
	}},
	{"emacs backup and lock", func(t *testing.T, path, text string) {
		dir, base := filepath.Dir(path), filepath.Base(path)
		lock := filepath.Join(dir, ".#"+base)
		must(t, os.Symlink("user@host.123", lock))
		must(t, os.WriteFile(filepath.Join(dir, "#"+base+"#"), []byte(text), 0o644))
		must(t, os.Rename(path, path+"~"))
		must(t, os.WriteFile(path, []byte(text), 0o644))
		must(t, os.Remove(filepath.Join(dir, "#"+base+"#")))
		must(t, os.Remove(lock))
	}},
}

func TestEditorSaves(t *testing.T) {
	p := start(t, testSite(t))
	path := filepath.Join(p.dir, filepath.FromSlash(expFi))
	for i, s := range saves {
		t.Run(s.name, func(t *testing.T) {
			p.t = t
			text := fmt.Sprintf("Tallennus %d: %s.", i, s.name)
			s.save(t, path, strings.Replace(read(t, p.dir, expFi), "Alkuperäinen kuvaus ekobetonista.", text, 1)+"\n")
			p.until("the new text on "+pageFi, func() bool { return p.has(pageFi, text) })
			p.sameAsFresh()
			// Put the original text back for the next editor.
			must(t, os.WriteFile(path, []byte(strings.Replace(read(t, p.dir, expFi), text, "Alkuperäinen kuvaus ekobetonista.", 1)), 0o644))
			p.until("the original text", func() bool { return p.has(pageFi, "Alkuperäinen kuvaus") })
		})
	}
}

// An experiment created, renamed and deleted appears and disappears
// everywhere: its page, the lists, the tag page, the feeds, the data files
// and the sitemap, in both languages.
func TestCreateRenameDelete(t *testing.T) {
	p := start(t, testSite(t))
	fi := `---
title: Aurinkopaneelikokeilu
date: 2020-02-02
summary: Koulun katolle aurinkopaneelit.
tags: [kiertotalous]
status: running
failday: true
lesson: Lumi peitti paneelit.
---
Paneelit tuottivat sähköä.
`
	sv := strings.NewReplacer("Aurinkopaneelikokeilu", "Solpanelsförsöket", "Koulun katolle aurinkopaneelit.", "Solpaneler på skolans tak.",
		"Lumi peitti paneelit.", "Snön täckte panelerna.", "Paneelit tuottivat sähköä.", "Panelerna gav el.").Replace(fi)
	everywhere := map[string]string{
		"/fi/kokeilut/aurinko/":                "Paneelit tuottivat",
		"/sv/forsok/aurinko/":                  "Panelerna gav el",
		"/fi/":                                 "Aurinkopaneelikokeilu",
		"/fi/kokeilut/":                        "Aurinkopaneelikokeilu",
		"/fi/aiheet/kiertotalous/":             "Aurinkopaneelikokeilu",
		"/sv/amnen/kiertotalous/":              "Solpanelsförsöket",
		"/fi/epaonnistumisen-paiva/":           "Lumi peitti",
		"/fi/epaonnistumisen-paiva/atom.xml":   "Lumi peitti",
		"/sv/dagen-for-misslyckande/feed.json": "Snön täckte",
		"/fi/kokeilut.json":                    `"aurinko"`,
		"/sv/forsok.csv":                       "aurinko",
		"/sitemap.xml":                         "/fi/kokeilut/aurinko/",
	}
	shown := func(slug string) bool {
		for path, text := range everywhere {
			path = strings.ReplaceAll(path, "aurinko", slug)
			text = strings.ReplaceAll(text, "aurinko", slug)
			if !p.has(path, text) {
				return false
			}
		}
		return true
	}
	gone := func(slug string) bool {
		for path := range everywhere {
			path = strings.ReplaceAll(path, "aurinko", slug)
			resp, body := p.get(path)
			if strings.Contains(path, slug) {
				if resp.StatusCode != http.StatusNotFound {
					return false
				}
				continue
			}
			for _, trace := range []string{"/kokeilut/" + slug + "/", "/forsok/" + slug + "/", `"slug":"` + slug + `"`, "\n" + slug + ","} {
				if strings.Contains(body, trace) {
					return false
				}
			}
		}
		return true
	}

	write(t, p.dir, "content/experiments/aurinko.fi.md", fi)
	write(t, p.dir, "content/experiments/aurinko.sv.md", sv)
	p.until("the new experiment everywhere", func() bool { return shown("aurinko") })
	p.sameAsFresh()

	for _, l := range []string{"fi", "sv"} {
		must(t, os.Rename(filepath.Join(p.dir, "content/experiments/aurinko."+l+".md"), filepath.Join(p.dir, "content/experiments/paneelit."+l+".md")))
	}
	p.until("the renamed experiment everywhere", func() bool { return shown("paneelit") && gone("aurinko") })
	p.sameAsFresh()
	if resp, body := p.get("/fi/kokeilut/aurinko/"); resp.StatusCode != 404 || !strings.Contains(body, `lang="fi"`) {
		t.Errorf("the old address: %s, want the Finnish 404 page", resp.Status)
	}

	for _, l := range []string{"fi", "sv"} {
		must(t, os.Remove(filepath.Join(p.dir, "content/experiments/paneelit."+l+".md")))
	}
	p.until("the deleted experiment gone", func() bool { return gone("paneelit") })
	p.sameAsFresh()
}

// A link to a file that appears later is resolved once it does; a link to
// a file that goes away is reported.
func TestLinksFollowFiles(t *testing.T) {
	p := start(t, testSite(t))
	// osallistuva-budjetointi.fi.md links to ekobetoni.md.
	must(t, os.Rename(filepath.Join(p.dir, "content/experiments/ekobetoni.fi.md"), filepath.Join(p.dir, "ekobetoni.fi.md")))
	var errs string
	for errs == "" {
		r := p.next()
		for _, e := range r.Errors() {
			errs += e.String() + "\n"
		}
	}
	if !strings.Contains(errs, "content/experiments/osallistuva-budjetointi.fi.md:") || !strings.Contains(errs, "ekobetoni.md") {
		t.Errorf("the broken link is not reported:\n%s", errs)
	}
	if !p.has(pageFi, "Alkuperäinen kuvaus") {
		t.Error("while the site has errors, the last good build must stay served")
	}
	must(t, os.Rename(filepath.Join(p.dir, "ekobetoni.fi.md"), filepath.Join(p.dir, "content/experiments/ekobetoni.fi.md")))
	p.until("the link works again", func() bool {
		return p.has("/fi/kokeilut/osallistuva-budjetointi/", `href="/fi/kokeilut/ekobetoni/"`)
	})
	p.sameAsFresh()
}

// Folders: a content folder created with files in it, moved out of the
// site and back in, and deleted.
func TestFolders(t *testing.T) {
	p := start(t, testSite(t))
	page := func(l string) string {
		return fmt.Sprintf("---\ntitle: Saavutettavuus %s\n---\nSeloste %s.\n", l, l)
	}
	// A new folder: pages/ moves aside, a new one is made with new files.
	aside := filepath.Join(t.TempDir(), "pages")
	must(t, os.Rename(filepath.Join(p.dir, "content/pages"), aside))
	// The footer names about.*.md, which is gone with the folder.
	var errs int
	for errs == 0 {
		errs = len(p.next().Errors())
	}
	must(t, os.Mkdir(filepath.Join(p.dir, "content/pages"), 0o755))
	for _, l := range []string{"fi", "sv"} {
		for _, f := range []string{"about", "home", "failday"} {
			data, err := os.ReadFile(filepath.Join(aside, f+"."+l+".md"))
			must(t, err)
			write(t, p.dir, "content/pages/"+f+"."+l+".md", string(data))
		}
		write(t, p.dir, "content/pages/saavutettavuus."+l+".md", page(l))
	}
	p.until("the new folder's pages", func() bool {
		return p.has("/fi/saavutettavuus/", "Seloste fi") && p.has("/sv/saavutettavuus/", "Seloste sv")
	})
	p.sameAsFresh()

	// The folder moved out of the site and back in, whole.
	out := filepath.Join(t.TempDir(), "campaigns")
	for _, l := range []string{"fi", "sv"} {
		e := "content/experiments/ekobetoni." + l + ".md"
		write(t, p.dir, e, strings.Replace(read(t, p.dir, e), "campaign: kokeiluviikko-2018\n", "", 1))
	}
	p.until("the campaign no longer named", func() bool { return !p.has(pageFi, "Kokeiluviikko 2018") })
	must(t, os.Rename(filepath.Join(p.dir, "content/campaigns"), out))
	p.until("the campaign pages gone", func() bool { return p.status("/fi/kampanjat/kokeiluviikko-2018/") == 404 })
	p.sameAsFresh()
	must(t, os.Rename(out, filepath.Join(p.dir, "content/campaigns")))
	p.until("the campaign pages back", func() bool { return p.has("/sv/kampanjer/kokeiluviikko-2018/", "Försöksveckan 2018") })
	p.sameAsFresh()

	// The folder deleted.
	must(t, os.RemoveAll(filepath.Join(p.dir, "content/campaigns")))
	p.until("the campaign pages deleted", func() bool {
		return p.status("/fi/kampanjat/kokeiluviikko-2018/") == 404 && !p.has("/fi/kampanjat/", "Kokeiluviikko 2018")
	})
	p.sameAsFresh()
}

// A frontmatter edit links the site again: the page the editor's browser
// shows (an open event stream) is served first, then every list that shows
// the title.
func TestFrontmatterEdit(t *testing.T) {
	p := start(t, testSite(t))
	p.open(pageFi)
	write(t, p.dir, expFi, strings.Replace(read(t, p.dir, expFi), "title: Ekobetoni", "title: Ekobetoni uudella nimellä", 1))
	r := p.next()
	if !r.Early || len(r.Updated) != 1 || r.Updated[0] != pageFi {
		t.Errorf("first report: early %v, updated %v; want the page %s alone, early", r.Early, r.Updated, pageFi)
	}
	p.until("the new title in the lists", func() bool {
		return p.has("/fi/aiheet/kiertotalous/", "Ekobetoni uudella nimellä") && p.has("/fi/kampanjat/kokeiluviikko-2018/", "Ekobetoni uudella nimellä") &&
			p.has("/fi/kokeilut.json", "Ekobetoni uudella nimellä")
	})
	p.sameAsFresh()
}

// An edited page that a browser shows is served first, and the rest of the
// run finds it as served. An edit that makes an error anywhere (in another
// file, a reference that does not resolve) is not served at all.
func TestPreviewOfFrontmatterEdit(t *testing.T) {
	p := start(t, testSite(t))
	p.open(pageFi)
	good := read(t, p.dir, expFi)

	// Another tag and a new title: the page comes first, with both.
	write(t, p.dir, expFi, strings.NewReplacer("title: Ekobetoni", "title: Ekobetoni 2",
		"tags: [kiertotalous]", "tags: [kiertotalous, osallisuus]").Replace(good))
	write(t, p.dir, "content/experiments/ekobetoni.sv.md", strings.Replace(read(t, p.dir, "content/experiments/ekobetoni.sv.md"),
		"tags: [kiertotalous]", "tags: [kiertotalous, osallisuus]", 1))
	r := p.next()
	if !r.Early || !slices.Contains(r.Updated, pageFi) {
		t.Fatalf("first report: early %v, updated %v; want %s served early", r.Early, r.Updated, pageFi)
	}
	if !p.has(pageFi, "Ekobetoni 2") || !p.has(pageFi, `href="/fi/aiheet/osallisuus/"`) {
		t.Error("the early page lacks the new title or tag")
	}
	if r = p.next(); r.Early || !r.Committed || slices.Contains(r.Updated, pageFi) {
		t.Errorf("the rebuild: early %v, committed %v, updated %v; want the page as it was served early", r.Early, r.Committed, r.Updated)
	}
	p.sameAsFresh()

	// A date the Swedish version does not share: an error in another
	// file, so the page stays as it was.
	write(t, p.dir, expFi, strings.Replace(read(t, p.dir, expFi), "date: 2018-03-12", "date: 2018-03-13", 1))
	r = p.next()
	if r.Early || r.Committed || len(r.Errors()) != 1 || r.Errors()[0].File != "content/experiments/ekobetoni.sv.md" {
		t.Errorf("date edit: early %v, committed %v, errors %v; want the Swedish file's error, nothing served", r.Early, r.Committed, r.Errors())
	}
	if !p.has(pageFi, "2018") || !p.has(pageFi, `datetime="2018-03-12"`) {
		t.Error("the page changed with the date edit")
	}

	// A tag that does not exist: not served either.
	write(t, p.dir, expFi, strings.NewReplacer("date: 2018-03-13", "date: 2018-03-12", "kiertotalous,", "kiertotalouss,").Replace(read(t, p.dir, expFi)))
	r = p.next()
	if errs := r.Errors(); r.Early || r.Committed || len(errs) == 0 || !strings.Contains(errs[0].Message, `"kiertotalouss" does not exist`) {
		t.Errorf("unknown tag: early %v, committed %v, errors %v", r.Early, r.Committed, errs)
	}
	if !p.has(pageFi, `datetime="2018-03-12"`) || !p.has(pageFi, `href="/fi/aiheet/kiertotalous/"`) {
		t.Error("the page changed with the unknown tag")
	}

	// Fixed: served early again.
	write(t, p.dir, expFi, strings.NewReplacer("title: Ekobetoni", "title: Ekobetoni 3",
		"tags: [kiertotalous]", "tags: [kiertotalous, osallisuus]").Replace(good))
	if r = p.next(); !r.Early || len(r.Errors()) > 0 || !p.has(pageFi, "Ekobetoni 3") {
		t.Errorf("fixed: early %v, errors %v", r.Early, r.Errors())
	}
	if r = p.next(); r.Early || !r.Committed || len(r.Errors()) > 0 {
		t.Errorf("fixed, the rebuild: early %v, committed %v, errors %v", r.Early, r.Committed, r.Errors())
	}
	p.sameAsFresh()
}

// A contact's or campaign's edit reaches every page that shows it: the
// pages of its experiments, and its list.
func TestContactAndCampaignEdits(t *testing.T) {
	p := start(t, testSite(t))
	const contact, campaign = "content/contacts/maija-esimerkki.fi.md", "content/campaigns/kokeiluviikko-2018.fi.md"
	write(t, p.dir, contact, strings.Replace(read(t, p.dir, contact), "title: projektikoordinaattori", "title: kokeilupäällikkö", 1))
	p.until("the contact's new title on its experiment's page and the contact list", func() bool {
		return p.has(pageFi, "kokeilupäällikkö") && p.has("/fi/yhteystiedot/", "kokeilupäällikkö")
	})
	p.sameAsFresh()
	write(t, p.dir, campaign, strings.Replace(read(t, p.dir, campaign), "title: Kokeiluviikko 2018", "title: Kokeilujen viikko 2018", 1))
	p.until("the campaign's new title on its experiment's page, the campaign list and its own page", func() bool {
		return p.has(pageFi, "Kokeilujen viikko 2018") && p.has("/fi/kampanjat/", "Kokeilujen viikko 2018") &&
			p.has("/fi/kampanjat/kokeiluviikko-2018/", "Kokeilujen viikko 2018")
	})
	p.sameAsFresh()
}

// A rebuild renders only the files whose output can change.
func TestRendersOnlyWhatChanges(t *testing.T) {
	p := start(t, testSite(t))
	total := len(p.srv.out.Names())

	// A body edit: the page that shows the body, nothing else.
	write(t, p.dir, expFi, strings.Replace(read(t, p.dir, expFi), "Alkuperäinen", "Vain sivu", 1))
	if r := p.next(); r.Rendered != 1 || len(r.Updated) != 1 || r.Updated[0] != pageFi {
		t.Errorf("body edit: rendered %d, updated %v; want %s alone", r.Rendered, r.Updated, pageFi)
	}

	// A summary edit: the page and the lists that show the summary, not
	// the pages of other experiments or the other language's lists.
	write(t, p.dir, expFi, strings.Replace(read(t, p.dir, expFi), "summary: Purkubetonista", "summary: Muutettu yhteenveto purkubetonista", 1))
	var rendered int
	var updated []string
	for {
		r := p.next()
		if errs := r.Errors(); len(errs) > 0 {
			t.Fatal(errs)
		}
		rendered += r.Rendered
		updated = append(updated, r.Updated...)
		if !r.Early {
			break
		}
	}
	if rendered >= total/2 {
		t.Errorf("summary edit: rendered %d of %d files", rendered, total)
	}
	// kirjastobotti shares a theme with it and shows it as related, with
	// its summary; osallistuva-budjetointi shares none.
	for _, u := range updated {
		if strings.HasPrefix(u, "/sv/") || strings.Contains(u, "/osallistuva-budjetointi/") {
			t.Errorf("summary edit changed %s", u)
		}
	}
	if !slices.Contains(updated, "/fi/kokeilut/") || !slices.Contains(updated, "/fi/aiheet/kiertotalous/") ||
		!slices.Contains(updated, "/fi/kokeilut/kirjastobotti/") {
		t.Errorf("summary edit: updated %v, want the lists that show it", updated)
	}
	p.sameAsFresh()

	// A new experiment changes the list of files; a body edit after it
	// still renders its own page alone (the index of the pages that show
	// each body is made again for the new list).
	write(t, p.dir, "content/experiments/aaa-uusi.fi.md", "---\ntitle: Uusi\ndate: 2021-01-01\nsummary: S\ntags: [kiertotalous]\nstatus: idea\n---\nUusi.\n")
	p.until("the new experiment", func() bool { return p.has("/fi/kokeilut/aaa-uusi/", "Uusi.") })
	write(t, p.dir, expFi, strings.Replace(read(t, p.dir, expFi), "Vain sivu", "Taas vain sivu", 1))
	r := p.next()
	for !slices.Contains(r.Changed, expFi) {
		r = p.next() // what the new file's rebuild still reported
	}
	if r.Rendered != 1 || len(r.Updated) != 1 || r.Updated[0] != pageFi || !p.has(pageFi, "Taas vain sivu") {
		t.Errorf("body edit after a new file: rendered %d, updated %v; want %s alone", r.Rendered, r.Updated, pageFi)
	}
	p.sameAsFresh()
}

// open opens an event stream for the page, as its browser tab does, and
// waits until the server has it.
func (p *preview) open(page string) {
	p.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p.t.Cleanup(cancel)
	p.expect(p.streamOf(ctx, page), "hello", anyData)
}
