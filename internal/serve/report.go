package serve

import (
	"slices"
	"strings"
	"time"

	"github.com/kokeilu/kokeilu/internal/problem"
)

// Report describes one run of the engine as the preview publishes it.
type Report struct {
	Changed   []string          // the files and folders that changed, slash paths from the site root
	Rendered  int               // files rendered
	Updated   []string          // URL paths rendered anew (for an early report: the open pages)
	Removed   []string          // URL paths that no longer exist
	Styles    []Style           // stylesheets published under a new URL
	ReloadAll bool              // every page must reload (a changed image or script, or many pages)
	Committed bool              // the site had no errors and the preview serves it; false: the pages stay as they were
	Early     bool              // only the open pages are served yet; the rest of the run follows
	First     time.Duration     // when the open pages were served, from the start of the run
	Problems  []problem.Problem // errors and warnings of the site as it now is, sorted
	Duration  time.Duration
}

// Style is a stylesheet's new URL.
type Style struct {
	Name string `json:"name"` // below assets/: main.css
	URL  string `json:"url"`  // /assets/main.0123456789.css
}

// Errors are the problems that stop the build.
func (r *Report) Errors() []problem.Problem {
	return slices.DeleteFunc(slices.Clone(r.Problems), func(p problem.Problem) bool { return p.Severity != problem.Error })
}

// maxListed is how many changed URLs an event lists before it tells every
// page to reload instead.
const maxListed = 500

// urlOf turns an output file (fi/x/index.html) into its URL path (/fi/x/).
func urlOf(file string) string {
	if file == "index.html" {
		return "/"
	}
	if d, ok := strings.CutSuffix(file, "/index.html"); ok {
		return "/" + d + "/"
	}
	return "/" + file
}

// fileOf turns a URL path (/fi/x/) into its output file (fi/x/index.html).
func fileOf(url string) string {
	name := strings.TrimPrefix(url, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	return name
}
