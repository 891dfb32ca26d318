// Package conformance checks that the site kokeilu builds keeps the promises
// of shared/DESIGN.md, using the real third-party validators rather than our
// own idea of the standards.
//
// Input: the kokeilu binary built from ./cmd/kokeilu and the sample site in
// content/ (built with "kokeilu build"), plus the hand-written sites in
// testdata/. Output: test results. The package has no code outside its
// tests.
//
// Each check is a subtest that takes a built site directory served by a
// Netlify-like local server (pretty URLs, per-language 404 pages, the
// response headers of netlify.toml):
//
//	html       Nu Html Checker (vnu.jar): HTML and CSS, 0 errors
//	axe        axe-core WCAG 2.0/2.1 A+AA in headless Chromium, one page of
//	           every type in every language, desktop and phone widths
//	csp        no page lacks netlify.toml's Content-Security-Policy or
//	           violates it in Chromium (inline style or script, foreign URL)
//	keyboard   the first Tab stop is a visible skip link to <main>
//	lighthouse Lighthouse accessibility, SEO and best-practices scores
//	atom       every Atom feed against the RFC 4287 RELAX NG schema (jing)
//	sitemap    sitemap.xml against the sitemaps.org XSD (xmllint), and its
//	           URLs against the pages that exist
//	links      linkinator: no broken link or #fragment on any page
//	hreflang   every hreflang alternate exists and links back; x-default
//
// The validators are installed by .ci/validators-setup.sh into .validators/.
// A missing one skips its subtest locally and fails it when CI is set, so CI
// cannot pass without running them. TestCheckersCatchBrokenSite proves that
// each check fails on the deliberately broken site in testdata/broken/.
package conformance
