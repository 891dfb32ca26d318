package conformance

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/kokeilu/kokeilu/internal/importer"
)

// htmlForm is a <form> of a built page as Netlify's deploy-time form
// detection reads it.
type htmlForm struct {
	page, lang      string // the page's server path and <html lang>
	id, name        string
	method, action  string
	netlify         bool            // data-netlify="true" or the bare netlify attribute
	honeypot        string          // data-netlify-honeypot's (or netlify-honeypot's) value
	formName        string          // the hidden form-name input's value
	fields          map[string]bool // control name → required (form-name left out)
	hidden          map[string]bool // control names inside an element with the hidden attribute
	hiddenInputs    map[string]string
	honeypotTabStop bool // the honeypot control is not taken out of the tab order
}

// parseForms returns the forms of one page, in document order.
func parseForms(pagePath string, b []byte) ([]htmlForm, error) {
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	var forms []htmlForm
	lang := ""
	var walk func(n *html.Node, f *htmlForm, hidden bool)
	walk = func(n *html.Node, f *htmlForm, hidden bool) {
		if n.Type == html.ElementNode {
			_, isHidden := attr(n, "hidden")
			hidden = hidden || isHidden
			switch n.DataAtom {
			case atom.Html:
				lang, _ = attr(n, "lang")
			case atom.Form:
				nf := htmlForm{page: pagePath, lang: lang, fields: map[string]bool{}, hidden: map[string]bool{}, hiddenInputs: map[string]string{}}
				nf.id, _ = attr(n, "id")
				nf.name, _ = attr(n, "name")
				nf.method, _ = attr(n, "method")
				nf.action, _ = attr(n, "action")
				if v, ok := attr(n, "data-netlify"); ok && v == "true" {
					nf.netlify = true
				}
				if _, ok := attr(n, "netlify"); ok {
					nf.netlify = true
				}
				nf.honeypot, _ = attr(n, "data-netlify-honeypot")
				if v, ok := attr(n, "netlify-honeypot"); ok {
					nf.honeypot = v // Netlify reads both; Nu accepts only data-
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c, &nf, hidden)
				}
				forms = append(forms, nf)
				return
			case atom.Input, atom.Select, atom.Textarea:
				if f == nil {
					break
				}
				name, _ := attr(n, "name")
				typ, _ := attr(n, "type")
				value, _ := attr(n, "value")
				_, required := attr(n, "required")
				switch {
				case name == "":
				case typ == "hidden" && name == "form-name":
					f.formName = value
				case typ == "hidden":
					f.hiddenInputs[name] = value
					f.fields[name] = true
				default:
					f.fields[name] = f.fields[name] || required
					if hidden {
						f.hidden[name] = true
					}
					if name == f.honeypot {
						if ti, _ := attr(n, "tabindex"); ti != "-1" {
							f.honeypotTabStop = true
						}
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, f, hidden)
		}
	}
	walk(doc, nil, false)
	return forms, nil
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// siteForms reads every form of a built site, by page path.
func siteForms(dir string) ([]htmlForm, error) {
	var out []htmlForm
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fs, err := parseForms(serverPath(filepath.ToSlash(rel)), b)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		out = append(out, fs...)
		return nil
	})
	return out, err
}

// checkNetlifyForms holds every form that posts to Netlify's detection
// rules (docs.netlify.com/forms/setup and /forms/spam-filters): a name,
// data-netlify, method POST, the hidden form-name with the form's name, a
// data-netlify-honeypot attribute naming a field the form has, hidden from
// everyone (the hidden attribute: not shown, not focusable, not in the
// accessibility tree) and out of the tab order. Forms that share a name
// are one form to Netlify, so they must have the same fields; each must
// have the fields kokeilu import reads for it, required where the import
// requires them; and each must post to a page of the site in its own
// language (its thank-you page). pageLang gives a site path's language,
// "" for no page.
func checkNetlifyForms(forms []htmlForm, pageLang func(string) string) []string {
	var problems []string
	bad := func(f htmlForm, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s: form %q: %s", f.page, cmp.Or(f.name, f.id), fmt.Sprintf(format, args...)))
	}
	byName := map[string]htmlForm{}
	for _, f := range forms {
		if !strings.EqualFold(f.method, "post") {
			continue // a search or filter form: nothing for Netlify
		}
		if f.name == "" {
			bad(f, "no name: Netlify cannot tell it from the site's other forms")
		}
		if !f.netlify {
			bad(f, `no data-netlify="true": Netlify does not collect it`)
		}
		if f.formName != f.name {
			bad(f, "the hidden form-name is %q, not the form's name", f.formName)
		}
		switch {
		case f.honeypot == "":
			bad(f, "no data-netlify-honeypot attribute")
		case !slices.Contains(slices.Collect(maps.Keys(f.fields)), f.honeypot):
			bad(f, "the honeypot field %q is not in the form", f.honeypot)
		case !f.hidden[f.honeypot]:
			bad(f, "the honeypot field %q is not inside an element with the hidden attribute: people would see it", f.honeypot)
		case f.honeypotTabStop:
			bad(f, `the honeypot field %q is in the tab order (tabindex="-1" is missing)`, f.honeypot)
		}
		if l := pageLang(f.action); l == "" {
			bad(f, "it posts to %q, which is not a page of the site", f.action)
		} else if l != f.lang {
			bad(f, "it posts to %q, a page in %q, from a page in %q", f.action, l, f.lang)
		}
		want, ok := importer.Columns(f.name)
		if !ok {
			bad(f, "kokeilu import does not know the form (it knows %s)", strings.Join(importer.FormNames(), ", "))
		} else {
			got := map[string]bool{}
			for n, req := range f.fields {
				// A checkbox group (themes[]) cannot be required in
				// HTML: the form's script asks for one box.
				got[importer.ColumnName(n)] = req || strings.HasSuffix(n, "[]")
			}
			for _, col := range slices.Sorted(maps.Keys(want)) {
				req, has := got[col]
				switch {
				case !has:
					bad(f, "no field %q, which kokeilu import reads", col)
				case want[col] && !req && col != importer.ColumnName(f.honeypot):
					bad(f, "the field %q is not required, but kokeilu import needs it", col)
				}
			}
		}
		if first, seen := byName[f.name]; seen {
			a, b := slices.Sorted(maps.Keys(first.fields)), slices.Sorted(maps.Keys(f.fields))
			if !slices.Equal(a, b) {
				bad(f, "its fields %v differ from those of the form of the same name on %s %v: Netlify keeps one", b, first.page, a)
			}
		} else {
			byName[f.name] = f
		}
	}
	return problems
}

