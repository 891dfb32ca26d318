// Package minify is the one minifier the build uses, configured once and
// keyed by file extension: HTML, CSS, JS, SVG, XML (feeds, sitemap) and JSON.
// Input: a path (for its type) and bytes; output: smaller bytes, the same
// document, in time linear in its size. Other types pass through unchanged.
package minify

import (
	"bytes"
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
type Minifier struct{ m *minify.M }

// New returns a configured minifier.
func New() *Minifier {
	m := minify.New()
	m.Add("text/html", &mhtml.Minifier{
		KeepDocumentTags:    true, // <html lang>, <head>, <body> stay explicit for validators and screen readers
		KeepEndTags:         true,
		KeepQuotes:          true,
		KeepSpecialComments: false,
	})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.Add("application/xml", &xml.Minifier{KeepWhitespace: false})
	m.AddFunc("application/json", json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`\+xml$`), xml.Minify)
	return &Minifier{m: m}
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
