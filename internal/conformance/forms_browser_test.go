package conformance

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// formFocus describes document.activeElement in a form.
type formFocus struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	Tag    string `json:"tag"`
	InForm bool   `json:"inForm"`
}

const whatIsFocused = `(() => { const e = document.activeElement;
	return {id: e.id || '', name: e.getAttribute('name') || '', type: e.type || '', tag: e.tagName.toLowerCase(),
		inForm: !!e.closest('form.site-form')}; })()`

// answers is what the keyboard user types into each field of the forms.
var answers = map[string]string{
	"organisation": "Lahden kaupunki",
	"experiment":   "Digituki kirjastossa",
	"description":  "Kokeilemme digitukea kirjaston iltapäivissä.",
	"tried":        "Ajanvarausta verkossa.",
	"failed":       "Kukaan ei löytänyt lomaketta.",
	"learned":      "Kysy käyttäjiltä ensin.",
	"contact_name": "Maija Meikäläinen",
	"email":        "maija@example.fi",
	"phone":        "040 123 4567",
}

// TestFormsKeyboard fills in each of the site's forms in every language
// with the keyboard alone, as someone who cannot use a mouse does: Tab
// from field to field, typing, Space for radio buttons and checkboxes,
// the arrow key for the municipality list, Enter on the button. The email
// is left out at first: the error summary must appear at the top of the
// form, take the focus and name the field, and its link must lead back to
// the field. Sent again, the form posts to the stand-in for Netlify
// Forms, which answers 303 to the thank-you page, and the browser lands
// there. On the way, the honeypot field never gets the focus and is not
// in the accessibility tree.
func TestFormsKeyboard(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	ctx := newTab(t, 3*time.Minute)
	cfg := readSiteConfig(t, filepath.Join(root, "content", "site.yaml"))
	s := serveSite(t, buildSite(t, root), cfg)
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument,
		cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: cspRecorder}); err != nil {
		t.Fatalf("installing the CSP recorder: %v", err)
	}
	forms, err := siteForms(s.dir)
	if err != nil {
		t.Fatal(err)
	}
	pages := formPages(forms)
	if len(pages) == 0 {
		t.Fatal("the sample site has no forms")
	}
	for _, f := range pages {
		t.Run(f.name+"-"+f.lang, func(t *testing.T) {
			before := len(s.inbox.received())
			if err := chromedp.Do(ctx, chromedp.Navigate(s.url+f.page)); err != nil {
				t.Fatal(err)
			}
			hp := evalStrings(t, ctx, `(() => { const e = document.querySelector('#`+f.id+` [name="`+f.honeypot+`"]');
				return e ? [String(e.checkVisibility()), getComputedStyle(e.closest('[hidden]') || e).display] : ['missing']; })()`)
			if len(hp) != 2 || hp[0] != "false" || hp[1] != "none" {
				t.Errorf("%s: the honeypot is visible or missing (visible, display): %v", f.page, hp)
			}
			// The privacy link just before the form: the reader has read
			// the notice and tabs on into the form.
			if err := chromedp.Do(ctx, chromedp.Focus(`section:has(#`+f.id+`) .form-note a`)); err != nil {
				t.Fatalf("%s: no privacy link before the form: %v", f.page, err)
			}
			var order []string
			for range 200 {
				el := tabTo(t, ctx)
				if !el.InForm {
					t.Fatalf("%s: Tab left the form (at %s %q) before reaching its button; fields so far %v", f.page, el.Tag, el.ID, order)
				}
				order = append(order, el.Name)
				if el.Name == f.honeypot {
					t.Fatalf("%s: the honeypot field got the focus", f.page)
				}
				if el.Tag == "button" {
					break
				}
				fill(t, ctx, el, "email")
			}
			t.Logf("%s: tab order %v", f.page, order)
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
				t.Fatal(err)
			}
			el := current(t, ctx)
			summary := evalStrings(t, ctx, `[...document.querySelectorAll('#`+f.id+`-errors:not([hidden]) li')].map(li => li.textContent)`)
			if el.ID != f.id+"-errors" || len(summary) != 1 {
				t.Fatalf("%s: sent without an email, the focus is on %q and the error summary says %q; want the summary to have the focus and one problem", f.page, el.ID, summary)
			}
			label := evalStrings(t, ctx, `[document.getElementById('`+f.id+`-email').dataset.label]`)[0]
			if !strings.HasPrefix(summary[0], label+":") {
				t.Errorf("%s: the summary says %q, want it to name the field %q", f.page, summary[0], label)
			}
			if got := len(s.inbox.received()); got != before {
				t.Fatalf("%s: the form was sent with a missing field", f.page)
			}
			// Tab into the summary's link, Enter: back at the field.
			if el := tabTo(t, ctx); el.Tag != "a" {
				t.Fatalf("%s: Tab from the error summary went to %s %q, want its link", f.page, el.Tag, el.ID)
			}
			enterWithoutKeypress(t, ctx)
			if el := current(t, ctx); el.Name != "email" {
				t.Fatalf("%s: the summary's link led to %q, want the email field", f.page, el.Name)
			}
			if invalid := evalStrings(t, ctx, `[document.activeElement.getAttribute('aria-invalid') || '']`); invalid[0] != "true" {
				t.Errorf("%s: the email field is not marked aria-invalid", f.page)
			}
			if err := chromedp.Do(ctx, chromedp.KeyEvent(answers["email"])); err != nil {
				t.Fatal(err)
			}
			for range 50 {
				if tabTo(t, ctx).Tag == "button" {
					break
				}
			}
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
				t.Fatal(err)
			}
			landed := waitForPath(t, ctx, s, f.action)
			if landed != f.action {
				t.Fatalf("%s: after sending, the browser is at %s, want the thank-you page %s", f.page, landed, f.action)
			}
			got := s.inbox.received()
			if len(got) != before+1 {
				t.Fatalf("%s: the stand-in received %d submissions, want 1", f.page, len(got)-before)
			}
			sub := got[len(got)-1]
			checkSubmission(t, f, sub)
			if vs := evalStrings(t, ctx, `window.__csp || ['the recorder did not run']`); len(vs) > 0 {
				t.Errorf("%s: Content-Security-Policy violations: %v", f.action, vs)
			}
		})
	}
}

