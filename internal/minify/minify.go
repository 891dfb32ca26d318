// Package minify is the one minifier the build uses, configured once and
// keyed by file extension: HTML, CSS, JS, SVG, XML (feeds, sitemap) and JSON.
// Input: a path (for its type) and bytes; output: smaller bytes, the same
// document. Other types pass through unchanged.
package minify

import (
	"bytes"
	"io"
	"path"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Minifier minifies by file extension. It is safe for concurrent use.
type Minifier struct{ m *minify.M }

// New returns a configured minifier.
func New() *Minifier {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
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
	// A *bytes.Buffer has Bytes(), which tdewolff/parse reads in place; a
	// bytes.Reader would be copied whole first.
	return m.m.Minify(typ, w, bytes.NewBuffer(data))
}

// Bytes is Minify into a new slice.
func (m *Minifier) Bytes(name string, data []byte) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(data))
	if err := m.Minify(&b, name, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
