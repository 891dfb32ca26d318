package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"
	"gopkg.in/yaml.v3"

	"github.com/kokeilu/kokeilu/internal/l10n"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// ConfigFile is where the site's configuration lives, from the site root.
const ConfigFile = "content/site.yaml"

// Config is content/site.yaml.
type Config struct {
	BaseURL         string     `yaml:"baseURL"`
	DefaultLanguage string     `yaml:"defaultLanguage"`
	PageSize        int        `yaml:"pageSize"`
	Footer          []string   `yaml:"footer"`
	Languages       []Language `yaml:"languages"`
}

// Language is one of the site's languages.
type Language struct {
	Code     string   `yaml:"code"`
	Name     string   `yaml:"name"`  // the switcher's label, in this language: "På svenska"
	Title    string   `yaml:"title"` // the site's name in this language
	Sections Sections `yaml:"sections"`
}

// Sections are the localised URL segments of the site's sections.
type Sections struct {
	Experiments string `yaml:"experiments"`
	Campaigns   string `yaml:"campaigns"`
	Contacts    string `yaml:"contacts"`
	Tags        string `yaml:"tags"`
	Failday     string `yaml:"failday"`
}

func (s Sections) all() map[string]string {
	return map[string]string{"experiments": s.Experiments, "campaigns": s.Campaigns,
		"contacts": s.Contacts, "tags": s.Tags, "failday": s.Failday}
}

// Codes returns the language codes in configured order.
func (c *Config) Codes() []string {
	out := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		out[i] = l.Code
	}
	return out
}

// Language returns the language with the code.
func (c *Config) Language(code string) *Language {
	for i := range c.Languages {
		if c.Languages[i].Code == code {
			return &c.Languages[i]
		}
	}
	return nil
}

// ParseConfig reads and checks content/site.yaml.
func ParseConfig(data []byte, probs *problem.List) *Config {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		line, msg := syntaxError(err)
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, e := range te.Errors {
				l, m := syntaxError(errors.New(e))
				probs.Errorf(ConfigFile, l, 0, "see the example in README.md", "%s", m)
			}
			return nil
		}
		probs.Errorf(ConfigFile, line, 0, "see the example in README.md", "the site configuration cannot be read: %s", msg)
		return nil
	}
	bad := func(hint, format string, args ...any) { probs.Errorf(ConfigFile, 0, 0, hint, format, args...) }
	c.BaseURL = strings.TrimSuffix(strings.TrimSpace(c.BaseURL), "/")
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		bad("write the site's address, e.g. baseURL: https://kokeilu.example.fi", "baseURL %q is not the address of a site", c.BaseURL)
	}
	if c.PageSize == 0 {
		c.PageSize = 50
	}
	if c.PageSize < 1 {
		bad("use a number like 50", "pageSize must be at least 1")
	}
	if len(c.Languages) == 0 {
		bad("list the languages, see README.md", "the site has no languages")
		return nil
	}
	seen := map[string]bool{}
	for _, l := range c.Languages {
		if !l10n.Supported(l.Code) {
			bad("kokeilu knows the languages fi and sv", "language %q is not supported", l.Code)
		}
		if seen[l.Code] {
			bad("list each language once", "language %q is listed twice", l.Code)
		}
		seen[l.Code] = true
		if l.Name == "" || l.Title == "" {
			bad("give each language a name (Suomeksi, På svenska) and a title", "language %q needs name and title", l.Code)
		}
		used := map[string]string{}
		for _, key := range slices.Sorted(maps.Keys(l.Sections.all())) {
			seg := l.Sections.all()[key]
			if !ValidSlug(seg) {
				bad("use a-z, digits and hyphens, e.g. kokeilut", "language %s: section %s has no valid path (%q)", l.Code, key, seg)
			} else if other, dup := used[seg]; dup {
				bad("give each section its own path", "language %s: sections %s and %s share the path %q", l.Code, other, key, seg)
			}
			used[seg] = key
		}
	}
	if c.DefaultLanguage == "" {
		c.DefaultLanguage = c.Languages[0].Code
	}
	if !seen[c.DefaultLanguage] {
		bad("use one of the listed languages", "defaultLanguage %q is not one of the site's languages", c.DefaultLanguage)
	}
	return &c
}

// Set is everything loaded from the site root.
type Set struct {
	Config *Config
	Docs   []*Document // sorted by path
}

// Ignored reports whether a file under content/ is an editor's temporary
// or backup file (vim swap files, JetBrains ___jb_ files, Emacs locks, ~
// backups) or a hidden file, none of which are content.
func Ignored(name string) bool {
	base := path.Base(name)
	return strings.HasPrefix(base, ".") || strings.HasPrefix(base, "#") || strings.HasSuffix(base, "~") ||
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".swo") ||
		strings.HasSuffix(base, ".tmp") || strings.Contains(base, "___jb_") || base == "4913"
}

// Load reads content/ from the site root: the configuration first (its
// languages decide which file names are valid), then every Markdown file,
// in parallel. It returns nil only when the configuration is unusable.
func Load(ctx context.Context, fsys fs.FS, probs *problem.List) (*Set, error) {
	data, err := fs.ReadFile(fsys, ConfigFile)
	if err != nil {
		probs.Errorf(ConfigFile, 0, 0, "create it; see README.md for an example", "the site configuration is missing")
		return nil, nil
	}
	cfg := ParseConfig(data, probs)
	if cfg == nil {
		return nil, nil
	}
	var files []string
	err = fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			probs.Errorf(p, 0, 0, "check the file's permissions", "cannot read: %v", err)
			return nil
		}
		if d.IsDir() {
			if p != "content" && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if p == ConfigFile || Ignored(p) {
			return nil
		}
		if !strings.HasSuffix(p, ".md") {
			probs.Warnf(p, 0, 0, "content/ holds Markdown files; put images in assets/", "this file is not Markdown and is not used")
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	docs := make([]*Document, len(files))
	langs := cfg.Codes()
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range files {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				probs.Errorf(p, 0, 0, "check the file's permissions", "cannot read: %v", err)
				return nil
			}
			docs[i] = ParseFile(p, data, langs, probs)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("loading content: %w", err)
	}
	return &Set{Config: cfg, Docs: slices.DeleteFunc(docs, func(d *Document) bool { return d == nil })}, nil
}
