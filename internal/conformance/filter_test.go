package conformance

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A queryRule is a line of the built site's _redirects that sends a query
// parameter to a page, as Netlify reads it:
// "/fi/selaa/ kunta=:value /fi/kunta/:value/ 302!".
type queryRule struct {
	from, param, to string
	status          int
}

// readQueryRules reads the query-parameter rules of dir/_redirects (none
// when there is no such file): the ones kokeilu build writes for the
// experiment list's filter form.
func readQueryRules(dir string) []queryRule {
	f, err := os.Open(filepath.Join(dir, "_redirects"))
	if err != nil {
		return nil
	}
	defer f.Close()
	var rules []queryRule
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 4 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		param, placeholder, ok := strings.Cut(fields[1], "=")
		if !ok || !strings.HasPrefix(placeholder, ":") {
			continue
		}
		status := http.StatusFound
		if strings.TrimSuffix(fields[3], "!") == "301" {
			status = http.StatusMovedPermanently
		}
		rules = append(rules, queryRule{from: fields[0], param: param,
			to: strings.ReplaceAll(fields[2], placeholder, "\x00"), status: status})
	}
	return rules
}

// match returns where the first rule that matches the request sends it.
// The rules are forced (302!), so they apply although the page exists.
func matchQueryRules(rules []queryRule, r *http.Request) (string, int, bool) {
	q := r.URL.Query()
	for _, rule := range rules {
		if r.URL.Path != rule.from || !q.Has(rule.param) || q.Get(rule.param) == "" {
			continue
		}
		return strings.ReplaceAll(rule.to, "\x00", q.Get(rule.param)), rule.status, true
	}
	return "", 0, false
}

// TestFilterFormWithoutJavaScript: in Chromium with JavaScript turned off,
// in each language, the experiment list's filter form, with one stage and
// then one municipality chosen, leads (through the _redirects rules that
// the build writes, applied as Netlify applies them) to the static page of
// that choice.
func TestFilterFormWithoutJavaScript(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	ctx := newTab(t, 2*time.Minute)
	cfg := readSiteConfig(t, filepath.Join(root, "content", "site.yaml"))
	s := serveSite(t, buildSite(t, root), cfg)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled,
		emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("turning JavaScript off: %v", err)
	}
	for _, l := range cfg.Languages {
		list := "/" + l.Code + "/" + l.Sections["experiments"] + "/"
		for _, c := range []struct{ section, value string }{{"stage", "completed"}, {"municipality", "turku"}} {
			param := l.Sections[c.section]
			want := "/" + l.Code + "/" + param + "/" + c.value + "/"
			radio := `form.filter input[name="` + param + `"][value="` + c.value + `"]`
			err := chromedp.Do(ctx, chromedp.Navigate(s.url+list), chromedp.Click(radio),
				chromedp.Click(`form.filter button:not([type="reset"])`))
			if err != nil {
				t.Errorf("%s: choosing %s and sending the form: %v", list, radio, err)
				continue
			}
			// The click starts the navigation; wait until it has left the list.
			var loc string
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				if loc, err = chromedp.Run(ctx, chromedp.Location()); err == nil && !strings.HasSuffix(loc, list) {
					break
				}
			}
			if got := strings.TrimPrefix(loc, s.url); got != want {
				t.Errorf("%s: the form with %s=%s leads to %s, want %s", list, param, c.value, got, want)
			}
		}
	}
}

