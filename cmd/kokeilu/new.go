package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/municipality"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// newKey is the prefix of the UI strings (layouts/i18n/<code>.yaml) that
// hold a skeleton's placeholders: new.<kind>.<field>, else new.<field>,
// and new.body for the text after the frontmatter.
const newKey = "new."

// skeleton is a new file of the kind in one language: every field of the
// kind's schema, required ones filled in, the others commented out. New
// files are drafts, so a half-written one never reaches the public site.
// words are the language's UI strings; slugOf names an existing document of
// a kind in the language, so that a required reference resolves at once.
func skeleton(kind content.Kind, words map[string]string, today string, slugOf func(content.Kind) string) (string, error) {
	word := func(name string) (string, error) {
		for _, k := range []string{newKey + string(kind) + "." + name, newKey + name} {
			if w, ok := words[k]; ok {
				return strings.TrimSpace(w), nil
			}
		}
		return "", fmt.Errorf("no UI string %q (or %q)", newKey+string(kind)+"."+name, newKey+name)
	}
	var required, optional []string
	for f := range content.SchemaOf(kind).All() {
		if f.Name == "draft" {
			continue // written last, and true
		}
		value, note := "", ""
		switch {
		case f.Type == content.DateField:
			value = today
		case f.Type == content.BoolField:
			value = "true"
		case f.Type == content.EnumField:
			value, note = f.Enum[0], strings.Join(f.Enum, " | ")
		case f.Ref != "" && f.Required && slugOf(f.Ref) != "":
			value = slugOf(f.Ref)
		case f.Municipalities:
			// Keys are the same in every language: the list's first.
			list, err := municipality.Load()
			if err != nil {
				return "", err
			}
			value, note = list.All()[0].Key, "keys of internal/municipality/municipalities.csv"
		default:
			w, err := word(f.Name)
			if err != nil {
				return "", err
			}
			value = w
		}
		if f.Ref != "" {
			note = "content/" + f.Ref.Folder() + "/"
		}
		var lines []string
		switch f.Type {
		case content.ListField:
			items := strings.Split(value, ",")
			for i, it := range items {
				items[i] = yamlText(strings.TrimSpace(it))
			}
			lines = []string{f.Name + ": [" + strings.Join(items, ", ") + "]"}
		case content.LinksField:
			// The placeholder is a title and, after its last space, the address.
			title, url := value, "https://example.fi/"
			if i := strings.LastIndexByte(value, ' '); i > 0 {
				title, url = value[:i], value[i+1:]
			}
			lines = []string{f.Name + ":", "  - title: " + yamlText(title), "    url: " + yamlText(url)}
		case content.TextField, content.SlugField, content.URLField, content.EmailField:
			lines = []string{f.Name + ": " + yamlText(value)}
		default:
			lines = []string{f.Name + ": " + value}
		}
		comment := ""
		if !f.Required {
			comment = "# "
		}
		for i, l := range lines {
			l = comment + l
			if i == 0 && note != "" {
				l += strings.Repeat(" ", max(1, 27-len([]rune(l)))) + "# " + note
			}
			if f.Required {
				required = append(required, l)
			} else {
				optional = append(optional, l)
			}
		}
	}
	body, err := word("body")
	if err != nil {
		return "", err
	}
	front := slices.Concat(required, optional, []string{"draft: true"})
	return "---\n" + strings.Join(front, "\n") + "\n---\n\n" + body + "\n", nil
}

// yamlText writes s as a YAML scalar, quoted where YAML needs it (a # or a
// colon in the text, or text that would read as a date, number or bool).
func yamlText(s string) string {
	b, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(b), "\n")
}

func kindNames() string {
	names := make([]string, len(content.Kinds))
	for i, k := range content.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", "new [-src DIR] "+langSynopsis+" KIND SLUG   (KIND: "+kindNames()+")", stderr)
	src := fs.String("src", ".", "the site's folder")
	lang := langFlag(fs)
	if err := fs.Parse(args); err != nil {
		if err.Error() == "flag: help requested" {
			return exitOK
		}
		return exitUsage
	}
	term, err := lang()
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu new:", err)
		return exitUsage
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return exitUsage
	}
	kind, slug := content.Kind(fs.Arg(0)), fs.Arg(1)
	if !slices.Contains(content.Kinds, kind) {
		fmt.Fprintf(stderr, "kokeilu new: unknown kind %q; use %s\n", fs.Arg(0), kindNames())
		return exitUsage
	}
	if !content.ValidSlug(slug) {
		fmt.Fprintf(stderr, "kokeilu new: %q cannot be used in a web address; use a-z, 0-9 and hyphens\n", slug)
		return exitUsage
	}
	root, ok := siteRoot(*src, stderr)
	if !ok {
		return exitUsage
	}
	site := os.DirFS(root)
	langs, words, probs := newWords(site)
	if probs.HasErrors() {
		term.problems(stderr, *src, probs.All())
		return exitContent
	}
	dir := filepath.Join(root, "content", kind.Folder())
	today := time.Now().Format("2006-01-02")
	texts := make([]string, len(langs))
	paths := make([]string, len(langs))
	for i, lang := range langs {
		p := filepath.Join(dir, slug+"."+lang+".md")
		if _, err := os.Stat(p); err == nil {
			fmt.Fprintf(stderr, "kokeilu new: %s exists; nothing was written\n", p)
			return exitUsage
		}
		text, err := skeleton(kind, words[lang], today, func(k content.Kind) string { return firstSlug(site, k, lang) })
		if err != nil {
			fmt.Fprintf(stderr, "kokeilu new: layouts/i18n/%s.yaml: %v\n", lang, err)
			return exitContent
		}
		paths[i], texts[i] = p, text
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(stderr, "kokeilu new:", err)
		return exitContent
	}
	for i, p := range paths {
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, err = f.WriteString(texts[i])
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintln(stderr, "kokeilu new:", err)
			return exitContent
		}
		fmt.Fprintln(stdout, "wrote", p)
	}
	fmt.Fprintln(stdout, "New files are drafts: set draft: false when they are ready.")
	return exitOK
}

// newWords reads the site's languages and each one's UI strings.
func newWords(site fs.FS) ([]string, map[string]map[string]string, *problem.List) {
	probs := &problem.List{}
	data, err := fs.ReadFile(site, content.ConfigFile)
	if err != nil {
		probs.Errorf(content.ConfigFile, 0, 0, "run kokeilu new in the site's folder, or give -src", "cannot read the site's configuration")
		return nil, nil, probs
	}
	cfg := content.ParseConfig(data, probs)
	if cfg == nil || probs.HasErrors() {
		return nil, nil, probs
	}
	words := map[string]map[string]string{}
	for _, lang := range cfg.Codes() {
		name := "layouts/i18n/" + lang + ".yaml"
		data, err := fs.ReadFile(site, name)
		var m map[string]string
		if err == nil {
			err = yaml.Unmarshal(data, &m)
		}
		if err != nil {
			probs.Errorf(name, 0, 0, "each line is key: text", "cannot read the UI strings: %v", err)
			continue
		}
		words[lang] = m
	}
	return cfg.Codes(), words, probs
}

// firstSlug names a document of the kind in the language; "" when there
// is none.
func firstSlug(site fs.FS, kind content.Kind, lang string) string {
	names, _ := fs.Glob(site, path.Join("content", kind.Folder(), "*."+lang+".md"))
	for _, n := range names {
		if slug, _, ok := content.SplitName(path.Base(n)); ok && content.ValidSlug(slug) {
			return slug
		}
	}
	return ""
}
