package engine

import (
	"context"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/kokeilu/kokeilu/internal/assets"
	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/render"
)

// The parts of the site root the engine reads.
const (
	contentDir = "content"
	layoutDir  = render.LayoutDir
	assetDir   = assets.Dir
)

// inputs are the site's sources as last read, each with its problems, so
// that a change re-reads only what it touched. Everything here is what a
// fresh content.Load, render.LoadTemplates and assets.Load would give for
// the same tree: the engine's state never holds anything a fresh build
// would not.
type inputs struct {
	cfg       *content.Config
	loadProbs []problem.Problem            // content.Load's problems that belong to no document (site.yaml, folders, other files)
	docs      map[string]*content.Document // by path
	fileProbs map[string][]problem.Problem // by path: each Markdown file's own problems
	order     []string                     // the keys of docs, sorted; nil when it must be made again
	tpl       *render.Templates            // nil when the configuration is unusable
	tplProbs  []problem.Problem            //
	tplHash   uint64                       // of every file under layouts/
	assets    *assets.Set                  //
	astProbs  []problem.Problem            //
	astHash   uint64                       // of the assets' names and URLs (what pages show of them)
	cfgHash   uint64                       // of site.yaml's bytes
	// relink: since the site was last linked, documents came or went, or
	// everything was read again. Otherwise reread are the documents read
	// again since then, which site.Relink can link into the site as it is.
	relink bool
	reread map[string]*content.Document
	checks *content.BodyChecks // the bodies known to pass content's body checks
}

func newInputs(checks *content.BodyChecks) *inputs {
	return &inputs{docs: map[string]*content.Document{}, fileProbs: map[string][]problem.Problem{},
		relink: true, reread: map[string]*content.Document{}, checks: checks}
}

// what a change touches.
type touched struct {
	all, config, layouts, assets bool
	files                        []string // under content/
}

// classify sorts changed paths (slash paths from the site root, files or
// folders, existing or not) by what they touch.
func classify(changed []string) touched {
	var t touched
	for _, p := range changed {
		p = strings.Trim(path.Clean("/"+p), "/")
		top, _, _ := strings.Cut(p, "/")
		switch {
		case p == "" || p == ".":
			t.all = true
		case p == content.ConfigFile:
			t.config = true
		case hidden(p):
		case top == contentDir:
			t.files = append(t.files, p)
		case top == layoutDir:
			t.layouts = true
		case top == assetDir:
			t.assets = true
		}
	}
	return t
}

