// Package serve is `kokeilu serve`, the live preview for editors: it runs
// the engine (the same pipeline as `kokeilu build` and `kokeilu check`)
// into memory, serves the result over HTTP, watches the site root and keeps
// the editor's browser current. It holds no build logic of its own: what
// is stale, what is rendered and which problems the site has are the
// engine's.
//
// Input: a site root folder (content/, layouts/, assets/). Output: an HTTP
// handler that serves the built site from memory, with a small script
// injected into every HTML response (/_kokeilu/reload.js) that listens to
// Server-Sent Events (/_kokeilu/events): a page whose file changed reloads,
// a changed stylesheet is swapped in place, and the site's errors are shown
// in an overlay until they are fixed. Nothing of this reaches `kokeilu build`.
//
// A save becomes one engine run: the watcher coalesces an editor's burst of
// events (temporary files, renames, backups) into one batch, and a batch
// that arrives during a run stops it and starts the next. The pages that
// open live-reload streams show are the run's priority: they are rendered
// and announced first. A site with errors is not rendered: the pages stay
// as they were until the errors are fixed.
package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kokeilu/kokeilu/internal/assets"
	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/engine"
	"github.com/kokeilu/kokeilu/internal/minify"
	"github.com/kokeilu/kokeilu/internal/output"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/render"
	"github.com/kokeilu/kokeilu/internal/sitefs"
)

// The parts of the site root that the preview watches.
const (
	contentDir = "content"
	layoutDir  = render.LayoutDir
	assetDir   = assets.Dir
)

// Options configure a preview server.
type Options struct {
	Root   string        // the site root folder
	Drafts bool          // include drafts
	Logger *slog.Logger  // server logs; nil discards them
	Quiet  time.Duration // how long a burst of file events must be quiet before a rebuild; 0 means DefaultQuiet
	Addr   string        // the -addr host:port; its host is accepted in the Host header (see hostAllowed)
	// Messages is the language of the problems the log shows (kokeilu serve
	// -lang); nil is English. The overlay shows each page's own language.
	Messages *problem.Catalog

	// OnRebuild, if set, is called after the initial render and after every
	// rebuild, from the goroutine that runs them. Tests wait on it.
	OnRebuild func(*Report)
}

// DefaultQuiet is the quiet period that ends a burst of file events. An
// editor's save is a few events microseconds apart; a longer burst (a
// checkout, a copy) that outlasts it only costs a run the next batch
// cancels.
const DefaultQuiet = 10 * time.Millisecond

// Server is a running preview: an engine, a watcher and an HTTP handler.
type Server struct {
	opt      Options
	log      *slog.Logger
	eng      *engine.Engine // used by the loop's runs only, but for Want
	out      *output.Memory
	w        *watcher
	hub      *hub
	homes    []Home
	langsMu  sync.Mutex
	langs    []string      // the served site's language codes
	build    atomic.Uint64 // counts the publications that changed files
	served   bool          // a run without errors was served (used by the loop only)
	closeW   sync.Once
	warned   map[string]bool // warnings already logged
	lastErrs string          // the errors last logged
}

// New checks the site root and starts watching it. Call Run to build and
// serve, or Close to give the watcher up.
func New(ctx context.Context, opt Options) (*Server, error) {
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(filepath.Join(root, contentDir)); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%s has no content/ folder", root)
	}
	if opt.Quiet <= 0 {
		opt.Quiet = DefaultQuiet
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	var id [8]byte
	_, _ = rand.Read(id[:])
	s := &Server{opt: opt, log: log, hub: newHub(hex.EncodeToString(id[:])), warned: map[string]bool{}}
	// Watch before reading, so that no save during the first build is lost.
	s.w, err = newWatcher(root, opt.Quiet, log)
	if err != nil {
		return nil, fmt.Errorf("watching %s: %w", root, err)
	}
	fsys, err := sitefs.Open(root) // nothing outside the root, no FIFO or device
	if err != nil {
		s.Close()
		return nil, err
	}
	m := minify.New()
	s.out = output.NewMemory(m)
	s.eng = engine.New(fsys, engine.Options{Drafts: opt.Drafts, Program: engine.ProgramHash()}, m, nil)
	// The language homes to print; the engine reads site.yaml again and
	// reports its problems.
	if data, err := fs.ReadFile(fsys, content.ConfigFile); err == nil {
		if cfg := content.ParseConfig(data, &problem.List{}); cfg != nil {
			for _, l := range cfg.Languages {
				s.homes = append(s.homes, Home{Code: l.Code, Name: l.Name, Path: "/" + l.Code + "/"})
				s.langs = append(s.langs, l.Code)
			}
		}
	}
	return s, nil
}

