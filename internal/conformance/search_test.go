package conformance

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kokeilu/kokeilu/internal/search"
)

// searchSample is the sample experiment the search test looks for by a word
// of its body.
const searchSample = "ekobetoni-kokeilu"

// TestSearch builds the sample site with its Pagefind index, serves it with
// netlify.toml's headers and, in Chromium, in each language: types a word
// of the sample experiment's body (one that is in neither its title nor its
// summary) into the search page with the keyboard and finds the experiment
// among the results, all in the page's language; then searches a word many
// experiments share and picks a stage with the arrow keys, and the count
// drops. No Content-Security-Policy violation may happen on the way (the
// WebAssembly runs under the search page's policy).
func TestSearch(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	if search.Find(root) == "" {
		missing(t, "pagefind (npm ci --prefix .ci)")
	}
	ctx := newTab(t, 2*time.Minute)
	cfg := readSiteConfig(t, filepath.Join(root, "content", "site.yaml"))
	out := buildSite(t, root)
	if !search.Has(out) {
		t.Fatalf("kokeilu build made no search index in %s although Pagefind is installed", out)
	}
	s := serveSite(t, out, cfg)
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument,
		cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: cspRecorder}); err != nil {
		t.Fatalf("installing the CSP recorder: %v", err)
	}
	common := map[string]string{"fi": "kunta", "sv": "kommunen", "en": "municipality"}
	for _, l := range cfg.Languages {
		body, title := readExperiment(t, root, searchSample, l.Code)
		others, err := filepath.Glob(filepath.Join(root, "content", "experiments", "*."+l.Code+".md"))
		if err != nil {
			t.Fatal(err)
		}
		var rest strings.Builder
		for _, o := range others {
			if filepath.Base(o) != searchSample+"."+l.Code+".md" {
				b, _ := os.ReadFile(o)
				rest.Write(b)
			}
		}
		word := bodyWord(body, title+rest.String())
		if word == "" {
			t.Fatalf("%s.%s.md: no long word of its body is in neither its frontmatter nor another experiment", searchSample, l.Code)
		}
		page := "/" + l.Code + "/" + l.Sections["search"] + "/"
		// Its address in the language: its slug: there, else the file's.
		seg := searchSample
		if m := regexp.MustCompile(`(?m)^slug: *(\S+)`).FindStringSubmatch(title); m != nil {
			seg = m[1]
		}
		want := "/" + l.Code + "/" + l.Sections["experiments"] + "/" + seg + "/"
		t.Run(l.Code, func(t *testing.T) {
			// Without JavaScript: the notice shows, the form does not, and
			// the notice leads to the pages that need no script.
			status, html, err := s.get(page)
			if err != nil || status != 200 {
				t.Fatalf("GET %s: %d %v", page, status, err)
			}
			doc := s.docs[page]
			list := "/" + l.Code + "/" + l.Sections["experiments"] + "/"
			if doc == nil || !doc.ids["search-nojs"] || !strings.Contains(html, `href=`+list) && !strings.Contains(html, `href="`+list+`"`) ||
				!regexp.MustCompile(`<form[^>]*\bhidden\b`).MatchString(html) {
				t.Errorf("%s without JavaScript: no notice linking %s, or the form is not hidden", page, list)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(s.url+page)); err != nil {
				t.Fatal(err)
			}
			waitVisible(t, ctx, "#search-q")
			n, urls := typeSearch(t, ctx, word)
			t.Logf("%s %q: %d results %v", page, word, n, urls)
			found := false
			for _, u := range urls {
				found = found || u == want
				if !strings.HasPrefix(u, "/"+l.Code+"/") {
					t.Errorf("%q: the result %s is not in %s", word, u, l.Code)
				}
			}
			if !found {
				t.Errorf("searching %s for %q (a word of the body of %s) did not find it: %v", page, word, want, urls)
			}

			// A word many experiments share, then a stage by the keyboard.
			all, _ := typeSearch(t, ctx, common[l.Code])
			stages := stagesShown(t, ctx)
			if all < 2 || len(stages) < 2 {
				t.Fatalf("%q finds %d experiments in %d stages; the test needs more", common[l.Code], all, len(stages))
			}
			// The stage radios, by the keyboard: from the first ("every
			// stage"), each arrow key picks the next stage.
			var fewer int
			for i := range 3 {
				focusAndKeys(t, ctx, "#stage-all", strings.Repeat(kb.ArrowDown, i+1))
				fewer = waitCount(t, ctx)
				if fewer < all {
					break
				}
			}
			t.Logf("%q: %d results, %d in one stage", common[l.Code], all, fewer)
			if fewer >= all {
				t.Errorf("%s: a stage filter did not lower the count of %q (%d)", page, common[l.Code], all)
			}
			violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp || ['the recorder did not run']`))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range violations {
				t.Errorf("%s: Content-Security-Policy violation: %s", page, v)
			}
		})
	}
}

func readExperiment(t *testing.T, root, slug, lang string) (body, head string) {
	b, err := os.ReadFile(filepath.Join(root, "content", "experiments", slug+"."+lang+".md"))
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(string(b), "---\n", 3)
	if len(parts) != 3 {
		t.Fatalf("%s.%s.md has no YAML frontmatter", slug, lang)
	}
	return parts[2], parts[1]
}

// bodyWord is the first word of nine letters or more of the body that
// elsewhere (its frontmatter with title and summary, the other experiments)
// does not hold.
func bodyWord(body, elsewhere string) string {
	fm := strings.ToLower(elsewhere)
	for _, w := range strings.FieldsFunc(body, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(w)) >= 9 && !strings.Contains(fm, strings.ToLower(w)) {
			return w
		}
	}
	return ""
}

func waitVisible(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(sel)); err != nil {
		t.Fatalf("%s never showed (is the search index there?): %v", sel, err)
	}
}

// typeSearch clears the search field and types q key by key, then waits
// for the announced count and returns it with the result links.
func typeSearch(t *testing.T, ctx context.Context, q string) (int, []string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('search-q').value = ''`),
		chromedp.Focus("#search-q"), chromedp.KeyEvent(q), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	n := waitCount(t, ctx)
	urls, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#search-results a')].map(a => new URL(a.href).pathname)`))
	if err != nil {
		t.Fatal(err)
	}
	return n, urls
}

func focusAndKeys(t *testing.T, ctx context.Context, sel, keys string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Focus(sel), chromedp.KeyEvent(keys)); err != nil {
		t.Fatal(err)
	}
}

