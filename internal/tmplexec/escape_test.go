package tmplexec

import (
	"bytes"
	"html/template"
	"testing"
)

// contexts are the places a layout puts a value, each escaped by
// html/template with its own escapers.
var contexts = []string{
	`<p>{{.}}</p>`,
	`<p title="{{.}}">`,
	`<p title='{{.}}'>`,
	`<p title={{.}}>`,
	`<a href="{{.}}">`,
	`<a href="/x/{{.}}">`,
	`<a href="/x?q={{.}}&amp;r={{.}}#{{.}}">`,
	`<a href='{{.}}'>`,
	`<a href={{.}}>`,
	`<img srcset="{{.}}" alt="">`,
	`<textarea>{{.}}</textarea>`,
	`<title>{{.}}</title>`,
	`<!-- {{.}} -->`,
	`<script type="application/ld+json">{{.}}</script>`,
}

// escapeBoth executes each context with v in html/template and as a
// Program, and fails the test where the Program prints something else.
func escapeBoth(t *testing.T, v any) {
	t.Helper()
	for _, c := range contexts {
		set := template.Must(template.New("c").Parse(c))
		var want bytes.Buffer
		wantErr := set.Execute(&want, v)
		p, err := Compile(set, "c")
		if err != nil {
			continue // an escaper left to html/template
		}
		var got bytes.Buffer
		if err := p.Execute(&got, v); err != nil {
			continue // a content type left to html/template
		}
		if wantErr != nil {
			t.Errorf("%s with %#v: html/template fails (%v), the program gave %q", c, v, wantErr, got.String())
		} else if got.String() != want.String() {
			t.Errorf("%s with %#v:\ngot  %q\nwant %q", c, v, got.String(), want.String())
		}
	}
}

var escapeSeeds = []string{
	"", "plain", `<script>alert("x")</script>`, `a & b`, `&amp; &lt;`, "it's", "1+1=2",
	"Kokeilun paikka – Plats för försök", "tab\tnew\nline\r\f\v", "`back`", "\x00nul",
	"\xff\xfe invalid", "\ufdd0\ufdef\ufff0\uffff\ufffd", "javascript:alert(1)", "JAVASCRIPT:x",
	"mailto:a@b.fi", "tel:+358 40", "http://example.fi/a b?c=d&e=f#g", "/fi/kokeilut/ä/",
	"%20%zz%4", "a%2Fb", "x.png 1x, y.png 2x", "data:image/png;base64,xx", "-->", "<!--",
	`{"a":"</script>"}`, "é\u0301", "😀", "=", " ", "' onerror='x",
}

func TestEscapersAsHTMLTemplate(t *testing.T) {
	for _, s := range escapeSeeds {
		for _, v := range []any{s, template.HTML(s), template.URL(s), template.JS(s), template.JSStr(s), template.HTMLAttr(s), template.Srcset(s), &s, 42, 2.5, true, nil} {
			escapeBoth(t, v)
		}
	}
}

func FuzzEscapers(f *testing.F) {
	for _, s := range escapeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		escapeBoth(t, s)
		escapeBoth(t, template.HTML(s))
		escapeBoth(t, template.URL(s))
		escapeBoth(t, template.JS(s))
	})
}