// Home is a language's home page.
type Home struct {
	Code, Name string
	Path       string // /fi/
}

// Homes lists each language's home page, in the site's order, as the
// site was at start-up.
func (s *Server) Homes() []Home { return s.homes }

// Close stops watching. Run does it when it returns.
func (s *Server) Close() {
	s.closeW.Do(func() { s.w.fsn.Close() })
}

// Run serves on ln and rebuilds on every change until ctx is done; then it
// closes the event streams, shuts the HTTP server down and returns once
// every goroutine it started has ended.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	defer s.Close()
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	wctx, stopWatch := context.WithCancel(ctx)
	changes := make(chan []string)
	watched := make(chan error, 1)
	go func() { watched <- s.w.run(wctx, changes) }()

	err := s.loop(ctx, changes, served)

	stopWatch()
	<-watched
	s.hub.close()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if e := srv.Shutdown(sctx); e != nil && err == nil {
		err = e
	}
	if e := <-served; e != nil && !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// loop runs the engine once for the whole site, then again for every
// batch of changes, until ctx is done or the HTTP server fails. A batch
// that arrives during a run cancels it; the next run takes both batches.
func (s *Server) loop(ctx context.Context, changes <-chan []string, served chan error) error {
	type outcome struct {
		rep *Report
		err error
	}
	var pending []string
	for {
		rctx, cancel := context.WithCancel(ctx)
		done := make(chan outcome, 1)
		batch := pending
		go func() {
			rep, err := s.rebuild(rctx, batch)
			done <- outcome{rep, err}
		}()
		var o outcome
		select {
		case <-ctx.Done():
			cancel()
			<-done
			return nil
		case err := <-served:
			cancel()
			<-done
			served <- err // Run reads it again
			return fmt.Errorf("serving: %w", err)
		case more := <-changes:
			cancel()
			if o = <-done; o.err != nil {
				// Stopped half-way: the next run reads both batches.
				pending = slices.Concat(batch, more)
				continue
			}
			pending = more
		case o = <-done:
			pending = nil
		}
		cancel()
		if o.err != nil {
			if ctx.Err() != nil {
				return nil
			}
			s.log.Error("rebuilding", "err", o.err)
		} else {
			s.publish(o.rep)
		}
		if pending != nil {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case err := <-served:
			served <- err
			return fmt.Errorf("serving: %w", err)
		case pending = <-changes:
		}
	}
}

