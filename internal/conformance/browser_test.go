package conformance

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// One headless Chromium serves every browser check of the package run
// (starting one costs about a second); each check opens its own tab.
var browser struct {
	once    sync.Once
	ctx     context.Context
	cancel  func()
	profile string
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
	}
	if browser.profile != "" {
		os.RemoveAll(browser.profile)
	}
	os.Exit(code)
}

// newTab opens a tab in the shared browser, starting it on first use.
func newTab(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	exe := needChromium(t)
	browser.once.Do(func() {
		browser.profile, browser.err = os.MkdirTemp("", "conformance-chromium-")
		if browser.err != nil {
			return
		}
		opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(exe),
			chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(browser.profile),
			chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 900)}
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelBrowser := chromedp.NewContext(actx)
		browser.ctx = ctx
		browser.cancel = func() { cancelBrowser(); cancelAlloc() }
		browser.err = chromedp.Do(ctx) // starts the browser and its first tab
	})
	if browser.err != nil {
		t.Fatalf("starting Chromium %s: %v", exe, browser.err)
	}
	tab, closeTab := chromedp.NewContext(browser.ctx)
	ctx, cancel := context.WithTimeout(tab, timeout)
	t.Cleanup(func() { cancel(); closeTab() })
	return ctx
}

// viewport is a window size the pages are checked at.
type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var viewports = []viewport{{"desktop", 1280, 900, false}, {"phone", 375, 740, true}}

func (v viewport) emulate() chromedp.Action[chromedp.Void] {
	if v.mobile {
		return chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(v.width, v.height)
}

// pageRef is a URL path to load in the browser and what the server must
// answer for it.
type pageRef struct {
	path   string
	status int    // expected HTTP status
	lang   string // for a 404: the language whose 404 page must be served; else ""
	why    string // which page type it stands for
	// ready, if set, is a script whose promise settles when the page has
	// done what its own scripts do on load (a list narrowed in place).
	ready string
}

// filterReady waits until the experiment list's filter has announced its
// count: the list is narrowed.
const filterReady = `new Promise((done, fail) => {
	const tick = setInterval(() => {
		if (document.getElementById('filter-status').textContent) { clearInterval(tick); done(); }
	}, 50);
	setTimeout(() => { clearInterval(tick); fail(new Error('the list was not narrowed')); }, 10000);
})`

// axeTags are the axe-core rule tags checked: WCAG 2.0 and 2.1, A and AA.
const axeTags = "wcag2a,wcag2aa,wcag21a,wcag21aa"

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

type loaded struct {
	Lang string `json:"lang"`
}

// checkAxe runs axe-core in every page at every viewport, in one tab.
func checkAxe(t testing.TB, s *site, pages []pageRef) []string {
	axeSrc, err := os.ReadFile(needAxe(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := newTab(t, time.Duration(30+len(pages)*len(viewports)*5)*time.Second)
	run := fmt.Sprintf(`axe.run(document, {runOnly: {type: 'tag', values: %q.split(',')}, resultTypes: ['violations']})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
			nodes: v.nodes.map(n => n.target.join(' '))})))`, axeTags)
	for _, pr := range pages {
		t.Logf("axe page: %s (%s, HTTP %d)", pr.path, pr.why, pr.status)
	}
	var problems []string
	start, runs := time.Now(), 0
	for _, vp := range viewports {
		if err := chromedp.Do(ctx, vp.emulate()); err != nil {
			t.Fatalf("setting the %s viewport: %v", vp.name, err)
		}
		for _, pr := range pages {
			resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(s.url+pr.path))
			if err != nil {
				t.Fatalf("loading %s: %v", pr.path, err)
			}
			if int(resp.Status) != pr.status {
				problems = append(problems, fmt.Sprintf("%s (%s): HTTP %d, want %d", pr.path, pr.why, resp.Status, pr.status))
			}
			if pr.lang != "" && vp.name == "desktop" {
				l, err := chromedp.Run(ctx, chromedp.Evaluate[loaded](`({lang: document.documentElement.lang})`))
				if err != nil {
					t.Fatal(err)
				}
				if !sameLanguage(l.Lang, pr.lang) {
					problems = append(problems, fmt.Sprintf("%s (%s): got a page in %q, want the %q 404 page",
						pr.path, pr.why, l.Lang, pr.lang))
				}
			}
			if pr.ready != "" {
				if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](pr.ready, chromedp.EvalAwaitPromise)); err != nil {
					problems = append(problems, fmt.Sprintf("%s (%s, %s): %v", pr.path, pr.why, vp.name, err))
					continue
				}
			}
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(axeSrc))); err != nil {
				t.Fatalf("injecting axe-core into %s: %v", pr.path, err)
			}
			vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("axe-core on %s: %v", pr.path, err)
			}
			runs++
			for _, v := range vs {
				problems = append(problems, fmt.Sprintf("%s (%s, %s): %s (%s) %s -> %s",
					pr.path, pr.why, vp.name, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", ")))
			}
		}
	}
	t.Logf("axe: %d pages x %d viewports in %.1f s", len(pages), len(viewports), time.Since(start).Seconds())
	if runs == 0 {
		problems = append(problems, "axe-core checked no page")
	}
	return problems
}