// hidden reports whether a path is or is inside a hidden file or folder,
// which the site never reads.
func hidden(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// update reads again what changed.
func (in *inputs) update(ctx context.Context, fsys fs.FS, m *minify.Minifier, t touched) error {
	full := t.all || t.config || in.cfg == nil && len(t.files) > 0
	var single []string
	if !full {
		for _, p := range t.files {
			switch in.kind(fsys, p) {
			case fileEdit:
				single = append(single, p)
			case fileGone:
				in.drop(p)
			case folderOrOther:
				full = true
			}
		}
	}
	if full {
		if err := in.loadContent(ctx, fsys); err != nil {
			return err
		}
		t.layouts = true // the languages decide which UI-string files there are
	} else if len(single) > 0 && in.cfg != nil {
		langs := in.cfg.Codes()
		for _, p := range single {
			probs := &problem.List{}
			d := content.ReadFile(fsys, p, langs, probs, in.checks)
			in.fileProbs[p] = probs.All()
			_, had := in.docs[p]
			if had != (d != nil) {
				in.order = nil
				in.relink = true
			}
			if d == nil {
				delete(in.docs, p)
			} else {
				in.docs[p] = d
				in.reread[p] = d
			}
		}
	}
	if t.all || t.layouts || in.tpl == nil && in.cfg != nil {
		in.loadTemplates(fsys, m)
	}
	if t.all || t.assets || in.assets == nil {
		probs := &problem.List{}
		in.assets = assets.Load(fsys, m, probs)
		in.astProbs = probs.All()
		in.astHash = assetsHash(in.assets)
	}
	return nil
}

type changeKind int

const (
	fileEdit      changeKind = iota // a Markdown file that is there: read it
	fileGone                        // a file that was read before and is gone, or a temporary file: forget it
	folderOrOther                   // a folder, or a file that is not Markdown: read content/ again
)

// kind says how to bring one changed path under content/ up to date.
func (in *inputs) kind(fsys fs.FS, p string) changeKind {
	if content.Ignored(p) {
		return fileGone // an editor's temporary file: never content, never known
	}
	fi, err := fs.Stat(fsys, p)
	switch {
	case err != nil && (in.holds(p+"/") || slices.ContainsFunc(in.loadProbs, func(pr problem.Problem) bool { return pr.File == p })):
		return folderOrOther // a folder went, or a file content.Load reported (not Markdown)
	case err != nil:
		return fileGone
	case fi.Mode().IsRegular() && strings.HasSuffix(p, ".md") && !in.holds(p+"/"):
		return fileEdit
	}
	return folderOrOther
}

// holds reports whether a document or a file's problems live below prefix.
func (in *inputs) holds(prefix string) bool {
	for q := range in.fileProbs {
		if strings.HasPrefix(q, prefix) {
			return true
		}
	}
	for q := range in.docs {
		if strings.HasPrefix(q, prefix) {
			return true
		}
	}
	for _, pr := range in.loadProbs {
		if strings.HasPrefix(pr.File, prefix) {
			return true
		}
	}
	return false
}

// drop forgets a file that is gone.
func (in *inputs) drop(p string) {
	if _, ok := in.docs[p]; ok {
		delete(in.docs, p)
		in.order = nil
		in.relink = true
	}
	delete(in.fileProbs, p)
}

// loadContent reads site.yaml and every file of content/ again, as
// content.Load does, and files its problems by document.
func (in *inputs) loadContent(ctx context.Context, fsys fs.FS) error {
	in.relink = true
	probs := &problem.List{}
	set, err := content.Load(ctx, fsys, probs, in.checks)
	if err != nil {
		return err
	}
	in.cfgHash = fileHash(fsys, content.ConfigFile)
	in.cfg, in.order, in.loadProbs = nil, nil, nil
	clear(in.docs)
	clear(in.fileProbs)
	if set != nil {
		in.cfg = set.Config
		for _, d := range set.Docs {
			in.docs[d.Path] = d
		}
	}
	for _, p := range probs.All() {
		if _, isDoc := in.docs[p.File]; isDoc || isMarkdown(p.File) {
			in.fileProbs[p.File] = append(in.fileProbs[p.File], p)
		} else {
			in.loadProbs = append(in.loadProbs, p)
		}
	}
	return nil
}

func isMarkdown(p string) bool {
	return strings.HasPrefix(p, contentDir+"/") && strings.HasSuffix(p, ".md") && !content.Ignored(p)
}

func (in *inputs) loadTemplates(fsys fs.FS, m *minify.Minifier) {
	in.tpl, in.tplProbs, in.tplHash = nil, nil, 0
	if in.cfg == nil {
		return
	}
	probs := &problem.List{}
	in.tpl = render.LoadTemplates(fsys, in.cfg.Codes(), m, probs)
	in.tplProbs = probs.All()
	h := newHash()
	_ = fs.WalkDir(fsys, layoutDir, func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			h.str(name)
			h.mix(fileHash(fsys, name))
		}
		return nil
	})
	in.tplHash = h.sum()
}

// linked says the site was linked from the documents as they now are.
func (in *inputs) linked() {
	in.relink = false
	clear(in.reread)
}

// set is the documents as content.Load returns them: sorted by path.
func (in *inputs) set() *content.Set {
	if in.order == nil {
		in.order = slices.Sorted(maps.Keys(in.docs))
	}
	docs := make([]*content.Document, len(in.order))
	for i, p := range in.order {
		docs[i] = in.docs[p]
	}
	return &content.Set{Config: in.cfg, Docs: docs}
}

// problems gathers every input's problems.
func (in *inputs) problems(probs *problem.List) {
	for _, list := range [][]problem.Problem{in.loadProbs, in.tplProbs, in.astProbs} {
		for _, p := range list {
			probs.Add(p)
		}
	}
	for _, list := range in.fileProbs {
		for _, p := range list {
			probs.Add(p)
		}
	}
}

func assetsHash(s *assets.Set) uint64 {
	h := newHash()
	for _, f := range s.Files() {
		h.str(f.Name)
		h.str(f.URL)
	}
	return h.sum()
}

func fileHash(fsys fs.FS, name string) uint64 {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return 0
	}
	h := newHash()
	h.str(string(data))
	return h.sum()
}
