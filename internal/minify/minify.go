// Package minify is the one minifier the build uses, configured once and
// keyed by file extension: HTML, CSS, JS, SVG, XML (feeds, sitemap) and JSON.
// Input: a path (for its type) and bytes; output: smaller bytes, the same
// document, in time linear in its size. Other types pass through unchanged.
package minify

import (
	"bytes"
	"errors"
	"io"
	"path"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	mhtml "github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// Minifier minifies by file extension. It is safe for concurrent use.
type Minifier struct {
	m       *minify.M
	layouts *minify.M // HTML with Go template actions in it (see Layout)
}

// htmlMinifier is how every HTML file is minified; delims, if set, are
// those of template actions, which are kept as they are.
func htmlMinifier(delims [2]string) *mhtml.Minifier {
	return &mhtml.Minifier{
		KeepDocumentTags:    true, // <html lang>, <head>, <body> stay explicit for validators and screen readers
		KeepEndTags:         true,
		KeepQuotes:          true,
		KeepSpecialComments: false,
		TemplateDelims:      delims,
	}
}

// New returns a configured minifier.
func New() *Minifier {
	m := minify.New()
	m.Add("text/html", htmlMinifier([2]string{}))
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.Add("application/xml", &xml.Minifier{KeepWhitespace: false})
	m.AddFunc("application/json", json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`\+xml$`), xml.Minify)
	l := minify.New()
	l.Add("text/html", htmlMinifier(mhtml.GoTemplateDelims))
	l.AddFunc("text/css", css.Minify)
	l.AddFunc("application/javascript", js.Minify)
	l.AddFunc("image/svg+xml", svg.Minify)
	l.AddFunc("application/json", json.Minify)
	return &Minifier{m: m, layouts: l}
}

// PagesWhole returns a minifier that refuses Layout, so that every page
// is made from the layouts as written and minified whole: what pages made
// from minified layouts must equal once minified again.
func PagesWhole() *Minifier {
	m := New()
	m.layouts = nil
	return m
}

var errWhole = errors.New("this minifier minifies pages whole")

// Layout minifies the text of an html/template layout, leaving its {{ }}
// actions as they are. A page executed from minified layouts is minified
// but for the text its actions insert: the layouts are minified once, not
// every page they make, which cost about a seventh of a large build.
func (m *Minifier) Layout(text []byte) ([]byte, error) {
	if m.layouts == nil {
		return nil, errWhole
	}
	var b bytes.Buffer
	b.Grow(len(text))
	// The minifier works in its input's buffer: the caller's text stays.
	if err := m.layouts.Minify("text/html", &b, bytes.NewBuffer(bytes.Clone(text))); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// TypeOf returns the media type the minifier uses for a file name, or "".
func TypeOf(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html"
	case ".css":
		return "text/css"
	case ".js", ".mjs":
		return "application/javascript"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		return "application/xml"
	case ".json":
		return "application/json"
	}
	return ""
}

// Minify writes the minified form of data to w, by the type of name. Files of
// other types are copied as they are.
func (m *Minifier) Minify(w io.Writer, name string, data []byte) error {
	typ := TypeOf(name)
	if typ == "" {
		_, err := w.Write(data)
		return err
	}
	if typ == "text/html" {
		data = splitText(data)
	}
	// A *bytes.Buffer has Bytes(), which tdewolff/parse reads in place; a
	// bytes.Reader would be copied whole first.
	return m.m.Minify(typ, w, bytes.NewBuffer(data))
}

// textChunk is the longest run of text the HTML minifier is given in one
// piece where it could be slow.
const textChunk = 256

// splitText puts an empty comment, which the minifier removes, into long
// runs of text, so that the minifier's cost stays linear. It replaces each
// character reference it shortens (&quot; &#39; &gt;) by moving the rest
// of the text it is in: quadratic in the length of the text, so that a page
// with a 1 MB paragraph of "a > b" took seconds. A comment goes only
// before an & or a white space that follows other text, outside raw text
// (script, style, textarea, title): there the minifier gives the same
// bytes split or not.
func splitText(data []byte) []byte {
	if bytes.Count(data, []byte("&")) < textChunk/8 {
		return data // few references: the cost is linear anyway
	}
	out := make([]byte, 0, len(data)+len(data)/64)
	split := false
	l := html.NewLexer(parse.NewInputBytes(data))
	raw := false // in the text of a raw-text element
	for {
		tt, tok := l.Next()
		switch tt {
		case html.ErrorToken:
			if !split || l.Err() != io.EOF || len(out) < len(data) {
				return data // nothing split, or a document the lexer gives up on
			}
			return out
		case html.StartTagToken:
			raw = rawText[string(bytes.ToLower(l.Text()))]
		case html.EndTagToken:
			raw = false
		case html.TextToken:
			if !raw && len(tok) > textChunk {
				out = appendSplit(out, tok)
				split = true
				continue
			}
		}
		out = append(out, tok...)
	}
}

// rawText are the elements whose text the lexer reads as raw text, where
// <!----> would not be a comment.
var rawText = map[string]bool{"script": true, "style": true, "textarea": true, "title": true,
	"xmp": true, "iframe": true, "plaintext": true, "noscript": true, "noembed": true, "noframes": true}

// appendSplit appends text with an empty comment at the first place after
// every textChunk bytes where one may go: before an & or a white space
// whose previous byte is neither white space nor part of a reference.
func appendSplit(out, text []byte) []byte {
	last := 0
	for i := 1; i < len(text); i++ {
		c, prev := text[i], text[i-1]
		if i-last < textChunk || c != '&' && !isSpace(c) || isSpace(prev) {
			continue
		}
		out = append(out, text[last:i]...)
		out = append(out, "<!---->"...)
		last = i
	}
	return append(out, text[last:]...)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// Bytes is Minify into a new slice.
func (m *Minifier) Bytes(name string, data []byte) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(data))
	if err := m.Minify(&b, name, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