// cspRecorder runs in every page before the page's own scripts and keeps
// the Content-Security-Policy violations the page causes.
const cspRecorder = `window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
	e.violatedDirective + ' refused ' + (e.blockedURI || '?') +
	(e.sourceFile ? ' (' + e.sourceFile.replace(location.origin, '') + ':' + e.lineNumber + ')' : '')));`

// checkCSP loads every page in Chromium under the headers netlify.toml
// sets and reports each page without a Content-Security-Policy and each
// violation of it: an inline script or style, a style attribute, a
// resource from elsewhere. A page that the policy breaks looks fine in
// every other check, which load it without the header.
func checkCSP(t testing.TB, s *site, pages []pageRef) []string {
	ctx := newTab(t, time.Duration(30+len(pages)*5)*time.Second)
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument,
		cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: cspRecorder}); err != nil {
		t.Fatalf("installing the CSP recorder: %v", err)
	}
	var problems []string
	for _, pr := range pages {
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(s.url+pr.path))
		if err != nil {
			t.Fatalf("loading %s: %v", pr.path, err)
		}
		has := false
		for k, v := range resp.Headers {
			if strings.EqualFold(k, "Content-Security-Policy") && fmt.Sprint(v) != "" {
				has = true
			}
		}
		if !has {
			problems = append(problems, fmt.Sprintf("%s (%s): no Content-Security-Policy header", pr.path, pr.why))
		}
		// Violations are reported as tasks after the load: wait a little.
		vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`new Promise(done => setTimeout(() => done(window.__csp || ['the recorder did not run']), 100))`,
			chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("reading the CSP violations of %s: %v", pr.path, err)
		}
		for _, v := range vs {
			problems = append(problems, fmt.Sprintf("%s (%s): %s", pr.path, pr.why, v))
		}
	}
	return problems
}

// focused is what the keyboard test reads about the focused element.
type focused struct {
	Tag          string  `json:"tag"`
	Href         string  `json:"href"`
	Text         string  `json:"text"`
	MainID       string  `json:"mainId"`
	X            float64 `json:"x"`
	Y            float64 `json:"y"`
	W            float64 `json:"w"`
	H            float64 `json:"h"`
	VW           float64 `json:"vw"`
	VH           float64 `json:"vh"`
	OutlineStyle string  `json:"outlineStyle"`
	OutlineWidth float64 `json:"outlineWidth"`
	BoxShadow    string  `json:"boxShadow"`
}

const readFocus = `(() => {
	const a = document.activeElement, main = document.querySelector('main');
	const r = a.getBoundingClientRect(), cs = getComputedStyle(a);
	return {tag: a.tagName.toLowerCase(), href: a.getAttribute('href') || '',
		text: (a.textContent || '').trim().slice(0, 60), mainId: main ? main.id : '',
		x: r.left, y: r.top, w: r.width, h: r.height, vw: innerWidth, vh: innerHeight,
		outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0,
		boxShadow: cs.boxShadow};
})()`

// afterEnter waits two frames for the jump, then says where it went.
type jumped struct {
	Hash        string  `json:"hash"`
	FocusInMain bool    `json:"focusInMain"`
	MainTop     float64 `json:"mainTop"`
	MainBottom  float64 `json:"mainBottom"`
	VH          float64 `json:"vh"`
}

