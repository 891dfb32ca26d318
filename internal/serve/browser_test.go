package serve

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium is Debian's browser, which CI installs.
const chromium = "/usr/bin/chromium"

// browser starts a headless Chromium with a fresh profile for the test and
// returns a tab's context.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := exec.LookPath(chromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing; CI must install Debian's chromium package", chromium)
		}
		t.Skipf("%s is missing: install Debian's chromium package to run the browser test", chromium)
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 900)}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil { // starts the browser without a deadline
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("starting %s: %v", chromium, err)
	}
	tctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancel(); cancelBrowser(); cancelAlloc() })
	return tctx
}

// waitFor waits until the expression is true in the tab's page, across the
// reloads the preview makes: a poll cannot outlive its document, so it is
// started again in the new one.
func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	for {
		if err := chromedp.Do(ctx, chromedp.WaitReady("body")); err == nil {
			_, err = chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(0)))
			if err == nil {
				return
			}
		}
		if ctx.Err() != nil {
			t.Fatalf("%s: not seen before the test's deadline", what)
		}
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// connected is true once the page's live-reload stream said hello.
const connected = `!!(window.__kokeilu && window.__kokeilu.connected && window.__kokeilu.server)`

// overlay is the overlay's text, or "" when none is shown.
const overlay = `(document.querySelector('kokeilu-overlay')?.shadowRoot?.textContent || '')`

func TestBrowser(t *testing.T) {
	ctx := browser(t)
	p := start(t, testSite(t))

	// The home page loads the script under the strict CSP.
	must(t, chromedp.Do(ctx, chromedp.Navigate(p.url+"/fi/")))
	waitFor(t, ctx, "the live-reload stream on /fi/", connected)
	if title := eval[string](t, ctx, `document.title`); !strings.Contains(title, "Kokeilun paikka") {
		t.Errorf("/fi/ title %q", title)
	}

	// An edit shows on the experiment's page without a manual reload.
	must(t, chromedp.Do(ctx, chromedp.Navigate(p.url+pageFi)))
	waitFor(t, ctx, "the live-reload stream on "+pageFi, connected)
	eval[bool](t, ctx, `window.__notReloaded = true`)
	good := read(t, p.dir, expFi)
	edited := strings.Replace(good, "Alkuperäinen kuvaus ekobetonista.", "Selain näkee muutoksen heti.", 1)
	write(t, p.dir, expFi, edited)
	waitFor(t, ctx, "the edited text", `document.body.innerText.includes('Selain näkee muutoksen heti.')`)
	if eval[bool](t, ctx, `window.__notReloaded === true`) {
		t.Error("the new text appeared without a reload: the test cannot tell what happened")
	}

	// Broken frontmatter: the overlay names the file and line, in Finnish,
	// over the last good page.
	eval[bool](t, ctx, `window.__notReloaded = true`)
	write(t, p.dir, expFi, strings.Replace(edited, "tags: [kiertotalous]", "tags: [kiertotalous", 1))
	waitFor(t, ctx, "the error overlay", overlay+`.includes('`+expFi+`:')`)
	text := eval[string](t, ctx, overlay)
	if !strings.Contains(text, "Sivustoa ei voitu päivittää") || !strings.Contains(text, "Vihje: päätä se merkkiin ] samalla rivillä") ||
		!strings.Contains(text, "merkillä [ alkava luettelo on sulkematta") || strings.Contains(text, "is not closed") {
		t.Errorf("the overlay is not in Finnish, its problems included: %q", text)
	}
	if !regexp.MustCompile(regexp.QuoteMeta(expFi) + `:[1-9][0-9]*`).MatchString(text) {
		t.Errorf("the overlay does not name %s and a line: %q", expFi, text)
	}
	t.Logf("overlay: %s", text)
	a11y := eval[map[string]string](t, ctx, `(() => {
		const root = document.querySelector('kokeilu-overlay').shadowRoot;
		const panel = root.querySelector('[role=alert]');
		const h = root.getElementById(panel.getAttribute('aria-labelledby'));
		const cs = getComputedStyle(panel);
		return {role: panel.getAttribute('role'), heading: h ? h.tagName + ' ' + h.textContent : '',
			lang: panel.lang, position: cs.position, bg: cs.backgroundColor, color: cs.color};
	})()`)
	if a11y["role"] != "alert" || !strings.HasPrefix(a11y["heading"], "H2 ") || a11y["lang"] != "fi" {
		t.Errorf("the overlay is not an alert with a heading in Finnish: %v", a11y)
	}
	if a11y["position"] != "fixed" || a11y["bg"] != "rgb(255, 255, 255)" || a11y["color"] != "rgb(17, 17, 17)" {
		t.Errorf("the overlay's styles did not apply under the CSP: %v", a11y)
	}
	if !eval[bool](t, ctx, `document.body.innerText.includes('Selain näkee muutoksen heti.') && window.__notReloaded === true`) {
		t.Error("the page did not stay as it was while the site has errors")
	}

	// Fixed: the overlay goes away by itself and the page comes back.
	write(t, p.dir, expFi, strings.Replace(edited, "Selain näkee muutoksen heti.", "Korjattu versio.", 1))
	waitFor(t, ctx, "the fixed page without overlay", `document.body.innerText.includes('Korjattu versio.') && `+overlay+` === ''`)

	// The Swedish page's overlay speaks Swedish.
	svFile := "content/experiments/ekobetoni.sv.md"
	must(t, chromedp.Do(ctx, chromedp.Navigate(p.url+"/sv/forsok/ekobetoni/")))
	waitFor(t, ctx, "the live-reload stream on the Swedish page", connected)
	svGood := read(t, p.dir, svFile)
	write(t, p.dir, svFile, strings.Replace(svGood, "status: completed", "status: [completed", 1))
	waitFor(t, ctx, "the Swedish overlay", overlay+`.includes('Webbplatsen kunde inte uppdateras')`)
	if text := eval[string](t, ctx, overlay); !strings.Contains(text, svFile+":") || !strings.Contains(text, "Stäng") ||
		!strings.Contains(text, "listan som börjar med [ är inte stängd") || !strings.Contains(text, "Tips: avsluta den med ]") {
		t.Errorf("the Swedish overlay, its problems in Swedish: %q", text)
	}
	write(t, p.dir, svFile, svGood)
	waitFor(t, ctx, "the Swedish overlay gone", overlay+` === ''`)

	// A stylesheet change is swapped in without a reload.
	eval[bool](t, ctx, `window.__notReloaded = true`)
	before := eval[string](t, ctx, `document.querySelector('link[rel=stylesheet]').href`)
	css := read(t, p.dir, "assets/main.css")
	write(t, p.dir, "assets/main.css", css+"\nbody{outline:7px solid rgb(1,2,3)}\n")
	waitFor(t, ctx, "the new stylesheet applied", `getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'`)
	if !eval[bool](t, ctx, `window.__notReloaded === true`) {
		t.Error("a stylesheet change reloaded the page")
	}
	if after := eval[string](t, ctx, `document.querySelector('link[rel=stylesheet]').href`); after == before {
		t.Error("the stylesheet link still has the old URL")
	}
	if err := ctx.Err(); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}
