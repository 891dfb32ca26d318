// Package build runs the engine once for `kokeilu build` and `kokeilu
// check`: the same pipeline the preview drives (see package engine), with
// its state kept on disk beside the output folder for build and none for
// check. A build with errors writes nothing: the previous output stays as
// it was.
//
// Input: the site root as an fs.FS and options. Output: a Result (counts,
// problems) and, for Build, the output folder replaced in one step.
package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/kokeilu/kokeilu/internal/engine"
	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/output"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/search"
)

// Options for one run.
type Options struct {
	Drafts  bool      // include drafts
	BaseURL string    // override site.yaml's baseURL
	Today   time.Time // the reference date for "current and upcoming" (see site.Options)
	// Pagefind is the search indexer to run on the new output before the
	// swap (see package search); "" builds no index.
	Pagefind string
	// ContentSize, if set, is called once the inputs are scanned, before
	// anything large is read, with the bytes of the files under content/
	// (the command sets the memory limit from it).
	ContentSize func(bytes int64)
}

func (o Options) engine(program uint64) engine.Options {
	return engine.Options{Drafts: o.Drafts, BaseURL: o.BaseURL, Today: o.Today, Program: program,
		// Both throw away what a run with errors rendered (lazyDir, Discard).
		LazyBodies: true}
}

// Result describes a finished run.
type Result struct {
	Pages    map[string]int // HTML pages per language code
	Files    int            // files in the output
	Written  int            // files whose bytes changed
	Kept     int            // files left as they were
	Rendered int            // files rendered; the others were unchanged inputs
	Search   *search.Stats  // the search index made, nil when none was
	Duration time.Duration
	Problems []problem.Problem // errors and warnings, sorted
}

// Summary is the one line `kokeilu build` prints at the end.
func (r *Result) Summary(langs []string) string {
	var idx string
	if r.Search != nil {
		idx = fmt.Sprintf(", a search index of %d pages (%d ms),", r.Search.Pages, r.Search.Duration.Milliseconds())
	}
	return fmt.Sprintf("%s; %d files (%d rendered, %d written, %d unchanged)%s in %d ms",
		r.pages(langs), r.Files, r.Rendered, r.Written, r.Kept, idx, r.Duration.Milliseconds())
}

// PageSummary is the line `kokeilu check` prints: it writes no files.
func (r *Result) PageSummary(langs []string) string {
	return fmt.Sprintf("%s checked in %d ms", r.pages(langs), r.Duration.Milliseconds())
}

func (r *Result) pages(langs []string) string {
	var parts []string
	for _, l := range langs {
		parts = append(parts, fmt.Sprintf("%s %d", l, r.Pages[l]))
	}
	return "pages: " + strings.Join(parts, ", ")
}

func result(r *engine.Result, start time.Time) *Result {
	return &Result{Pages: r.Pages, Files: r.Files, Rendered: len(r.Written) - len(r.Assets),
		Problems: r.Problems, Duration: time.Since(start)}
}

// ErrProblems is returned when the content has errors; the Result lists them.
var ErrProblems = errors.New("the site has errors")

// Check runs the engine into nothing and returns every problem, warnings
// (such as outdated translations) included: every page is rendered, so
// every template problem shows.
func Check(ctx context.Context, fsys fs.FS, opt Options) (*Result, error) {
	start := time.Now()
	e := engine.New(fsys, opt.engine(0), minify.New(), nil)
	r, err := e.Run(ctx, nil, engine.Discard{}, nil, nil)
	if err != nil {
		return nil, err
	}
	res := result(r, start)
	res.Rendered = 0
	return res, nil
}

