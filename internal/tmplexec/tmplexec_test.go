package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"testing"
	"time"
)

// The data the cases run on: the shapes a page view has (pointers,
// embedded structs, methods on values and pointers, variadic methods,
// methods that fail, maps, slices of structs and of pointers).
type base struct {
	Code string
}

func (b base) Upper() string { return strings.ToUpper(b.Code) }

type item struct {
	*base
	Name  string
	Count int
	When  time.Time
	Tags  []string
}

func (i *item) Label(prefix string) string { return prefix + i.Name }

type page struct {
	Title   string
	Items   []*item
	Values  []item
	Refs    map[string][]*item
	Words   map[string]string
	Empty   []*item
	Nil     *item
	Any     any
	HTML    template.HTML
	URL     template.URL
	JS      template.JS
	Num     int
	Float   float64
	Flag    bool
	Ptr     *string
	Stringy fmt.Stringer
}

func (p *page) T(key string) (string, error) {
	if key == "missing" {
		return "", errors.New("no such key")
	}
	return "«" + key + "»", nil
}

func (p *page) Tf(key string, args ...any) (string, error) {
	s, err := p.T(key)
	return s + fmt.Sprint(args...), err
}

func (p *page) First(n int, items []*item) []*item { return items[:min(n, len(items))] }

func (p *page) Head() *item { return p.Items[0] }

func (p *page) Panic() string { panic("boom") }

func (p *page) Pair() (string, string) { return "a", "b" }

type stringer int

func (s stringer) String() string { return fmt.Sprintf("<%d>", int(s)) }

func testPage() *page {
	s := "pointed"
	a := &item{base: &base{Code: "fi"}, Name: `A & "B" <c>`, Count: 3, When: time.Date(2018, 5, 14, 0, 0, 0, 0, time.UTC), Tags: []string{"x", "y"}}
	b := &item{base: &base{Code: "sv"}, Name: "B'+", Count: 0}
	return &page{
		Title:   "Kokeilun paikka – <Plats> för försök",
		Items:   []*item{a, b},
		Values:  []item{*a, *b},
		Refs:    map[string][]*item{"tags": {a}, "none": nil},
		Words:   map[string]string{"b": "2", "a": "1", "c": "3"},
		Any:     42,
		HTML:    "<b>bold</b> & more",
		URL:     "tel:+358401234567",
		JS:      `{"@context":"https://schema.org"}`,
		Num:     7,
		Float:   2.5,
		Ptr:     &s,
		Stringy: stringer(5),
	}
}