// submission is a form post the stand-in for Netlify received.
type submission struct {
	path   string
	values url.Values
	spam   bool // the honeypot was filled in
}

// formInbox stands in for Netlify Forms on the test server: a POST whose
// form-name is one of the site's detected forms is kept and answered, as
// Netlify answers it, with 303 See Other to the page it was posted to
// (the form's action: its thank-you page); any other POST is a 404.
type formInbox struct {
	forms map[string]htmlForm // the detected forms, by name

	mu   sync.Mutex
	got  []submission
	seen chan struct{}
}

func newFormInbox(dir string) (*formInbox, error) {
	forms, err := siteForms(dir)
	if err != nil {
		return nil, err
	}
	in := &formInbox{forms: map[string]htmlForm{}, seen: make(chan struct{}, 100)}
	for _, f := range forms {
		if f.netlify && f.name != "" {
			in.forms[f.name] = f
		}
	}
	return in, nil
}

func (in *formInbox) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f, ok := in.forms[r.PostForm.Get("form-name")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		in.mu.Lock()
		in.got = append(in.got, submission{path: r.URL.Path, values: r.PostForm, spam: r.PostForm.Get(f.honeypot) != ""})
		in.mu.Unlock()
		in.seen <- struct{}{}
		http.Redirect(w, r, r.URL.Path, http.StatusSeeOther)
	})
}

// received returns the submissions so far.
func (in *formInbox) received() []submission {
	in.mu.Lock()
	defer in.mu.Unlock()
	return slices.Clone(in.got)
}

// formPages are the page of each form in each language: the first page
// that has it, sorted by form name and language.
func formPages(forms []htmlForm) []htmlForm {
	seen := map[string]bool{}
	var out []htmlForm
	for _, f := range forms {
		if f.netlify && !seen[f.name+" "+f.lang] {
			seen[f.name+" "+f.lang] = true
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].name < out[j].name || out[i].name == out[j].name && out[i].lang < out[j].lang
	})
	return out
}

// checkForms is the suite's check of the site's forms: Netlify's detection
// rules on every form, and on the sample site (all) each of the forms
// kokeilu import reads in every language.
func checkForms(t testing.TB, s *site, all bool) []string {
	forms, err := siteForms(s.dir)
	if err != nil {
		t.Fatal(err)
	}
	problems := checkNetlifyForms(forms, func(p string) string {
		if d, ok := s.docs[p]; ok {
			return d.lang
		}
		return ""
	})
	if all {
		have := map[string]bool{}
		for _, f := range formPages(forms) {
			have[f.name+" "+f.lang] = true
			t.Logf("form %s (%s): %s, posts to %s", f.name, f.lang, f.page, f.action)
		}
		for _, name := range importer.FormNames() {
			for _, l := range s.cfg.Languages {
				if !have[name+" "+l.Code] {
					problems = append(problems, fmt.Sprintf("no page in %s has the %s form", l.Code, name))
				}
			}
		}
	}
	return problems
}

