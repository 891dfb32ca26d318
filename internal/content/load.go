package content

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/sitefs"
)

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
// checks, if not nil, are the bodies known to pass the body checks (see
// BodyChecks).
func Load(ctx context.Context, fsys fs.FS, probs *problem.List, checks *BodyChecks) (*Set, error) {
	data, err := fs.ReadFile(fsys, ConfigFile)
	if r, ok := sitefs.Explain(err); ok {
		probs.Errorf(ConfigFile, 0, 0, r.Hint, "%s", r.Reason)
		return nil, nil
	} else if err != nil {
		probs.Errorf(ConfigFile, 0, 0, "create it; see docs/editing.md for an example", "the site configuration is missing")
		return nil, nil
	}
	cfg := ParseConfig(data, probs)
	if cfg == nil {
		return nil, nil
	}
	var files []string
	err = fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if sitefs.Report(probs, p, err) {
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
			docs[i] = ReadFile(fsys, p, langs, probs, checks)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("loading content: %w", err)
	}
	return &Set{Config: cfg, Docs: slices.DeleteFunc(docs, func(d *Document) bool { return d == nil })}, nil
}