const readJump = `new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
	const main = document.querySelector('main'), a = document.activeElement;
	const r = main ? main.getBoundingClientRect() : {top: -1, bottom: -1};
	done({hash: location.hash, focusInMain: !!main && main.contains(a),
		mainTop: r.top, mainBottom: r.bottom, vh: innerHeight});
})))`

// nextFocusAfterMain presses nothing; it reports whether the focused element
// is inside <main> or after it in document order.
const nextFocusAfterMain = `(() => {
	const main = document.querySelector('main'), a = document.activeElement;
	return !!main && a !== document.body &&
		(main.contains(a) || !!(main.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING));
})()`

// checkKeyboard loads each page at desktop size, presses Tab once and checks
// that the focus is on a visible skip link to <main> with a visible focus
// indicator; then presses Enter and checks that the page moved to <main>
// (the next Tab continues from there).
func checkKeyboard(t testing.TB, s *site, paths ...string) []string {
	ctx := newTab(t, time.Duration(30+15*len(paths))*time.Second)
	var problems []string
	bad := func(p, format string, args ...any) {
		problems = append(problems, p+": "+fmt.Sprintf(format, args...))
	}
	if err := chromedp.Do(ctx, viewports[0].emulate()); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		f, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) (focused, error) {
			if err := chromedp.Do(ctx, chromedp.Navigate(s.url+p), chromedp.KeyEvent(kb.Tab)); err != nil {
				return focused{}, err
			}
			return chromedp.Run(ctx, chromedp.Evaluate[focused](readFocus))
		})
		if err != nil {
			t.Fatalf("keyboard test on %s: %v", p, err)
		}
		t.Logf("%s: Tab focuses <%s href=%q> %q at %.0fx%.0f+%.0f+%.0f, outline %s %.1fpx, box-shadow %s",
			p, f.Tag, f.Href, f.Text, f.W, f.H, f.X, f.Y, f.OutlineStyle, f.OutlineWidth, f.BoxShadow)
		switch {
		case f.MainID == "":
			bad(p, "the page has no <main id=…> for a skip link to point at")
			continue
		case f.Tag != "a" || f.Href != "#"+f.MainID:
			bad(p, "the first Tab stop is <%s href=%q> %q, not a skip link to #%s", f.Tag, f.Href, f.Text, f.MainID)
			continue
		}
		if f.W <= 0 || f.H <= 0 || f.X < 0 || f.Y < 0 || f.X+f.W > f.VW || f.Y+f.H > f.VH {
			bad(p, "the focused skip link is not visible inside the %.0fx%.0f viewport: box %.0fx%.0f at (%.0f, %.0f)",
				f.VW, f.VH, f.W, f.H, f.X, f.Y)
		}
		if !(f.OutlineStyle != "none" && f.OutlineWidth >= 2) && (f.BoxShadow == "" || f.BoxShadow == "none") {
			bad(p, "the focused skip link has no visible focus indicator (outline %s %.1fpx, box-shadow %s)",
				f.OutlineStyle, f.OutlineWidth, f.BoxShadow)
		}
		j, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) (jumped, error) {
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
				return jumped{}, err
			}
			return chromedp.Run(ctx, chromedp.Evaluate[jumped](readJump, chromedp.EvalAwaitPromise))
		})
		if err != nil {
			t.Fatalf("pressing Enter on the skip link of %s: %v", p, err)
		}
		if j.Hash != "#"+f.MainID {
			bad(p, "Enter on the skip link left the address at %q, want #%s", j.Hash, f.MainID)
		}
		if j.MainTop >= j.VH || j.MainBottom <= 0 {
			bad(p, "after Enter on the skip link <main> is not in view (top %.0f, bottom %.0f, viewport %.0f)",
				j.MainTop, j.MainBottom, j.VH)
		}
		if !j.FocusInMain {
			after, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) (bool, error) {
				if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
					return false, err
				}
				return chromedp.Run(ctx, chromedp.Evaluate[bool](nextFocusAfterMain))
			})
			if err != nil {
				t.Fatal(err)
			}
			if !after {
				bad(p, "after Enter on the skip link, the next Tab goes to an element before <main>: focus did not move")
			}
		}
	}
	return problems
}
