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
				if !d.Has(f.Name) {
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

// A file is written for each language of site.yaml, a third one included.
func TestNewWritesEveryLanguage(t *testing.T) {
	site := copySite(t)
	cfg := filepath.Join(site, "content", "site.yaml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, "  - code: en\n    name: In English\n    title: Place to Experiment\n    sections:\n"+
		"      experiments: experiments\n      campaigns: campaigns\n      contacts: contacts\n"+
		"      tags: themes\n      failday: day-for-failure\n      browse: browse\n      stage: stage\n"+
		"      municipality: municipality\n      region: region\n      year: year\n      role: role\n"...)
	if err := os.WriteFile(cfg, b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := kokeilu(t, "new", "-src", site, "experiment", "uusi")
	if code != 0 || strings.Count(out, "wrote ") != 3 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	en, err := os.ReadFile(filepath.Join(site, "content", "experiments", "uusi.en.md"))
	if err != nil || !strings.Contains(string(en), "title: New experiment\n") {
		t.Errorf("uusi.en.md: %v\n%s", err, en)
	}
}
