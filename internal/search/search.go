// Package search makes the site's search index with Pagefind
// (https://pagefind.app), an npm package with a native binary: it reads the
// built HTML pages, one index per <html lang>, and writes the index and its
// JavaScript API under pagefind/ in the folder it was given. kokeilu build
// runs it on the staging folder before the swap, so a failed index leaves
// the previous output as it was.
//
// Input: the site root (where to look for the binary) and a built folder.
// Output: that folder's pagefind/ subfolder.
package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Version is the Pagefind the project pins (.ci/package.json, netlify.toml).
const Version = "1.6.0"

// Install says in one line how to install Pagefind.
const Install = "no search index: Pagefind is not installed; install it with `npm ci --prefix .ci` " +
	"in the site folder (or put pagefind " + Version + " on PATH: npm install -g pagefind@" + Version + ")"

// Dir is the folder, inside the built site, that holds the index.
const Dir = "pagefind"

// Find returns the Pagefind binary to run, or "" when there is none: the
// pinned copy that `npm ci --prefix .ci` installs from the reviewed
// lockfile, then pagefind on PATH. A node_modules/ elsewhere in the site
// folder is never run: whoever can change the site's files would choose
// the program the build runs.
func Find(root string) string {
	for _, p := range []string{
		filepath.Join(root, ".ci", "node_modules", ".bin", "pagefind"),
	} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	if p, err := exec.LookPath("pagefind"); err == nil {
		return p
	}
	return ""
}

// Stats describes a finished index.
type Stats struct {
	Pages, Languages int
	Duration         time.Duration
}

var indexed = regexp.MustCompile(`Indexed (\d+) (pages|languages)`)

// unused are the files Pagefind writes for its own ready-made interfaces;
// the search page uses only the JavaScript API (pagefind.js, its worker,
// the WebAssembly and the index), so they are not published.
var unused = []string{
	"pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
	"pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
}

// Index runs Pagefind (bin) on the built site in dir. Cancelling ctx stops
// it. On failure the error holds the end of Pagefind's output.
func Index(ctx context.Context, bin, dir string) (*Stats, error) {
	start := time.Now()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "--site", dir, "--output-subdir", Dir)
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
		return nil, fmt.Errorf("%s failed: %w%s", bin, err, tail(out.String()))
	}
	if _, err := os.Stat(filepath.Join(dir, Dir, "pagefind.js")); err != nil {
		return nil, fmt.Errorf("%s wrote no %s/pagefind.js%s", bin, Dir, tail(out.String()))
	}
	for _, f := range unused {
		if err := os.Remove(filepath.Join(dir, Dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
	}
	s := &Stats{Duration: time.Since(start)}
	for _, m := range indexed.FindAllStringSubmatch(out.String(), -1) {
		n, _ := strconv.Atoi(m[1])
		if m[2] == "pages" {
			s.Pages = n
		} else {
			s.Languages = n
		}
	}
	return s, nil
}

// tail is the last lines of Pagefind's output, for an error message.
func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 8 {
		lines = lines[len(lines)-8:]
	}
	if len(lines) == 1 && lines[0] == "" {
		return ""
	}
	return ":\n\t" + strings.Join(lines, "\n\t")
}

// Has reports whether the built site in dir has an index.
func Has(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, Dir, "pagefind.js"))
	return err == nil
}