var digits = regexp.MustCompile(`\d[\d\s\x{a0}\x{202f}.,]*`)

// waitCount waits until the polite live region says how many results there
// are (not "searching…"), for the search the last input started, and
// returns the number.
func waitCount(t *testing.T, ctx context.Context) int {
	t.Helper()
	js := `new Promise((done, fail) => {
		const form = document.getElementById('search-form'), status = document.getElementById('search-status');
		let last = '', same = 0;
		const tick = setInterval(() => {
			const s = status.textContent;
			if (s && s !== form.dataset.loading && s === last) same++; else same = 0;
			last = s;
			if (same >= 3) { clearInterval(tick); done(s); }
		}, 100);
		setTimeout(() => { clearInterval(tick); fail(new Error('no count announced; status: ' + status.textContent)); }, 20000);
	})`
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	live, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('search-status').getAttribute('aria-live')`))
	if err != nil || live != "polite" {
		t.Fatalf("the result count is not in a polite live region (aria-live %q, %v)", live, err)
	}
	// The number as the language writes it: "5 000 tulosta", "1 tulos".
	m := strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, digits.FindString(s))
	if m == "" {
		return 0 // "no results"
	}
	n, _ := strconv.Atoi(m)
	return n
}

func stagesShown(t *testing.T, ctx context.Context) map[string]bool {
	t.Helper()
	classes, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#search-results .stage')].map(s => s.className)`))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, c := range classes {
		out[c] = true
	}
	return out
}

// TestSearchFirstResult measures, on a built site with an index
// (KOKEILU_SEARCH_SITE=DIR, e.g. a corpus built with kokeilu build), how
// long each language's search page takes from the load to the search form
// and from typing a word to the first results, in a fresh tab (no cache).
//
//	KOKEILU_SEARCH_SITE=/tmp/c5000-out go test ./internal/conformance -run TestSearchFirstResult -v
func TestSearchFirstResult(t *testing.T) {
	dir := os.Getenv("KOKEILU_SEARCH_SITE")
	if dir == "" {
		t.Skip("KOKEILU_SEARCH_SITE is not set")
	}
	pages, err := filepath.Glob(filepath.Join(dir, "*", "*", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	common := map[string]string{"fi": "kunta", "sv": "kommunen", "en": "municipality"}
	s := serveSite(t, dir, siteConfig{BaseURL: "https://kokeilu.example.fi", Languages: []language{{Code: "fi"}, {Code: "sv"}}})
	for _, f := range pages {
		b, err := os.ReadFile(f)
		if err != nil || !strings.Contains(string(b), `id=search-q`) && !strings.Contains(string(b), `id="search-q"`) {
			continue
		}
		rel, _ := filepath.Rel(dir, filepath.Dir(f))
		page := "/" + filepath.ToSlash(rel) + "/"
		lang := strings.Split(rel, string(filepath.Separator))[0]
		for _, word := range []string{common[lang], "digi"} {
			ctx := newTab(t, time.Minute)
			start := time.Now()
			if err := chromedp.Do(ctx, chromedp.Navigate(s.url+page)); err != nil {
				t.Fatal(err)
			}
			waitVisible(t, ctx, "#search-q")
			ready := time.Since(start)
			start = time.Now()
			n, _ := typeSearch(t, ctx, word)
			t.Logf("%s %q: form ready %d ms after the load began; %d results %d ms after typing began (the count is announced once it stays 300 ms)",
				page, word, ready.Milliseconds(), n, (time.Since(start) - 300*time.Millisecond).Milliseconds())
			if n <= 50 {
				continue
			}
			// 50 are shown; the button (by the keyboard) adds the next 50.
			count := func() int {
				return len(evalStrings(t, ctx, `[...document.querySelectorAll('#search-results > li')].map(li => '')`))
			}
			if c := count(); c != 50 {
				t.Errorf("%s %q: %d results shown, want the first 50", page, word, c)
			}
			focusAndKeys(t, ctx, "#search-more", kb.Enter)
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('#search-results > li').length === 100`,
				chromedp.WithPollingTimeout(20*time.Second))); err != nil {
				t.Errorf("%s %q: the button did not show 50 more (%d shown): %v", page, word, count(), err)
			}
		}
	}
}

func evalStrings(t *testing.T, ctx context.Context, js string) []string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
	if err != nil {
		t.Fatal(err)
	}
	return v
}