// rebuild runs the engine for the changed paths, the pages that open
// streams show first.
func (s *Server) rebuild(ctx context.Context, changed []string) (*Report, error) {
	start := time.Now()
	first := !s.served // nothing was served before: every open page is a 404 to reload
	var priority []string
	for _, p := range s.hub.pages() {
		priority = append(priority, fileOf(p))
	}
	rep := &Report{Changed: relevant(changed)}
	// Stylesheets alone: open pages differ only in the link's href, which
	// the browser swaps without reloading, so they are not announced early.
	styles := len(rep.Changed) > 0 && !slices.ContainsFunc(rep.Changed, func(p string) bool {
		return !strings.HasPrefix(p, assetDir+"/") || path.Ext(p) != ".css"
	})
	var early map[string]bool
	res, err := s.eng.Run(ctx, changed, s.out, priority, func(r *engine.Result) {
		e := &Report{Changed: rep.Changed, Early: true, Committed: true, Problems: r.Problems, First: r.First}
		early = map[string]bool{}
		for _, p := range r.Written {
			early[p] = true
			e.Updated = append(e.Updated, urlOf(p))
		}
		e.Rendered = len(r.Written)
		if !styles {
			s.publish(e)
		}
		rep.First = r.First
	})
	if err != nil {
		return nil, err
	}
	rep.Problems, rep.Committed, rep.Duration = res.Problems, res.Rendered, time.Since(start)
	rep.Rendered = len(res.Written) - len(res.Assets)
	cssOnly := len(rep.Changed) > 0
	for _, p := range rep.Changed {
		if top, _, _ := strings.Cut(p, "/"); top != assetDir {
			cssOnly = false
		}
	}
	for _, name := range res.Assets {
		f, _ := s.assetURL(name, res.Written)
		if path.Ext(name) == ".css" && !first {
			rep.Styles = append(rep.Styles, Style{Name: strings.TrimPrefix(name, assetDir+"/"), URL: f})
		} else {
			cssOnly = false
			rep.ReloadAll = !first
		}
	}
	assetFiles := map[string]bool{}
	for _, f := range rep.Styles {
		assetFiles[strings.TrimPrefix(f.URL, "/")] = true
	}
	for _, p := range res.Written {
		if !early[p] && !assetFiles[p] && !strings.HasPrefix(p, assetDir+"/") {
			rep.Updated = append(rep.Updated, urlOf(p))
		}
	}
	if cssOnly && len(rep.Styles) > 0 {
		// Only stylesheets changed: the pages differ only in the link's
		// href, which the browser swaps without reloading.
		rep.Updated = nil
	}
	for _, p := range res.Removed {
		if !strings.HasPrefix(p, assetDir+"/") { // an old stylesheet is swapped, not reloaded
			rep.Removed = append(rep.Removed, urlOf(p))
		}
	}
	if first && res.Rendered {
		rep.Updated, rep.Removed, rep.ReloadAll, s.served = nil, nil, true, true
	}
	if len(rep.Updated)+len(rep.Removed) > maxListed {
		rep.ReloadAll = true
	}
	if cfg := s.eng.Config(); cfg != nil && res.Rendered {
		s.langsMu.Lock()
		s.langs = cfg.Codes()
		s.langsMu.Unlock()
	}
	return rep, nil
}

// assetURL finds the published path of an asset written in this run.
func (s *Server) assetURL(name string, written []string) (string, bool) {
	base := strings.TrimSuffix(path.Base(name), path.Ext(name))
	for _, p := range written {
		if strings.HasPrefix(p, assetDir+"/") && strings.HasPrefix(path.Base(p), base+".") && path.Ext(p) == path.Ext(name) {
			return "/" + p, true
		}
	}
	return "", false
}

// relevant keeps the changed paths the site is made of.
func relevant(changed []string) []string {
	var out []string
	for _, p := range changed {
		top, _, _ := strings.Cut(p, "/")
		if (top == contentDir || top == layoutDir || top == assetDir) && !content.Ignored(p) {
			out = append(out, p)
		}
	}
	return out
}

// file returns a served file. During a run, a file not rendered yet is
// rendered next, and the request waits for it.
func (s *Server) file(ctx context.Context, name string) ([]byte, uint64, bool) {
	if data, ok := s.out.Get(name); ok {
		return data, s.gen(), true
	}
	select {
	case <-s.eng.Want(name):
	case <-ctx.Done():
		return nil, 0, false
	}
	data, ok := s.out.Get(name)
	return data, s.gen(), ok
}

