// Package assets prepares the files in assets/: stylesheets, scripts and
// icons are minified and given a content hash in their name
// (main.3f9a1c2b.css) so a CDN may cache them for a year.
//
// Input: the site root as an fs.FS. Output: a Set that maps a source name
// (main.css) to its published URL, and the files to write. Images in
// assets/images/ keep their names (/images/x.jpg) so content can link them. Templates reach
// the URLs through render's asset helper.
package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/sitefs"
)

// Dir is the assets folder, from the site root.
const Dir = "assets"

// File is one published asset.
type File struct {
	Name string // source name below assets/: main.css, images/x.jpg
	URL  string // published path: /assets/main.3f9a1c2b.css
	Data []byte // minified where the type allows
}

// Set is every asset of the site, by source name.
type Set struct {
	files map[string]*File
}

// URL returns the published path of an asset, and whether it exists.
func (s *Set) URL(name string) (string, bool) {
	f, ok := s.files[name]
	if !ok {
		return "", false
	}
	return f.URL, true
}

// Files returns every asset sorted by URL.
func (s *Set) Files() []*File {
	out := make([]*File, 0, len(s.files))
	for _, f := range s.files {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b *File) int { return strings.Compare(a.URL, b.URL) })
	return out
}

// ImagesDir holds images that Markdown bodies link to by name
// (![…](/images/x.jpg)); they keep their names and are published at
// /images/. Everything else gets a content hash in its name and lives
// under /assets/, which the CDN may cache for a year.
const ImagesDir = "images"

// Load reads and prepares assets/. A missing folder is an empty set.
func Load(fsys fs.FS, m *minify.Minifier, probs *problem.List) *Set {
	s := &Set{files: map[string]*File{}}
	_ = fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if r, ok := sitefs.Explain(err); ok {
			probs.Errorf(p, 0, 0, r.Hint, "%s", r.Reason)
			return nil
		} else if err != nil {
			if p != Dir {
				probs.Errorf(p, 0, 0, "check the file's permissions", "cannot read: %v", err)
			}
			return nil
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") || strings.HasSuffix(d.Name(), "~") || strings.HasSuffix(d.Name(), ".swp") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if sitefs.Report(probs, p, err) {
			return nil
		}
		name := strings.TrimPrefix(p, Dir+"/")
		out, err := m.Bytes(name, data)
		if err != nil {
			probs.Errorf(p, 0, 0, "fix the syntax error", "cannot minify: %v", err)
			return nil
		}
		url := "/" + name
		if !strings.HasPrefix(name, ImagesDir+"/") {
			sum := sha256.Sum256(out)
			ext := path.Ext(name)
			url = fmt.Sprintf("/%s/%s.%s%s", Dir, strings.TrimSuffix(name, ext), hex.EncodeToString(sum[:])[:10], ext)
		}
		s.files[name] = &File{Name: name, URL: url, Data: out}
		return nil
	})
	return s
}