// enterWithoutKeypress presses Enter where the page cancels its keydown,
// as form.js does on the summary's links: a browser then fires no
// keypress (UI Events), but DevTools' Input.dispatchKeyEvent sends the
// char event anyway, which would land in the field that just took the
// focus and send the form. So only the keydown and keyup are sent.
func enterWithoutKeypress(t *testing.T, ctx context.Context) {
	t.Helper()
	for _, ev := range kb.Encode('\r') {
		if ev.Type == kb.KeyChar {
			continue
		}
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, *ev); err != nil {
			t.Fatal(err)
		}
	}
}

// tabTo presses Tab and returns what has the focus.
func tabTo(t *testing.T, ctx context.Context) formFocus {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	return current(t, ctx)
}

func current(t *testing.T, ctx context.Context) formFocus {
	t.Helper()
	el, err := chromedp.Run(ctx, chromedp.Evaluate[formFocus](whatIsFocused))
	if err != nil {
		t.Fatal(err)
	}
	return el
}

// fill answers the formFocus control from the keyboard, except the field
// named skip.
func fill(t *testing.T, ctx context.Context, el formFocus, skip string) {
	t.Helper()
	var keys string
	switch {
	case el.Name == skip:
		return
	case el.Type == "radio" || el.Type == "checkbox":
		keys = " " // the first radio button or box of a group, or the consent
	case el.Tag == "select":
		keys = kb.ArrowDown // the first municipality
	default:
		keys = answers[el.Name]
		if keys == "" {
			t.Fatalf("no answer for the field %q", el.Name)
		}
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(keys)); err != nil {
		t.Fatal(err)
	}
}

// waitForPath waits for the browser to land on want after a form was sent
// and returns the path it is at.
func waitForPath(t *testing.T, ctx context.Context, s *site, want string) string {
	t.Helper()
	var at string
	for range 100 {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			// The page is being replaced (the post, the 303, the
			// thank-you page): ask again.
			time.Sleep(50 * time.Millisecond)
			continue
		}
		u, err := url.Parse(loc)
		if err != nil {
			t.Fatal(err)
		}
		if at = u.Path; at == want {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	var err error
	for range 100 {
		var ready string
		if ready, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState`)); err == nil && ready == "complete" {
			return at
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the thank-you page did not load: %v", err)
	return at
}

// checkSubmission checks what the form sent: its name and language, no
// honeypot, and every field as the keyboard user answered it.
func checkSubmission(t *testing.T, f htmlForm, sub submission) {
	t.Helper()
	v := sub.values
	if v.Get("form-name") != f.name || v.Get("lang") != f.lang || sub.spam {
		t.Errorf("%s: sent form-name %q, lang %q, honeypot filled %v; want %q, %q, false", f.page, v.Get("form-name"), v.Get("lang"), sub.spam, f.name, f.lang)
	}
	if sub.path != f.action {
		t.Errorf("%s: posted to %s, want %s", f.page, sub.path, f.action)
	}
	for name := range f.fields {
		want, typed := answers[name]
		switch {
		case name == f.honeypot:
		case typed && v.Get(name) != want:
			t.Errorf("%s: %s = %q, want %q", f.page, name, v.Get(name), want)
		case !typed && f.fields[name] && v.Get(name) == "" && f.hiddenInputs[name] == "":
			t.Errorf("%s: the required field %s was sent empty", f.page, name)
		}
	}
	for name, want := range f.hiddenInputs {
		if v.Get(name) != want {
			t.Errorf("%s: hidden %s = %q, want %q", f.page, name, v.Get(name), want)
		}
	}
	if f.name == "registration" && (v.Get("themes[]") == "" || v.Get("municipality") == "" || v.Get("role") == "") {
		t.Errorf("%s: municipality %q, role %q, themes %q: want each chosen", f.page, v.Get("municipality"), v.Get("role"), v["themes[]"])
	}
	t.Logf("%s: sent %v", f.page, v)
}