// cases are templates that Compile must compile, and whose output Execute
// must give byte for byte as html/template does. Each runs on testPage.
var cases = []struct{ name, text string }{
	{"text", `<p>plain text only</p>`},
	{"field", `<h1>{{.Title}}</h1>`},
	{"attr", `<p title="{{.Title}}" class="x {{.Num}}">`},
	{"unquoted attr", `<p title={{.Title}}>`},
	{"href", `<a href="{{.Head.Name}}">x</a>`},
	{"href field", `{{range .Items}}<a href="{{.Name}}">{{.Name}}</a><a href="/x/{{.Name}}?q={{.Name}}#{{.Code}}">{{.Upper}}</a>{{end}}`},
	{"typed", `{{.HTML}}<a href="{{.URL}}">t</a><a title="{{.URL}}">t</a><script type="application/ld+json">{{.JS}}</script>`},
	{"textarea", `<textarea>{{.Title}}{{.HTML}}</textarea><title>{{.HTML}}</title>`},
	{"mailto", `<a href="mailto:{{.Title}}">m</a><a href="javascript:{{.Title}}">j</a>`},
	{"unsafe url", `{{range .Refs.tags}}<a href="{{.Name}}:x">u</a>{{end}}<a href="{{print "javascript:alert(1)"}}">j</a><a href="{{print "HTTPS://e.fi/ä ö%20%zz"}}">h</a>`},
	{"methods", `{{.T "hello"}} {{$.Tf "n" .Num 3}} {{.Tf "none"}} {{range .Items}}{{.Label "item:"}} {{.Upper}}{{end}}`},
	{"method on value", `{{range .Values}}{{.Upper}}{{.Label "v:"}}{{end}}`},
	{"promoted", `{{range .Items}}{{.Code}}{{.Upper}}{{end}}`},
	{"pipeline final", `{{"key" | .T}} {{.Num | .Tf "f" 1}} {{.Items | .First 1 | len}}`},
	{"if else", `{{if .Flag}}yes{{else if .Num}}num {{.Num}}{{else}}no{{end}}{{if .Empty}}e{{else}}not e{{end}}{{if .Nil}}n{{end}}{{if .Any}}any{{end}}`},
	{"with", `{{with .Items}}{{len .}} items{{end}}{{with .Empty}}none{{else}}empty{{end}}{{with $x := .Title}}{{$x}}{{end}}`},
	{"else with", `{{with .Empty}}a{{else with .Items}}{{len .}}{{else}}c{{end}}`},
	{"range vars", `{{range $i, $m := .Items}}{{if $i}}, {{end}}{{$i}}={{$m.Name}}{{end}}{{range $v := .Values}}{{$v.Count}}{{end}}`},
	{"range map", `{{range $k, $v := .Words}}{{$k}}:{{$v}};{{end}}{{range .Refs.tags}}{{.Name}}{{end}}`},
	{"range else", `{{range .Empty}}x{{else}}nothing{{end}}{{range .Refs.none}}y{{else}}nil{{end}}`},
	{"break continue", `{{range $i, $m := .Items}}{{if eq $i 1}}{{break}}{{end}}{{$m.Count}}{{continue}}never{{end}}`},
	{"variables", `{{$s := .Title}}{{$n := 1}}{{range .Items}}{{$n = .Count}}{{end}}{{$s}} {{$n}}{{$.Num}}`},
	{"comparisons", `{{eq .Num 7}}{{ne .Num 7}}{{lt .Num 8}}{{le .Num 7}}{{gt .Float 2.0}}{{ge .Num 8}}{{eq .Title "x"}}{{if eq (len .Items) 2}}two{{end}}{{gt (len .Empty) 0}}`},
	{"and or not", `{{and .Num .Title}}|{{or .Empty .Flag "fallback"}}|{{not .Flag}}|{{and .Flag .Missing}}|{{or 0 ""}}`},
	{"print", `{{print "status." .Num}} {{printf "%03d-%s" .Num .Title}} {{print .Float .Flag}} {{$.T (print "k." .Num)}}`},
	{"numbers", `{{.Tf "x" 1 2.5 1e3 0x10 'a' -3}}`},
	{"stringer and time", `{{.Stringy}} {{.Head.When}} {{.Any}} {{.Head.When.Year}}`},
	{"template call", `{{define "item"}}<li>{{.Name}}</li>{{end}}{{range .Items}}{{template "item" .}}{{end}}{{template "noarg"}}`},
	{"chain", `{{(.Head).Name}} {{(.First 1 .Items | len)}}`},
	{"comment", `a{{/* a comment */}}b`},
	{"nested templates", `{{define "a"}}[{{template "b" .}}]{{end}}{{define "b"}}{{.Title}}{{end}}{{template "a" .}}`},
	{"whitespace trim", `{{- .Title -}}   {{- .Num }}`},
	{"pointers", `{{.Ptr}} {{.Nil}} <a href="{{.Ptr}}">p</a>`},
	{"index", `{{(index .Items 1).Name}} {{index .Words "a"}}{{index .Words "zz"}} {{len (index .Refs "tags")}}{{(index .Refs "tags" 0).Name}}{{with index .Refs "nokey"}}x{{end}} {{index .Title 2}} {{(index .Values 0).Count}}`},
	{"js value", `<script type="application/ld+json">{{.JS}}</script>`},
}

