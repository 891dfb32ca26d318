package serve

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The preview has no search index: Pagefind's API path answers with a
// stand-in, and the search page says, in its language, that search works
// on the built site.
func TestSearchPageInPreview(t *testing.T) {
	p := start(t, testSite(t))
	resp, body := p.get("/pagefind/pagefind.js")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") ||
		!strings.Contains(body, "export const preview = true") {
		t.Fatalf("/pagefind/pagefind.js: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	ctx := browser(t)
	for lang, words := range map[string]string{"fi": "Esikatselussa", "sv": "Förhandsvisningen"} {
		must(t, chromedp.Do(ctx, chromedp.Navigate(p.url+"/"+lang+"/search/")))
		waitFor(t, ctx, "the preview's search notice", `!document.getElementById('search-preview').hidden`)
		if text := eval[string](t, ctx, `document.getElementById('search-preview').innerText`); !strings.Contains(text, words) {
			t.Errorf("/%s/search/: notice %q", lang, text)
		}
		if !eval[bool](t, ctx, `document.getElementById('search-form').hidden && document.getElementById('search-nojs').hidden`) {
			t.Errorf("/%s/search/: the form or the no-JavaScript notice shows", lang)
		}
	}
}
