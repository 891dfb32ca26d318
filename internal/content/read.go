package content

import (
	"io/fs"

	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/sitefs"
)

// ReadFile reads and parses one Markdown file of content/ exactly as Load
// does, for callers that read a changed file again (the engine). langs are
// the configured language codes; checks, if not nil, are the bodies
// known to pass the body checks (see BodyChecks). It returns nil when the file cannot be
// read or has no usable document; the reasons go to probs.
func ReadFile(fsys fs.FS, p string, langs []string, probs *problem.List, checks *BodyChecks) *Document {
	data, err := fs.ReadFile(fsys, p)
	if sitefs.Report(probs, p, err) {
		return nil
	}
	return parseFile(p, data, langs, probs, checks)
}