// publish logs a build, tells the browsers, and calls the test hook.
func (s *Server) publish(rep *Report) {
	errs := rep.Errors()
	if rep.Early {
		gen := s.build.Add(1)
		s.hub.publish(gen, errorsJSON(errs), newEvent("reload", reloadData{Build: gen, Paths: rep.Updated}))
		if s.opt.OnRebuild != nil {
			s.opt.OnRebuild(rep)
		}
		return
	}
	for _, p := range rep.Problems {
		if p.Severity == problem.Warning && !s.warned[p.String()] {
			s.warned[p.String()] = true
			t := s.opt.Messages.Problem(p)
			s.log.Warn(position(p), "problem", t.Message, "hint", t.Hint)
		}
	}
	var key strings.Builder
	for _, p := range errs {
		key.WriteString(p.String() + "\n")
	}
	if key.String() != s.lastErrs || len(rep.Changed) > 0 {
		for _, p := range errs {
			t := s.opt.Messages.Problem(p)
			s.log.Error(position(p), "problem", t.Message, "hint", t.Hint)
		}
	}
	s.lastErrs = key.String()
	switch {
	case len(rep.Changed) == 0:
		s.log.Info("rendered", "files", rep.Rendered, "ms", rep.Duration.Milliseconds())
	case rep.Committed:
		attrs := []any{"changed", summary(rep.Changed), "rendered", rep.Rendered,
			"updated", len(rep.Updated) + len(rep.Removed), "ms", rep.Duration.Milliseconds()}
		if rep.First > 0 {
			// The open pages were served first; the rest followed.
			attrs = append(attrs, "page_ms", rep.First.Milliseconds())
		}
		s.log.Info("rebuilt", attrs...)
	default:
		s.log.Error("not rebuilt: fix the errors; the preview shows the pages as they were",
			"changed", summary(rep.Changed), "errors", len(errs), "ms", rep.Duration.Milliseconds())
	}

	gen := s.gen()
	var evs []event
	if rep.Committed && (len(rep.Updated)+len(rep.Removed)+len(rep.Styles) > 0 || rep.ReloadAll) {
		gen = s.build.Add(1)
		if len(rep.Styles) > 0 {
			evs = append(evs, newEvent("css", cssData{Build: gen, Styles: rep.Styles}))
		}
		paths := append(append([]string{}, rep.Updated...), rep.Removed...)
		evs = append(evs, newEvent("reload", reloadData{Build: gen, All: rep.ReloadAll, Paths: paths}))
	}
	s.hub.publish(gen, errorsJSON(errs), evs...)
	if s.opt.OnRebuild != nil {
		s.opt.OnRebuild(rep)
	}
}

// languages are the served site's language codes.
func (s *Server) languages() []string {
	s.langsMu.Lock()
	defer s.langsMu.Unlock()
	return s.langs
}

// gen is the served build's number.
func (s *Server) gen() uint64 { return s.build.Load() }

// errorsJSON gives the overlay each problem in English and in every
// language a catalog has, so that a page shows it in its own language
// whichever page is open.
func errorsJSON(errs []problem.Problem) []problemJSON {
	list := make([]problemJSON, len(errs))
	for i, p := range errs {
		j := problemJSON{File: p.File, Line: p.Line, Col: p.Col, Message: p.Message, Hint: p.Hint}
		for _, lang := range problem.Languages {
			t := problem.CatalogFor(lang).Problem(p)
			if j.Text == nil {
				j.Text = map[string]problemText{}
			}
			j.Text[lang] = problemText{Message: t.Message, Hint: t.Hint}
		}
		list[i] = j
	}
	return list
}

type cssData struct {
	Build  uint64  `json:"build"`
	Styles []Style `json:"styles"`
}

type reloadData struct {
	Build uint64   `json:"build"`
	All   bool     `json:"all"`
	Paths []string `json:"paths"`
}

// position is a problem's place as editors and terminals link it.
func position(p problem.Problem) string {
	s := p.File
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
		if p.Col > 0 {
			s += fmt.Sprintf(":%d", p.Col)
		}
	}
	return s
}

// summary names the changed paths, the first few of many.
func summary(paths []string) string {
	const most = 3
	if len(paths) <= most {
		return strings.Join(paths, " ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:most], " "), len(paths)-most)
}