// Build renders the site into the folder out. Files whose keys are as in
// the previous build are kept from it without rendering; when nothing
// changed the folder is not touched at all. On any error the previous
// output stays as it was.
func Build(ctx context.Context, fsys fs.FS, out string, opt Options) (*Result, error) {
	start := time.Now()
	program := engine.ProgramHash()
	key := buildKey(program, opt)
	prev := readState(out)
	var state *engine.State // the engine checks that it is its own
	var oldIn, oldOut map[string]fileSig
	if prev != nil {
		defer prev.close()
		oldIn, oldOut = prev.Files.Inputs, prev.Files.Outputs
	}
	inputs, inChanged := scanInputs(fsys, oldIn, start)
	if opt.ContentSize != nil {
		var size int64
		for p, s := range inputs {
			if strings.HasPrefix(p, "content/") {
				size += s.Size
			}
		}
		opt.ContentSize(size)
	}
	damaged, extra, inodes := scanOutput(out, oldOut)
	if prev != nil && prev.Files.Key == key && !inChanged && len(damaged) == 0 && !extra && (opt.Pagefind == "" || search.Has(out)) {
		// Nothing changed and the output is exactly what the last build
		// left: the site need not even be read.
		output.Tidy(out)
		m := prev.Files
		return &Result{Pages: m.Pages, Files: m.Files, Kept: m.Files, Problems: m.Problems, Duration: time.Since(start)}, nil
	}
	if prev != nil {
		state = prev.engineState()
	}
	if state != nil {
		// A damaged output file is rendered again, not kept.
		for name := range damaged {
			delete(state.Keys, name)
		}
	}
	m := minify.New()
	e := engine.New(fsys, opt.engine(program), m, state)
	o := &lazyDir{out: out, min: m}
	if !extra && oldOut != nil {
		// The output holds just what the last build left (damaged files
		// aside), so its folders are those of the record.
		o.outDirs = folders(oldOut)
	}
	o.outIno = inodes
	r, err := e.Run(ctx, nil, o, nil, nil)
	if err == nil {
		err = o.err()
	}
	if err != nil {
		o.abort()
		return nil, err
	}
	res := result(r, start)
	if !r.Rendered {
		o.abort()
		res.Rendered = 0
		return res, ErrProblems
	}
	if err := ctx.Err(); err != nil {
		o.abort() // stopped (Ctrl-C): the previous output stays
		return nil, err
	}
	files := &manifest{Key: key, Inputs: inputs, Pages: res.Pages, Files: res.Files, Problems: res.Problems}
	if o.dir == nil && len(r.Removed) == 0 && !extra && (opt.Pagefind == "" || search.Has(out)) {
		// Nothing changed and every file is in place: leave the output
		// folder alone altogether (but remove what killed builds left).
		output.Tidy(out)
		files.Outputs = oldOut
		_ = writeState(out, e.State(), files)
		res.Kept = res.Files
		res.Duration = time.Since(start)
		return res, nil
	}
	if err := o.open(); err != nil {
		return nil, err
	}
	if opt.Pagefind != "" {
		staging, err := o.dir.Staging()
		if err != nil {
			o.abort()
			return nil, err
		}
		st, err := search.Index(ctx, opt.Pagefind, staging)
		if err != nil {
			o.abort()
			if ctx.Err() != nil {
				return nil, err
			}
			return nil, fmt.Errorf("making the search index: %w; nothing was written, %s is as it was", err, out)
		}
		if err := o.dir.LinkUnchanged(search.Dir); err != nil {
			o.abort()
			return nil, err
		}
		res.Search = st
	}
	// The state is dropped before the swap and written after it, so it
	// never describes an output folder it does not match.
	os.Remove(statePath(out))
	if err := o.dir.Commit(); err != nil {
		return nil, err
	}
	// Only now is the output what the state will describe. Should
	// recording it fail, no state is better than a wrong one.
	if files.Outputs, err = recordOutput(out, oldOut, time.Now(), o.dir.Wrote); err == nil {
		_ = writeState(out, e.State(), files) // a missing state only makes the next build slower
	}
	res.Written, res.Kept = o.dir.Stats()
	res.Duration = time.Since(start)
	return res, nil
}

// buildKey sums up what the output depends on besides the input files:
// the program and the options.
func buildKey(program uint64, opt Options) uint64 {
	h := xxhash.New()
	fmt.Fprintf(h, "%d\x00%t\x00%q\x00%s", program, opt.Drafts, opt.BaseURL, opt.Today.Format(time.RFC3339))
	return h.Sum64()
}
