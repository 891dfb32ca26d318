package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// Every field of a skeleton, its commented-out ones included, must be a
// valid value of the kind's schema in every language of the sample site.
func TestSkeletonsAreValidWithEveryFieldUncommented(t *testing.T) {
	langs, words, probs := newWords(os.DirFS(filepath.Join("..", "..")))
	if probs.HasErrors() {
		t.Fatal(probs.All())
	}
	uncomment := regexp.MustCompile(`(?m)^# `)
	for _, kind := range content.Kinds {
		for _, lang := range langs {
			text, err := skeleton(kind, words[lang], "2018-05-14", func(content.Kind) string { return "" })
			if err != nil {
				t.Fatalf("%s %s: %v", kind, lang, err)
			}
			full := uncomment.ReplaceAllString(text, "")
			file := "content/" + kind.Folder() + "/x." + lang + ".md"
			var probs problem.List
			d := content.ParseFile(file, []byte(full), langs, &probs)
			if probs.HasErrors() || d == nil || d.Broken {
				t.Errorf("%s:\n%s\n%v", file, full, probs.All())
				continue
			}
			for f := range content.SchemaOf(kind).All() {
				if _, ok := d.Pos[f.Name]; !ok {
					t.Errorf("%s: the skeleton lacks %s", file, f.Name)
				}
			}
			if !d.Meta.Draft || strings.TrimSpace(string(d.Body)) == "" {
				t.Errorf("%s: not a draft with a body:\n%s", file, text)
			}
		}
	}
}

// A language's missing placeholder is named, not written as empty text.
func TestSkeletonNamesMissingWord(t *testing.T) {
	_, err := skeleton(content.Tag, map[string]string{"new.body": "x"}, "2018-05-14", func(content.Kind) string { return "" })
	if err == nil || !strings.Contains(err.Error(), `"new.tag.title"`) {
		t.Errorf("got %v", err)
	}
}
