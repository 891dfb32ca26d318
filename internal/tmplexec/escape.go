package tmplexec

import (
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"unicode/utf8"
)

// The escapers html/template puts at the end of actions, for the contexts
// and content types a layout meets. html/template's own are unexported;
// these must give the same strings, which escape_test.go checks against
// html/template on every context here and FuzzEscapers on any text. An
// escaper not here makes Compile fail, and a content type one does not
// handle makes Execute fail: html/template then makes the page.

type contentType uint8

const (
	plain contentType = iota
	typedCSS
	typedHTML
	typedHTMLAttr
	typedJS
	typedJSStr
	typedURL
	typedSrcset
)

// escaper escapes a value html/template has made a string (stringify).
type escaper func(s string, t contentType) (string, error)

var escapers = map[string]escaper{
	"_html_template_htmlescaper":    htmlEscaper,
	"_html_template_attrescaper":    attrEscaper,
	"_html_template_rcdataescaper":  rcdataEscaper,
	"_html_template_nospaceescaper": nospaceEscaper,
	"_html_template_urlfilter":      urlFilter,
	"_html_template_urlnormalizer":  urlNormalizer,
	"_html_template_urlescaper":     urlEscaper,
	"_html_template_jsvalescaper":   jsValEscaper,
	"_html_template_commentescaper": commentEscaper,
}

var errContentType = errors.New("tmplexec: a content type left to html/template")

// stringify is html/template's stringify of a single argument: through
// pointers to a string or a typed string, else what fmt prints for the
// value, through pointers to a Stringer or an error.
func stringify(v reflect.Value) (string, contentType, error) {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", plain, nil
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", plain, nil // an untyped nil is skipped: nothing
	}
	d := v
	for d.Kind() == reflect.Pointer && !d.IsNil() {
		d = d.Elem()
	}
	if d.Kind() == reflect.String {
		if d.Type() == stringType {
			return d.String(), plain, nil
		}
		if t, ok := typed[d.Type()]; ok {
			return d.String(), t, nil
		}
	}
	for v.Kind() == reflect.Pointer && !v.IsNil() && !v.Type().Implements(stringerType) && !v.Type().Implements(errorType) {
		v = v.Elem()
	}
	return fmt.Sprint(v.Interface()), plain, nil
}

// typed are the string types whose content html/template knows.
var typed = map[reflect.Type]contentType{
	stringType:                           plain,
	reflect.TypeFor[template.HTML]():     typedHTML,
	reflect.TypeFor[template.URL]():      typedURL,
	reflect.TypeFor[template.JS]():       typedJS,
	reflect.TypeFor[template.JSStr]():    typedJSStr,
	reflect.TypeFor[template.CSS]():      typedCSS,
	reflect.TypeFor[template.HTMLAttr](): typedHTMLAttr,
	reflect.TypeFor[template.Srcset]():   typedSrcset,
}

var stringerType = reflect.TypeFor[fmt.Stringer]()

var stringType = reflect.TypeFor[string]()

func htmlEscaper(s string, t contentType) (string, error) {
	if t == typedHTML {
		return s, nil
	}
	return replace(s, &htmlTable, true), nil
}

func attrEscaper(s string, t contentType) (string, error) {
	if t == typedHTML {
		return "", errContentType // html/template strips the tags
	}
	return replace(s, &htmlTable, true), nil
}

func rcdataEscaper(s string, t contentType) (string, error) {
	if t == typedHTML {
		return replace(s, &htmlNormTable, true), nil
	}
	return replace(s, &htmlTable, true), nil
}

func nospaceEscaper(s string, t contentType) (string, error) {
	if t == typedHTML {
		return "", errContentType
	}
	if s == "" {
		return failsafe, nil
	}
	return replace(s, &nospaceTable, false), nil
}

func commentEscaper(string, contentType) (string, error) { return "", nil }

// failsafe is what html/template writes for a value it refuses.
const failsafe = "ZgotmplZ"

func urlFilter(s string, t contentType) (string, error) {
	if t == typedURL {
		return s, nil
	}
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return "#" + failsafe, nil
		}
	}
	return s, nil
}

func urlNormalizer(s string, t contentType) (string, error) { return processURL(s, true), nil }

func urlEscaper(s string, t contentType) (string, error) {
	return processURL(s, t == typedURL), nil
}

func jsValEscaper(s string, t contentType) (string, error) {
	switch t {
	case typedJS:
		return s, nil
	case typedJSStr:
		return `"` + s + `"`, nil
	}
	return "", errContentType // JSON of any other value
}

// replaceTable maps the ASCII characters an escaper replaces to their
// replacements; "" keeps the character.
type replaceTable [128]string

var htmlTable = replaceTable{
	0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;",
}

// htmlNormTable leaves & alone: the text is HTML already.
var htmlNormTable = replaceTable{
	0: "\uFFFD", '"': "&#34;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;",
}

// nospaceTable is for an attribute value without quotes.
var nospaceTable = replaceTable{
	0: "&#xfffd;", '\t': "&#9;", '\n': "&#10;", '\v': "&#11;", '\f': "&#12;", '\r': "&#13;",
	' ': "&#32;", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;",
	'=': "&#61;", '>': "&gt;", '`': "&#96;",
}

// replace replaces the characters of the table; without quotes around the
// value (badRunes false), also the noncharacters U+FDD0–U+FDEF and
// U+FFF0–U+FFFF, as &#x…;. A string with nothing to replace is returned as
// it is, without a copy.
func replace(s string, table *replaceTable, badRunes bool) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if table[c] != "" {
				break
			}
			i++
			continue
		}
		if badRunes {
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if 0xfdd0 <= r && r <= 0xfdef || 0xfff0 <= r && r <= 0xffff {
			break
		}
		i += w
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if r := table[c]; r != "" {
				b.WriteString(r)
			} else {
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if !badRunes && (0xfdd0 <= r && r <= 0xfdef || 0xfff0 <= r && r <= 0xffff) {
			fmt.Fprintf(&b, "&#x%x;", r)
		} else {
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return b.String()
}

// processURL percent-encodes what a URL, or with norm a URL already
// encoded, must not hold as it is.
func processURL(s string, norm bool) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

const hexDigits = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
