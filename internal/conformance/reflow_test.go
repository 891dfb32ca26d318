package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Reflow (WCAG 2.1 success criterion 1.4.10): content must be readable at
// 320 CSS px wide without scrolling sideways. axe does not check it, and it
// fails quietly: one long word in a heading ("Tillgänglighetsutlåtande") or a
// wide table makes the whole page scroll. So every page is loaded at that
// width and the document's width is compared with the viewport's.

// reflowViewport is the width WCAG 1.4.10 names (1280 px at 400 % zoom), as
// a phone shows it.
var reflowViewport = viewport{"reflow", 320, 640, true}

// overflow is what the page reports about its width. The viewport's width
// is the layout viewport's (documentElement.clientWidth), not innerWidth:
// as on a phone, Chromium zooms a page that is too wide out until it fits,
// and innerWidth grows with it (608 px for a 600 px box), so comparing with
// it would never find a page too wide. A phone has overlay scrollbars, so
// clientWidth is the whole 320 px.
type overflow struct {
	ScrollWidth   float64 `json:"scrollWidth"`
	ViewportWidth float64 `json:"viewportWidth"`
	Widest        string  `json:"widest"` // the element reaching furthest right, described
	Right         float64 `json:"right"`  // its right edge, in CSS px from the page's left
}

// measureOverflow finds, when the document is wider than the viewport, the
// element that reaches furthest past the right edge and is not inside a box
// that clips or scrolls it within the viewport (the menu that scrolls in
// its own row does not widen the page). On equal edges the innermost wins:
// it names the culprit rather than its containers.
const measureOverflow = `(() => {
	const doc = document.documentElement, vw = doc.clientWidth;
	const out = {scrollWidth: doc.scrollWidth, viewportWidth: vw, widest: '', right: 0};
	if (doc.scrollWidth <= vw) return out;
	// clipped: a box at or above el that scrolls or clips and itself fits.
	const clipped = el => {
		for (let a = el; a && a !== doc; a = a.parentElement) {
			const ox = getComputedStyle(a).overflowX;
			if (ox !== 'visible' && a.getBoundingClientRect().right + scrollX <= vw + 0.5) return true;
		}
		return false;
	};
	const describe = el => {
		let s = el.tagName.toLowerCase();
		if (el.id) s += '#' + el.id;
		if (typeof el.className === 'string' && el.className.trim()) s += '.' + el.className.trim().split(/\s+/).join('.');
		const text = (el.textContent || '').trim().replace(/\s+/g, ' ');
		if (text) s += ' "' + (text.length > 50 ? text.slice(0, 50) + '…' : text) + '"';
		return s;
	};
	const consider = (el, r, what) => {
		const right = r.right + scrollX;
		if (right > vw + 0.5 && right >= out.right && !clipped(el)) {
			out.right = right;
			out.widest = describe(el) + ' (' + what + Math.round(r.width) + ' px wide)';
		}
	};
	for (const el of document.body.querySelectorAll('*')) {
		const r = el.getBoundingClientRect();
		if (r.width > 0 || r.height > 0) consider(el, r, '');
	}
	// A word too long for its line overflows its element's box without
	// widening the box: measure the text itself, and name its element.
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	const range = document.createRange();
	for (let n = walk.nextNode(); n; n = walk.nextNode()) {
		if (!n.textContent.trim() || !n.parentElement) continue;
		range.selectNodeContents(n);
		const r = range.getBoundingClientRect();
		if (r.width > 0) consider(n.parentElement, r, 'its text ');
	}
	return out;
})()`

// checkReflow loads each page at 320 CSS px in one tab and reports every
// page wider than the viewport, with the element that makes it so.
func checkReflow(t testing.TB, s *site, paths []string) []string {
	t.Helper()
	ctx := newTab(t, time.Duration(30+len(paths))*time.Second)
	if err := chromedp.Do(ctx, reflowViewport.emulate()); err != nil {
		t.Fatalf("setting the %d px viewport: %v", reflowViewport.width, err)
	}
	var problems []string
	for _, p := range paths {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.url+p)); err != nil {
			t.Fatalf("loading %s: %v", p, err)
		}
		o, err := chromedp.Run(ctx, chromedp.Evaluate[overflow](measureOverflow))
		if err != nil {
			t.Fatalf("measuring %s: %v", p, err)
		}
		if o.ScrollWidth > o.ViewportWidth {
			widest := o.Widest
			if widest == "" {
				widest = "no single element found (a margin or a pseudo-element?)"
			}
			problems = append(problems, fmt.Sprintf("%s: the page is %.0f px wide in a %.0f px viewport and scrolls sideways; widest: %s, reaching %.0f px",
				p, o.ScrollWidth, o.ViewportWidth, widest, o.Right))
		}
	}
	t.Logf("reflow: %d pages at %d px, %d too wide", len(paths), reflowViewport.width, len(problems))
	return problems
}

// TestReflow builds the sample site as TestBuiltSite does and loads every
// page at 320 CSS px: none may be wider than the screen.
func TestReflow(t *testing.T) {
	t.Parallel()
	needChromium(t) // before the build: skip (or fail in CI) at once
	root := repoRoot(t)
	cfg := readSiteConfig(t, filepath.Join(root, "content", "site.yaml"))
	s := serveSite(t, buildSite(t, root), cfg)
	report(t, "reflow", checkReflow(t, s, s.pagePaths()))
}

// TestReflowCatchesWidePage proves the check bites: of two pages, the one
// with a 600 px wide box is reported, with that box named, and the one that
// fits (its wide content scrolling inside its own box) is not.
func TestReflowCatchesWidePage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page := func(body string) string {
		return `<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8">` +
			`<meta name="viewport" content="width=device-width, initial-scale=1"><title>t</title></head><body>` + body + `</body></html>`
	}
	files := map[string]string{
		"fi/levea/index.html": page(`<h1>Otsikko</h1><div id="leveä" style="width: 600px">Leveä laatikko</div>`),
		"fi/sopii/index.html": page(`<h1>Otsikko</h1><div style="overflow-x: auto"><div style="width: 600px">Vierii omassa laatikossaan</div></div>`),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Without netlify.toml's headers: its CSP would refuse the style
	// attributes that make the boxes wide.
	s := serveSiteWith(t, dir, fixtureConfig, nil)
	problems := checkReflow(t, s, s.pagePaths())
	expectProblems(t, "reflow check", problems, `/fi/levea/: the page is 6`, `widest: div#leveä "Leveä laatikko" (600 px wide)`)
	if len(problems) != 1 {
		t.Errorf("want only /fi/levea/ reported, got:\n  %v", problems)
	}
}
