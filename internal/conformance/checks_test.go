package conformance

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The checks below each take a served site and return the problems found,
// one line each. A check fails the test itself only when its tool could not
// run; what the tool finds is for the caller to judge (report for a site that
// should be clean, expectProblems for the broken one).

// schema is a vendored schema in testdata/schemas.
func schema(t testing.TB, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("testdata", "schemas", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// lines splits tool output into non-empty lines, dropping the site
// directory from file names so that problems read "fi/index.html:3.1: …".
func lines(s *site, out string) []string {
	var ls []string
	for l := range strings.SplitSeq(out, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		l = strings.ReplaceAll(l, "file:"+s.dir+"/", "")
		l = strings.ReplaceAll(l, s.dir+"/", "")
		ls = append(ls, l)
	}
	return ls
}

// checkHTML runs the Nu Html Checker on every HTML and CSS file of the site.
func checkHTML(t testing.TB, s *site) []string {
	java, jar := needVnu(t)
	r := runTool(t, 5*time.Minute, s.dir, java, "-Xss8m", "-jar", jar, "--errors-only", "--skip-non-html",
		"--also-check-css", "--format", "gnu", "--stdout", "--verbose", s.dir)
	// --verbose names each file checked on stderr: a directory that holds
	// nothing vnu recognises would otherwise pass as "0 errors".
	checked := 0
	for _, l := range lines(s, r.stderr) {
		if strings.HasSuffix(l, ".html") {
			checked++
		}
	}
	var problems []string
	if checked < len(s.docs) {
		problems = append(problems, fmt.Sprintf("vnu checked %d of the %d HTML files", checked, len(s.docs)))
	}
	switch r.code {
	case 0:
		t.Logf("vnu: %d HTML files, 0 errors", checked)
		return problems
	case 1:
		if ls := lines(s, r.stdout); len(ls) > 0 {
			return append(problems, ls...)
		}
	}
	t.Fatalf("vnu failed with exit %d and no report:\n%s", r.code, r.output())
	return nil
}

// xmlFiles lists the site's .xml and .atom files whose root element is
// {space}local, relative to the site directory.
func xmlFiles(t testing.TB, s *site, space, local string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (!strings.HasSuffix(p, ".xml") && !strings.HasSuffix(p, ".atom")) {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		dec := xml.NewDecoder(f)
		for {
			tok, err := dec.Token()
			if err != nil {
				return nil // not well-formed before the root: not ours to classify
			}
			if se, ok := tok.(xml.StartElement); ok {
				if se.Name.Space == space && se.Name.Local == local {
					rel, _ := filepath.Rel(s.dir, p)
					found = append(found, rel)
				}
				return nil
			}
		}
	})
	if err != nil {
		t.Fatalf("looking for XML files: %v", err)
	}
	sort.Strings(found)
	return found
}

const atomNS = "http://www.w3.org/2005/Atom"

// checkAtom validates every Atom feed against RFC 4287's RELAX NG schema with
// jing, and checks with xmllint that it is well-formed. (jing does not
// enforce the schema's Schematron rules, and accepts a date-time without a
// time zone: the feed tests of the generator itself cover those.)
func checkAtom(t testing.TB, s *site) []string {
	feeds := xmlFiles(t, s, atomNS, "feed")
	if len(feeds) == 0 {
		return []string{"no Atom feed (a file whose root is {" + atomNS + "}feed) in the site"}
	}
	jing := needCmd(t, "jing (Debian package jing)", "jing")
	xmllint := needCmd(t, "xmllint (Debian package libxml2-utils)", "xmllint")
	var problems []string
	r := runTool(t, 2*time.Minute, s.dir, jing, append([]string{"-c", schema(t, "atom.rnc")}, feeds...)...)
	if r.code != 0 {
		problems = append(problems, lines(s, r.output())...)
		if len(problems) == 0 {
			problems = append(problems, fmt.Sprintf("jing exited %d", r.code))
		}
	}
	r = runTool(t, time.Minute, s.dir, xmllint, append([]string{"--noout"}, feeds...)...)
	if r.code != 0 {
		problems = append(problems, lines(s, r.output())...)
	}
	t.Logf("atom: %d feed(s): %s", len(feeds), strings.Join(feeds, ", "))
	return problems
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

type urlset struct {
	URLs []struct {
		Loc   string `xml:"loc"`
		Links []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"url"`
}

// checkSitemap validates every sitemap (root {…sitemap/0.9}urlset) against
// the sitemaps.org XSD extended with xhtml:link, then checks that its URLs
// are pages of the site, that every language page is listed, and that its
// hreflang alternates say what the pages say.
func checkSitemap(t testing.TB, s *site) []string {
	maps := xmlFiles(t, s, sitemapNS, "urlset")
	if len(maps) == 0 {
		return []string{"no sitemap (a file whose root is {" + sitemapNS + "}urlset) in the site"}
	}
	xmllint := needCmd(t, "xmllint (Debian package libxml2-utils)", "xmllint")
	var problems []string
	r := runTool(t, time.Minute, s.dir, xmllint,
		append([]string{"--noout", "--schema", schema(t, "sitemap-hreflang.xsd")}, maps...)...)
	if r.code != 0 {
		problems = append(problems, lines(s, r.output())...)
	}

	listed := map[string]bool{}
	for _, m := range maps {
		b, err := os.ReadFile(filepath.Join(s.dir, m))
		if err != nil {
			t.Fatal(err)
		}
		var us urlset
		if err := xml.Unmarshal(b, &us); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", m, err))
			continue
		}
		for _, u := range us.URLs {
			p := s.localPath("/", u.Loc)
			doc, ok := s.docs[p]
			if p == "" || !ok {
				problems = append(problems, fmt.Sprintf("%s: <loc>%s</loc> is not a page of the site", m, u.Loc))
				continue
			}
			listed[p] = true
			var inMap []string
			for _, l := range u.Links {
				inMap = append(inMap, l.Hreflang+" "+s.localPath(p, l.Href))
			}
			var inPage []string
			for _, a := range doc.alternates {
				inPage = append(inPage, a.hreflang+" "+s.localPath(p, a.href))
			}
			sort.Strings(inMap)
			sort.Strings(inPage)
			if !slices.Equal(inMap, inPage) {
				problems = append(problems, fmt.Sprintf("%s: the alternates of %s are [%s] but the page says [%s]",
					m, u.Loc, strings.Join(inMap, ", "), strings.Join(inPage, ", ")))
			}
		}
	}
	for _, p := range s.pagePaths() {
		if s.langOf(p) != "" && !is404Page(p) && !listed[p] {
			problems = append(problems, fmt.Sprintf("%s is not in the sitemap", p))
		}
	}
	t.Logf("sitemap: %s, %d pages listed", strings.Join(maps, ", "), len(listed))
	return problems
}

// checkHreflang checks the <link rel="alternate" hreflang> of every page:
// every page but the 404 pages names an x-default; every target is a page of
// the site in the language it is announced in; a page in a language
// directory names itself, and every translation it names names it back
// under its own language.
func checkHreflang(t testing.TB, s *site) []string {
	var problems []string
	bad := func(p, format string, args ...any) {
		problems = append(problems, p+": "+fmt.Sprintf(format, args...))
	}
	pairs := 0
	for _, p := range s.pagePaths() {
		if is404Page(p) {
			continue
		}
		doc := s.docs[p]
		inLangDir := s.langOf(p) != ""
		seen := map[string]string{}
		self := false
		for _, a := range doc.alternates {
			hl := strings.ToLower(a.hreflang)
			tp := s.localPath(p, a.href)
			if prev, dup := seen[hl]; dup && prev != tp {
				bad(p, "hreflang %q is given twice (%s, %s)", a.hreflang, prev, a.href)
			}
			seen[hl] = tp
			if tp == "" {
				bad(p, "hreflang %q points off the site: %s", a.hreflang, a.href)
				continue
			}
			target, ok := s.docs[tp]
			if !ok {
				bad(p, "hreflang %q points at %s, which is not a page", a.hreflang, a.href)
				continue
			}
			if hl == "x-default" {
				continue
			}
			if !sameLanguage(target.lang, a.hreflang) {
				bad(p, "hreflang %q points at %s, whose <html lang> is %q", a.hreflang, tp, target.lang)
			}
			if tp == p {
				self = true
				continue
			}
			if !inLangDir {
				continue
			}
			pairs++
			back := false
			for _, b := range target.alternates {
				if s.localPath(tp, b.href) == p && sameLanguage(doc.lang, b.hreflang) {
					back = true
				}
			}
			if !back {
				bad(p, "hreflang %q points at %s, which does not point back with hreflang %q", a.hreflang, tp, doc.lang)
			}
		}
		if _, ok := seen["x-default"]; !ok {
			bad(p, "no hreflang=\"x-default\" alternate")
		}
		if inLangDir && !self {
			bad(p, "does not name itself as its hreflang %q alternate", doc.lang)
		}
	}
	t.Logf("hreflang: %d pages, %d translation links checked both ways", len(s.docs), pairs)
	return problems
}

type linkinatorReport struct {
	Passed bool `json:"passed"`
	Links  []struct {
		URL    string `json:"url"`
		Status int    `json:"status"`
		State  string `json:"state"`
		Parent string `json:"parent"`
	} `json:"links"`
}

// checkLinks runs linkinator from every page over the local server, with the
// production origin rewritten to it so that canonical and hreflang links are
// checked too. Links to other sites cannot be checked offline; they are
// skipped and counted.
func checkLinks(t testing.TB, s *site) []string {
	bin := needLinkinator(t)
	u, _ := url.Parse(s.url)
	args := []string{}
	for _, p := range s.pagePaths() {
		args = append(args, s.url+p)
	}
	args = append(args, "--recurse", "--check-fragments", "--timeout", "10000",
		"--format", "json", "--verbosity", "info",
		"--url-rewrite-search", "^"+regexp.QuoteMeta(s.cfg.BaseURL),
		"--url-rewrite-replace", s.url,
		"--skip", "^https?://(?!"+regexp.QuoteMeta(u.Host)+"(/|$))")
	r := runTool(t, 5*time.Minute, s.dir, bin, args...)
	var rep linkinatorReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("linkinator exited %d without a JSON report (%v):\n%s", r.code, err, r.output())
	}
	var problems []string
	ok, skipped := 0, map[string]bool{}
	for _, l := range rep.Links {
		switch l.State {
		case "BROKEN":
			status := strconv.Itoa(l.Status)
			if l.Status == http.StatusOK && strings.Contains(l.URL, "#") {
				status = "#" // the page is there, the fragment is not
			}
			problems = append(problems, fmt.Sprintf("[%s] %s (on %s)",
				status, strings.TrimPrefix(l.URL, s.url), strings.TrimPrefix(l.Parent, s.url)))
		case "SKIPPED":
			skipped[l.URL] = true
		default:
			ok++
		}
	}
	sort.Strings(problems)
	problems = slices.Compact(problems)
	if !rep.Passed && len(problems) == 0 {
		problems = append(problems, "linkinator failed without naming a broken link:\n"+r.output())
	}
	if ok == 0 {
		problems = append(problems, "linkinator checked no link")
	}
	t.Logf("links: %d checked, %d broken, %d other-site or non-HTTP links not checked offline",
		ok, len(problems), len(skipped))
	return problems
}

type lighthouseReport struct {
	FinalURL     string `json:"finalDisplayedUrl"`
	RuntimeError *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"runtimeError"`
	Categories map[string]struct {
		Score     *float64 `json:"score"`
		AuditRefs []struct {
			ID     string  `json:"id"`
			Weight float64 `json:"weight"`
		} `json:"auditRefs"`
	} `json:"categories"`
	Audits map[string]struct {
		Score *float64 `json:"score"`
		Title string   `json:"title"`
	} `json:"audits"`
}

// lighthouseMin are the category scores every page must reach.
var lighthouseMin = []struct {
	category string
	min      float64
}{{"accessibility", 1}, {"seo", 0.95}, {"best-practices", 0.95}}

// chromeFlags are the flags every Chromium here runs with: no sandbox as
// root, no network beyond the local server.
var chromeFlags = []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
	"--no-first-run", "--disable-background-networking", "--disable-component-update",
	"--disable-sync", "--disable-dev-shm-usage"}

// checkLighthouse runs Lighthouse on the pages at the phone width (its
// default: a 412 px phone with touch) and at the desktop width
// (--preset=desktop, 1350 px), and compares its scores with lighthouseMin.
// Lighthouse exits 0 whatever the scores, so the JSON report is read. It
// spends most of its 12-20 s a page waiting for the page to settle, so up
// to four runs go at once: that takes half as long as one by one on two
// cores, with the same scores.
func checkLighthouse(t testing.TB, s *site, pages ...string) []string {
	return checkLighthouseAt(t, s, pages, nil)
}

// checkLighthouseAt scores the pages at both widths and phoneOnly at the
// phone's (the stricter one for target sizes and reflow).
func checkLighthouseAt(t testing.TB, s *site, pages, phoneOnly []string) []string {
	bin := needLighthouse(t)
	chromium := needChromium(t)
	tmp := t.TempDir()
	type run struct {
		r    result
		took time.Duration
		err  error
	}
	var paths []string // "/fi/ (phone)", "/fi/ (desktop)"
	for _, p := range pages {
		paths = append(paths, p+" (phone)", p+" (desktop)")
	}
	for _, p := range phoneOnly {
		paths = append(paths, p+" (phone)")
	}
	runs := make([]run, len(paths))
	var wg sync.WaitGroup
	slots := make(chan struct{}, 4)
	for i, p := range paths {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			page, width, _ := strings.Cut(p, " ")
			args := []string{s.url + page,
				"--chrome-path=" + chromium, "--chrome-flags=" + strings.Join(chromeFlags, " "),
				"--only-categories=accessibility,best-practices,seo",
				"--output=json", "--output-path=" + filepath.Join(tmp, fmt.Sprintf("lighthouse-%d.json", i)), "--quiet"}
			if width == "(desktop)" {
				args = append(args, "--preset=desktop")
			}
			r, took, err := execTool(3*time.Minute, tmp, bin, args...)
			runs[i] = run{r, took, err}
		})
	}
	wg.Wait()
	var problems []string
	for i, p := range paths {
		r := runs[i].r
		if runs[i].err != nil {
			t.Fatalf("Lighthouse on %s: %v", p, runs[i].err)
		}
		t.Logf("lighthouse %s: exit %d in %.1f s", p, r.code, runs[i].took.Seconds())
		b, err := os.ReadFile(filepath.Join(tmp, fmt.Sprintf("lighthouse-%d.json", i)))
		if err != nil {
			t.Fatalf("Lighthouse on %s exited %d without a report:\n%s", p, r.code, r.output())
		}
		var rep lighthouseReport
		if err := json.Unmarshal(b, &rep); err != nil {
			t.Fatalf("Lighthouse report for %s: %v", p, err)
		}
		if rep.RuntimeError != nil {
			problems = append(problems, fmt.Sprintf("%s: Lighthouse could not test the page: %s %s",
				p, rep.RuntimeError.Code, rep.RuntimeError.Message))
			continue
		}
		var scores []string
		for _, m := range lighthouseMin {
			c, ok := rep.Categories[m.category]
			if !ok || c.Score == nil {
				problems = append(problems, fmt.Sprintf("%s: no %s score", p, m.category))
				continue
			}
			scores = append(scores, fmt.Sprintf("%s %.2f", m.category, *c.Score))
			if *c.Score >= m.min {
				continue
			}
			var failing []string
			for _, a := range c.AuditRefs {
				if au := rep.Audits[a.ID]; a.Weight > 0 && au.Score != nil && *au.Score < 1 {
					failing = append(failing, fmt.Sprintf("%s (%s)", a.ID, au.Title))
				}
			}
			problems = append(problems, fmt.Sprintf("%s: Lighthouse %s %.2f < %.2f; failing audits: %s",
				p, m.category, *c.Score, m.min, strings.Join(failing, "; ")))
		}
		t.Logf("lighthouse %s: %s", p, strings.Join(scores, ", "))
	}
	return problems
}
