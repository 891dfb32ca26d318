package assets

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/problem"
)

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/main.css":        {Data: []byte("body {  color : #000000 ; }\n")},
		"assets/app.js":          {Data: []byte("function  f ( a ) { return a ; }\n")},
		"assets/favicon.svg":     {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg">  <rect width="1" height="1"/> </svg>`)},
		"assets/images/kuva.jpg": {Data: []byte("\xff\xd8 not really a jpeg")},
		"assets/.main.css.swp":   {Data: []byte("vim swap")},
	}
	var probs problem.List
	s := Load(fsys, minify.New(), &probs)
	if probs.Len() > 0 {
		t.Fatal(probs.All())
	}
	css, ok := s.URL("main.css")
	if !ok || !strings.HasPrefix(css, "/assets/main.") || !strings.HasSuffix(css, ".css") || len(css) != len("/assets/main.0123456789.css") {
		t.Errorf("main.css at %q", css)
	}
	if u, _ := s.URL("images/kuva.jpg"); u != "/images/kuva.jpg" {
		t.Errorf("image at %q, want its own name under /images/", u)
	}
	if _, ok := s.URL(".main.css.swp"); ok {
		t.Error("an editor's swap file was published")
	}
	for _, f := range s.Files() {
		if f.Name == "main.css" && string(f.Data) != "body{color:#000}" {
			t.Errorf("css not minified: %q", f.Data)
		}
	}
	// The name follows the content: a change gives a new URL.
	fsys["assets/main.css"] = &fstest.MapFile{Data: []byte("body{color:#111}")}
	if css2, _ := Load(fsys, minify.New(), &probs).URL("main.css"); css2 == css {
		t.Error("changed CSS kept its URL")
	}
}