// TestNetlifyFormRules shows that the form check catches each way a form
// can break Netlify's detection or kokeilu import.
func TestNetlifyFormRules(t *testing.T) {
	const good = `<!DOCTYPE html><html lang="fi"><body>
<form name="lesson" method="post" action="/fi/kiitos/" data-netlify="true" data-netlify-honeypot="bot-field">
<input type="hidden" name="form-name" value="lesson"><input type="hidden" name="lang" value="fi">
<div hidden><label>x <input name="bot-field" tabindex="-1"></label></div>
<textarea name="tried" required></textarea><textarea name="failed" required></textarea><textarea name="learned" required></textarea>
<input name="organisation"><input name="contact_name" required><input name="email" type="email" required>
<input type="checkbox" name="consent" value="yes" required><button>Send</button></form>
<form role="search" action="/fi/haku/"><input name="q"></form></body></html>`
	pages := map[string]string{"/fi/kiitos/": "fi", "/sv/tack/": "sv"}
	for _, tt := range []struct {
		name, old, new, want string // the problem the change makes, "" for none
	}{
		{"as written", "", "", ""},
		{"no name", `form name="lesson"`, `form`, "no name"},
		{"not for Netlify", ` data-netlify="true"`, ``, "no data-netlify"},
		{"bare netlify attribute", ` data-netlify="true"`, ` netlify`, ""},
		{"wrong form-name", `name="form-name" value="lesson"`, `name="form-name" value="lessons"`, `the hidden form-name is "lessons"`},
		{"no honeypot attribute", ` data-netlify-honeypot="bot-field"`, ``, "no data-netlify-honeypot"},
		{"honeypot field missing", `<input name="bot-field" tabindex="-1">`, ``, `the honeypot field "bot-field" is not in the form`},
		{"honeypot shown", `<div hidden>`, `<div>`, "not inside an element with the hidden attribute"},
		{"honeypot focusable", ` tabindex="-1"`, ``, "in the tab order"},
		{"posts nowhere", `action="/fi/kiitos/"`, `action="/fi/olematon/"`, "not a page of the site"},
		{"posts to the other language", `action="/fi/kiitos/"`, `action="/sv/tack/"`, `a page in "sv", from a page in "fi"`},
		{"unknown to the importer", `name="lesson" method`, `name="palaute" method`, "kokeilu import does not know"},
		{"a column missing", `<textarea name="failed" required></textarea>`, ``, `no field "failed"`},
		{"a required column optional", `<input name="contact_name" required>`, `<input name="contact_name">`, `"contact_name" is not required`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := good
			if tt.old != "" {
				if !strings.Contains(src, tt.old) {
					t.Fatalf("the fixture has no %q", tt.old)
				}
				src = strings.Replace(src, tt.old, tt.new, 1)
			}
			forms, err := parseForms("/fi/oppi/", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			got := checkNetlifyForms(forms, func(p string) string { return pages[p] })
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("problems %q, want none", got)
			case tt.want != "" && !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, tt.want) }):
				t.Errorf("problems %q, want one with %q", got, tt.want)
			}
		})
	}
	t.Run("same name, other fields", func(t *testing.T) {
		a, _ := parseForms("/fi/a/", []byte(good))
		b, _ := parseForms("/fi/b/", []byte(strings.Replace(good, `<input name="organisation">`, ``, 1)))
		got := checkNetlifyForms(append(a, b...), func(p string) string { return pages[p] })
		if !slices.ContainsFunc(got, func(p string) bool {
			return strings.Contains(p, "differ from those of the form of the same name on /fi/a/")
		}) {
			t.Errorf("problems %q, want the second form's fields to differ", got)
		}
	})
}

// formPaths are the page of each form in each language and the thank-you
// pages they post to.
func formPaths(s *site) []string {
	forms, err := siteForms(s.dir)
	if err != nil {
		return nil // the forms check reports it
	}
	var out []string
	for _, f := range formPages(forms) {
		if !slices.Contains(out, f.page) {
			out = append(out, f.page)
		}
		if !slices.Contains(out, f.action) {
			out = append(out, f.action)
		}
	}
	return out
}

// formRefs are the pages axe and the CSP check load for the forms: each
// form's page and thank-you page, and each form's page once more after it
// was sent empty, with the error summary shown and the fields marked.
func formRefs(s *site) []pageRef {
	forms, err := siteForms(s.dir)
	if err != nil {
		return nil
	}
	var refs []pageRef
	seen := map[string]bool{}
	for _, f := range formPages(forms) {
		for _, p := range []string{f.page, f.action} {
			if !seen[p] {
				seen[p] = true
				refs = append(refs, pageRef{path: p, status: http.StatusOK, why: f.lang + " " + f.name + " form"})
			}
		}
		refs = append(refs, pageRef{path: f.page, status: http.StatusOK, why: f.lang + " " + f.name + " form sent empty",
			ready: fmt.Sprintf(sentEmpty, f.id)})
	}
	return refs
}

// sentEmpty sends the form with the id empty and waits for its error
// summary.
const sentEmpty = `new Promise((done, fail) => {
	const form = document.getElementById(%q);
	form.requestSubmit();
	const summary = document.getElementById(form.id + '-errors');
	let tries = 0;
	const tick = setInterval(() => {
		if (!summary.hidden && summary.querySelector('li')) { clearInterval(tick); done(true); }
		else if (++tries > 100) { clearInterval(tick); fail('no error summary after sending the form empty'); }
	}, 20);
})`