func execBoth(t *testing.T, text string, data any) (want, got string, wantErr, gotErr, compileErr error) {
	t.Helper()
	set := template.Must(template.New("root").Option("missingkey=error").Parse(`{{define "noarg"}}[no arg]{{end}}` + text))
	var w bytes.Buffer
	wantErr = set.ExecuteTemplate(&w, "root", data)
	p, err := Compile(set, "root")
	if err != nil {
		return w.String(), "", wantErr, nil, err
	}
	var g bytes.Buffer
	gotErr = p.Execute(&g, data)
	return w.String(), g.String(), wantErr, gotErr, nil
}

func TestSameBytesAsHTMLTemplate(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, got, wantErr, gotErr, err := execBoth(t, c.text, testPage())
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			if wantErr != nil {
				t.Fatalf("html/template fails: %v", wantErr)
			}
			if gotErr != nil {
				t.Fatalf("html/template gives %q, the program fails: %v", want, gotErr)
			}
			if got != want {
				t.Errorf("got\n%q\nwant\n%q", got, want)
			}
		})
	}
}

// TestFailsWhereHTMLTemplateWould: whatever html/template reports as a
// problem, or what is left to it, the program must not print a page for.
func TestFailsWhereHTMLTemplateWould(t *testing.T) {
	for _, text := range []string{
		`{{.T "missing"}}`,
		`{{.Missing}}`,
		`{{.Refs.nokey}}`,
		`{{.Nil.Name}}`,
		`{{.Panic}}`,
		`{{.T}}`,
		`{{.Title.Foo}}`,
		`{{.Num | .Title}}`,
		`{{len .Num}}`,
		`{{eq .Title 1}}`,
		`{{.Tf 1}}`,
		`{{.First "x" .Items}}`,
		`{{lt .Flag .Flag}}`,
		`{{index .Items 2}}`,
		`{{index .Items -1}}`,
		`{{index .Items "x"}}`,
		`{{index .Words 1}}`,
		`{{index .Nil 1}}`,
	} {
		t.Run(text, func(t *testing.T) {
			want, got, wantErr, gotErr, err := execBoth(t, text, testPage())
			if wantErr == nil {
				t.Fatalf("html/template gives %q: not a failing case", want)
			}
			if err == nil && gotErr == nil {
				t.Fatalf("html/template fails (%v), the program gave %q", wantErr, got)
			}
		})
	}
}

// TestLeftToHTMLTemplate: what the program does not handle exactly, it
// refuses, at Compile or at Execute, and html/template makes the page.
func TestLeftToHTMLTemplate(t *testing.T) {
	for _, text := range []string{
		`{{slice .Title 1}}`,                  // a builtin not handled
		`<a title="{{.HTML}}">`,               // html/template strips the tags
		`<script>var x = {{.Title}}</script>`, // JSON of a value
		`<style>p { color: {{.Title}} }</style>`,
		`{{range 3}}{{.}}{{end}}`,
		`{{eq .Num 1 2 7}}`,
	} {
		t.Run(text, func(t *testing.T) {
			want, got, wantErr, gotErr, err := execBoth(t, text, testPage())
			if wantErr != nil {
				t.Fatalf("html/template fails: %v", wantErr)
			}
			if err == nil && gotErr == nil {
				t.Errorf("the program gave %q (html/template %q): it should refuse", got, want)
			}
		})
	}
}

// TestCompileNeedsEscapedTrees: a tree html/template has not escaped (it
// was never executed) is refused, so that nothing prints unescaped.
func TestCompileNeedsEscapedTrees(t *testing.T) {
	set := template.Must(template.New("root").Parse(`<p>{{.}}</p>`))
	if _, err := Compile(set, "root"); err == nil {
		t.Fatal("compiled a tree html/template has not escaped")
	}
	if err := Escape(set, "root"); err != nil {
		t.Fatal(err)
	}
	p, err := Compile(set, "root")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.Execute(&b, "<script>"); err != nil || b.String() != "<p>&lt;script&gt;</p>" {
		t.Fatalf("%q, %v", b.String(), err)
	}
	bad := template.Must(template.New("root").Parse(`<p title="{{.}}>`))
	if err := Escape(bad, "root"); err == nil {
		t.Fatal("Escape of a template html/template refuses: no error")
	}
}
