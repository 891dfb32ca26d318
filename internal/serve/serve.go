// Package serve is `kokeilu serve`, the live preview for editors: it builds
// the site into memory, serves it over HTTP, watches the site root and keeps
// the editor's browser current.
//
// Input: a site root folder (content/, layouts/, assets/). Output: an HTTP
// handler that serves the built site from memory, with a small script
// injected into every HTML response (/_kokeilu/reload.js) that listens to
// Server-Sent Events (/_kokeilu/events): a page whose file changed reloads,
// a changed stylesheet is swapped in place, and build errors are shown in an
// overlay until they are fixed. Nothing of this reaches `kokeilu build`.
//
// A save becomes a rebuild of what it can change: the watcher coalesces an
// editor's burst of events (temporary files, renames, backups) into one
// batch; the builder re-reads only the changed files, links the site again
// and renders only the files whose Sources or page signature changed (see
// render.Job.Signature), or, when a file's frontmatter is unchanged, only
// the pages that show its body. A build with an error the served build did
// not have is not served: the pages stay as they were until it is fixed.
package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/site"
	"github.com/kokeilu/kokeilu/internal/sitefs"
)

// Options configure a preview server.
type Options struct {
	Root   string        // the site root folder
	Drafts bool          // include drafts
	Logger *slog.Logger  // server logs; nil discards them
	Quiet  time.Duration // how long a burst of file events must be quiet before a rebuild; 0 means 30 ms
	Addr   string        // the -addr host:port; its host is accepted in the Host header (see hostAllowed)

	// OnRebuild, if set, is called after the initial render and after every
	// rebuild, from the goroutine that runs them. Tests wait on it.
	OnRebuild func(*Report)
}

// DefaultQuiet is the quiet period that ends a burst of file events.
const DefaultQuiet = 30 * time.Millisecond

// Server is a running preview: a builder, a watcher and an HTTP handler.
type Server struct {
	opt      Options
	log      *slog.Logger
	b        *builder
	w        *watcher
	hub      *hub
	first    *Report
	homes    []Home
	closeW   sync.Once
	warned   map[string]bool // warnings already logged
	lastErrs string          // the errors last logged
}

// New reads and links the site and starts watching its folder. Pages are
// rendered when first asked for and, once Run starts, in the background.
// Call Run to serve, or Close to give the watcher up.
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
	s.b = newBuilder(fsys, site.Options{Drafts: opt.Drafts})
	s.b.early = s.publish
	rep, err := s.b.load(ctx)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.first = rep
	if cfg := s.b.cfg; cfg != nil {
		for _, l := range cfg.Languages {
			s.homes = append(s.homes, Home{Code: l.Code, Name: l.Name, Path: "/" + l.Code + "/"})
		}
	}
	s.publish(rep)
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

// FirstBuild describes the build New made.
func (s *Server) FirstBuild() *Report { return s.first }

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

// loop renders the first build's files, then rebuilds on every batch of
// changes, until ctx is done or the HTTP server fails.
func (s *Server) loop(ctx context.Context, changes <-chan []string, served chan error) error {
	rep, err := s.b.renderLazy(ctx)
	if err != nil {
		return quiet(ctx, err)
	}
	s.log.Info("rendered", "files", rep.Rendered, "ms", rep.Duration.Milliseconds())
	s.publish(rep)
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-served:
			served <- err // Run reads it again
			return fmt.Errorf("serving: %w", err)
		case batch := <-changes:
			rep, err := s.b.update(ctx, batch)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				s.log.Error("rebuilding", "err", err)
				continue
			}
			s.publish(rep)
		}
	}
}

func quiet(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// publish logs a build, tells the browsers, and calls the test hook.
func (s *Server) publish(rep *Report) {
	errs := rep.Errors()
	if rep.Early {
		gen := s.gen()
		s.hub.publish(gen, errorsJSON(errs), newEvent("reload", reloadData{Build: gen, Paths: rep.Updated}))
		if s.opt.OnRebuild != nil {
			s.opt.OnRebuild(rep)
		}
		return
	}
	for _, p := range rep.Problems {
		if p.Severity == problem.Warning && !s.warned[p.String()] {
			s.warned[p.String()] = true
			s.log.Warn(position(p), "problem", p.Message, "hint", p.Hint)
		}
	}
	var key strings.Builder
	for _, p := range errs {
		key.WriteString(p.String() + "\n")
	}
	if key.String() != s.lastErrs || len(rep.Changed) > 0 {
		for _, p := range errs {
			s.log.Error(position(p), "problem", p.Message, "hint", p.Hint)
		}
	}
	s.lastErrs = key.String()
	if len(rep.Changed) > 0 {
		if rep.Committed {
			attrs := []any{"changed", summary(rep.Changed), "rendered", rep.Rendered,
				"updated", len(rep.Updated) + len(rep.Removed), "ms", rep.Duration.Milliseconds()}
			if rep.First > 0 {
				// The edited page was served first; the lists followed.
				attrs = append(attrs, "page_ms", rep.First.Milliseconds())
			}
			s.log.Info("rebuilt", attrs...)
		} else {
			s.log.Error("not rebuilt: fix the new error; the preview shows the pages as they were",
				"changed", summary(rep.Changed), "errors", len(errs), "ms", rep.Duration.Milliseconds())
		}
	}

	gen := s.gen()
	var evs []event
	if rep.Committed && len(rep.Changed) > 0 {
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

// gen is the served build's number.
func (s *Server) gen() uint64 {
	s.b.mu.RLock()
	defer s.b.mu.RUnlock()
	return s.b.gen
}

func errorsJSON(errs []problem.Problem) []problemJSON {
	list := make([]problemJSON, len(errs))
	for i, p := range errs {
		list[i] = problemJSON{File: p.File, Line: p.Line, Col: p.Col, Message: p.Message, Hint: p.Hint}
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