// TestFilterInPlace: in Chromium with JavaScript, in each language, the
// experiment list's filter form, used with the keyboard, narrows the list
// in place. One stage gives
// exactly the experiments of that stage's static page, and the polite live
// region announces their number; a municipality as well gives the
// experiments on both static pages, fewer than the stage alone; the
// address keeps the choices, so a reload shows the same list; "clear the
// choices" brings the whole list back. No Content-Security-Policy
// violation happens on the way (the data is fetched from the site itself).
func TestFilterInPlace(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	ctx := newTab(t, 2*time.Minute)
	cfg := readSiteConfig(t, filepath.Join(root, "content", "site.yaml"))
	s := serveSite(t, buildSite(t, root), cfg)
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument,
		cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: cspRecorder}); err != nil {
		t.Fatalf("installing the CSP recorder: %v", err)
	}
	for _, l := range cfg.Languages {
		t.Run(l.Code, func(t *testing.T) {
			f, ok := filteredList(s, l)
			if !ok {
				t.Fatalf("%s: no experiment list with a filter form and its data", l.Code)
			}
			stage := cardsOf(t, ctx, s, f.group())
			// The municipality whose static page shares the most, but not
			// all, of the stage's experiments.
			muni := section(l, "municipality")
			if err := chromedp.Do(ctx, chromedp.Navigate(s.url+f.list)); err != nil {
				t.Fatal(err)
			}
			radios := evalStrings(t, ctx, `[...document.querySelectorAll('form.filter input[name="`+muni+`"]')].map(i => i.value)`)
			var place string
			var both []string
			for _, v := range radios {
				got := cardsOf(t, ctx, s, "/"+l.Code+"/"+muni+"/"+v+"/")
				shared := intersect(stage, got)
				if len(shared) > len(both) && len(shared) < len(stage) {
					place, both = v, shared
				}
			}
			if place == "" {
				t.Fatalf("%s: no municipality has some but not all of the %d experiments of %s", l.Code, len(stage), f.group())
			}

			if err := chromedp.Do(ctx, chromedp.Navigate(s.url+f.list)); err != nil {
				t.Fatal(err)
			}
			whole := len(evalStrings(t, ctx, `[...document.querySelectorAll('#filter-list .card h2 a')].map(a => a.href)`))
			press(t, ctx, `form.filter input[name="`+f.param+`"][value="`+f.value+`"]`, " ")
			n, got := narrowed(t, ctx)
			if n != len(stage) || !sameSet(got, stage) {
				t.Errorf("%s, %s=%s: announced %d and showed %v, want the %d of %s: %v", f.list, f.param, f.value, n, got, len(stage), f.group(), stage)
			}
			press(t, ctx, `form.filter input[name="`+muni+`"][value="`+place+`"]`, " ")
			n, got = narrowed(t, ctx)
			if n != len(both) || !sameSet(got, both) {
				t.Errorf("%s, %s=%s and %s=%s: announced %d and showed %v, want %v", f.list, f.param, f.value, muni, place, n, got, both)
			}
			t.Logf("%s: %d experiments on the first page, %d in %s, %d of them in %s", f.list, whole, len(stage), f.value, len(both), place)

			loc, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(loc)); err != nil {
				t.Fatal(err)
			}
			if n, got = narrowed(t, ctx); !sameSet(got, both) {
				t.Errorf("reloading %s: %d experiments %v, want %v", strings.TrimPrefix(loc, s.url), n, got, both)
			}

			press(t, ctx, `form.filter button[type="reset"]`, kb.Enter)
			var back struct {
				List    bool   `json:"list"`
				Results bool   `json:"results"`
				Status  string `json:"status"`
				Search  string `json:"search"`
			}
			for range 50 {
				back, err = chromedp.Run(ctx, chromedp.Evaluate[struct {
					List    bool   `json:"list"`
					Results bool   `json:"results"`
					Status  string `json:"status"`
					Search  string `json:"search"`
				}](`({list: !document.getElementById('filter-list').hidden, results: !document.getElementById('filter-results').hidden,
					status: document.getElementById('filter-status').textContent, search: location.search})`))
				if err != nil {
					t.Fatal(err)
				}
				if back.List {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			if !back.List || back.Results || back.Status != "" || back.Search != "" {
				t.Errorf("%s: after clearing the choices: whole list shown %v, narrowed list shown %v, status %q, query %q",
					f.list, back.List, back.Results, back.Status, back.Search)
			}
			if vs := evalStrings(t, ctx, `window.__csp || ['the recorder did not run']`); len(vs) > 0 {
				t.Errorf("%s: Content-Security-Policy violations: %v", f.list, vs)
			}
		})
	}
}

// cardsOf are the experiment pages a list links from its cards, following
// its pager to the end.
func cardsOf(t *testing.T, ctx context.Context, s *site, path string) []string {
	t.Helper()
	var out []string
	for next := path; next != ""; {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.url+next)); err != nil {
			t.Fatal(err)
		}
		out = append(out, evalStrings(t, ctx, `[...document.querySelectorAll('.cards .card h2 a')].map(a => new URL(a.href).pathname)`)...)
		n := evalStrings(t, ctx, `[...document.querySelectorAll('a[rel="next"]')].slice(0, 1).map(a => new URL(a.href).pathname)`)
		next = ""
		if len(n) > 0 {
			next = n[0]
		}
	}
	return out
}

// press focuses an element and presses keys, as a keyboard user does:
// Space picks a radio button, Enter presses a button.
func press(t *testing.T, ctx context.Context, sel, keys string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Focus(sel), chromedp.KeyEvent(keys)); err != nil {
		t.Fatalf("pressing %q on %s: %v", keys, sel, err)
	}
}

// narrowed waits until the live region's announcement has settled and
// returns the number it says and the narrowed list's experiments, after
// "show more" until there is no more.
func narrowed(t *testing.T, ctx context.Context) (int, []string) {
	t.Helper()
	js := `new Promise((done, fail) => {
		const status = document.getElementById('filter-status');
		let last = '', same = 0;
		const tick = setInterval(() => {
			const s = status.textContent;
			if (s && s === last) same++; else same = 0;
			last = s;
			if (same >= 3) { clearInterval(tick); done(s); }
		}, 50);
		setTimeout(() => { clearInterval(tick); fail(new Error('no count announced')); }, 10000);
	})`
	said, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if live := evalStrings(t, ctx, `[document.getElementById('filter-status').getAttribute('aria-live') || '']`); live[0] != "polite" {
		t.Errorf("the count is not in a polite live region: aria-live %q", live[0])
	}
	for range 1000 {
		more := evalStrings(t, ctx, `[...document.querySelectorAll('#filter-results button:not([hidden])')].map(b => 'x')`)
		if len(more) == 0 {
			break
		}
		press(t, ctx, `#filter-results button`, kb.Enter)
	}
	got := evalStrings(t, ctx, `[...document.querySelectorAll('#filter-results .card h2 a')].map(a => new URL(a.href).pathname)`)
	n := 0
	if m := digits.FindString(said); m != "" {
		n, _ = strconv.Atoi(strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return r
			}
			return -1
		}, m))
	}
	return n, got
}

func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
