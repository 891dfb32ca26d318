// Command kokeilu builds the bilingual experiments site: `kokeilu build`
// writes public/, `kokeilu check` reports every problem without writing,
// `kokeilu serve` previews while editing, `kokeilu new` starts a file pair,
// `kokeilu import` turns form submissions into drafts.
// This file only parses flags and calls the packages in internal/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"github.com/kokeilu/kokeilu/internal/build"
	"github.com/kokeilu/kokeilu/internal/content"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/search"
	"github.com/kokeilu/kokeilu/internal/sitefs"
)

// Exit statuses.
const (
	exitOK      = 0
	exitContent = 1 // content or build errors
	exitUsage   = 2
)

func main() {
	ctx, stop := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		if sig, ok := <-sigs; ok {
			signal.Stop(sigs) // a second Ctrl-C ends the process at once
			stop(stoppedBy{sig})
		}
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	// A command that a signal stopped exits as the shell expects of it:
	// 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM).
	var s stoppedBy
	if code != exitOK && errors.As(context.Cause(ctx), &s) {
		if n, ok := s.sig.(syscall.Signal); ok {
			code = 128 + int(n)
		}
	}
	os.Exit(code)
}

// stoppedBy is the cause of the context of a command stopped by a signal.
type stoppedBy struct{ sig os.Signal }

func (s stoppedBy) Error() string {
	if s.sig == os.Interrupt {
		return "stopped by Ctrl-C (SIGINT)"
	}
	return "stopped by SIGTERM"
}

const usage = `kokeilu builds the bilingual (Finnish and Swedish) experiments site.

Usage:
  kokeilu build [-src DIR] [-out DIR] [-drafts] [-baseurl URL] [-date YYYY-MM-DD] [-lang fi|sv|en]
  kokeilu check [-src DIR] [-drafts] [-lang fi|sv|en]
  kokeilu serve [-src DIR] [-addr 127.0.0.1:1313] [-drafts] [-lang fi|sv|en]
  kokeilu new [-src DIR] [-lang fi|sv|en] KIND SLUG   KIND: experiment, campaign, contact, tag, page
  kokeilu import [-src DIR] [-form NAME] [-date YYYY-MM-DD] [-lang fi|sv|en] FILE.csv
                              a Netlify Forms export as draft experiments and contacts
  kokeilu version

Problems are printed in English, or in Finnish or Swedish with -lang or
when LC_ALL, LC_MESSAGES or LANG asks for it (fi_FI.UTF-8, sv_FI.UTF-8).
Run 'kokeilu COMMAND -h' for a command's flags.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(ctx, args, stdout, stderr)
	case "check":
		return runCheck(ctx, args, stdout, stderr)
	case "serve":
		return runServe(ctx, args, stdout, stderr)
	case "new":
		return runNew(args, stdout, stderr)
	case "import":
		return runImport(args, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "kokeilu", version())
		return exitOK
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "kokeilu: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

// version is the module's version when kokeilu was installed from a
// release (go install …@v1.2.3), else the commit it was built from, marked
// when the tree had uncommitted changes; never Go's placeholder "(devel)".
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown (built without module information)"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty, when string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = " with uncommitted changes"
			}
		case "vcs.time":
			when = " (" + s.Value + ")"
		}
	}
	if rev == "" {
		return "unknown (built outside a Git checkout)"
	}
	return "commit " + rev[:min(12, len(rev))] + when + dirty
}

func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: kokeilu %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; it returns a non-negative exit code when run should stop.
func parse(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "kokeilu %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	return -1
}

func siteRoot(src string, stderr io.Writer) (string, bool) {
	fi, err := os.Stat(filepath.Join(src, "content"))
	if err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "kokeilu: %s has no content/ folder; run kokeilu in the site's folder or give -src\n", src)
		return "", false
	}
	return src, true
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "build [-src DIR] [-out DIR] [-drafts] [-baseurl URL] [-date YYYY-MM-DD] "+langSynopsis, stderr)
	src := fs.String("src", ".", "the site's folder (with content/, layouts/, assets/)")
	out := fs.String("out", "public", "the output folder, relative to -src unless absolute")
	drafts := fs.Bool("drafts", false, "include drafts")
	baseURL := fs.String("baseurl", "", "the site's address, overriding baseURL in content/site.yaml")
	date := fs.String("date", "", "`YYYY-MM-DD` from which the home page shows current and upcoming campaign weeks\n(default: SOURCE_DATE_EPOCH if set; without either, the latest weeks)")
	lang := langFlag(fs)
	if code := parse(fs, args); code >= 0 {
		return code
	}
	term, err := lang()
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu build:", err)
		return exitUsage
	}
	today, err := referenceDate(*date)
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu build:", err)
		return exitUsage
	}
	if _, err := content.ValidBaseURL(*baseURL); *baseURL != "" && err != nil {
		fmt.Fprintf(stderr, "kokeilu build: -baseurl %q is not a site address: %v\n", *baseURL, err)
		return exitUsage
	}
	root, ok := siteRoot(*src, stderr)
	if !ok {
		return exitUsage
	}
	dest := *out
	if !filepath.IsAbs(dest) {
		dest = filepath.Join(root, dest)
	}
	if err := checkOut(root, dest); err != nil {
		fmt.Fprintln(stderr, "kokeilu build:", err)
		return exitUsage
	}
	fsys, err := sitefs.Open(root)
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu build:", err)
		return exitUsage
	}
	defer fsys.Close()
	pagefind := search.Find(root)
	stopProfile := startProfile(stderr)
	res, err := build.Build(ctx, fsys, dest, build.Options{Drafts: *drafts, BaseURL: *baseURL, Today: today, Pagefind: pagefind,
		ContentSize: setMemoryLimit})
	stopProfile()
	if err != nil && ctx.Err() != nil {
		fmt.Fprintf(stderr, "kokeilu build: %v; nothing was written; %s is as it was\n", context.Cause(ctx), dest)
		return exitContent
	}
	warns := 0
	if res != nil {
		var errs int
		errs, warns = term.problems(stderr, *src, res.Problems)
		if errs > 0 {
			fmt.Fprintf(stderr, "%s, %s: %s\n", term.count(errs, "error"), term.count(warns, "warning"),
				term.text(fmt.Sprintf("nothing was written; %s is as it was", dest)))
			return exitContent
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu build:", err)
		return exitContent
	}
	// The same count as check's, so that the two never seem to disagree.
	fmt.Fprintf(stdout, "%s, %s; %s\n", term.text("no errors"), term.count(warns, "warning"), term.text(res.Summary(langsOf(root, res))))
	if pagefind == "" {
		fmt.Fprintln(stderr, "kokeilu build:", search.Install)
	}
	return exitOK
}

// checkOut refuses an output folder that would swallow the site's sources.
func checkOut(root, dest string) error {
	r, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	d, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(d, r); err == nil && (rel == "." || filepath.IsLocal(rel)) {
		return fmt.Errorf("the output folder %s would contain the site's own folder; choose another -out", dest)
	}
	for _, own := range []string{"content", "layouts", "assets", "cmd", "internal"} {
		if rel, err := filepath.Rel(filepath.Join(r, own), d); err == nil && (rel == "." || filepath.IsLocal(rel)) {
			return fmt.Errorf("the output folder %s is inside %s/; choose another -out", dest, own)
		}
	}
	return nil
}

// referenceDate is the date the home page's "current and upcoming" campaign
// weeks are reckoned from: -date, else SOURCE_DATE_EPOCH (the reproducible-
// builds convention), else none. The build never reads the clock, so the
// same input always gives the same bytes.
func referenceDate(flag string) (time.Time, error) {
	if flag != "" {
		t, err := time.Parse("2006-01-02", flag)
		if err != nil {
			return time.Time{}, fmt.Errorf("-date %q: write it as YYYY-MM-DD", flag)
		}
		return t, nil
	}
	if env := os.Getenv("SOURCE_DATE_EPOCH"); env != "" {
		secs, err := strconv.ParseInt(env, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", env)
		}
		t := time.Unix(secs, 0).UTC()
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	return time.Time{}, nil
}

// langsOf lists the languages that have pages, in site.yaml's order.
func langsOf(root string, res *build.Result) []string {
	data, err := fs.ReadFile(os.DirFS(root), content.ConfigFile)
	cfg := content.ParseConfig(data, &problem.List{})
	if err != nil || cfg == nil {
		return nil
	}
	var out []string
	for _, l := range cfg.Codes() {
		if _, ok := res.Pages[l]; ok {
			out = append(out, l)
		}
	}
	return out
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check [-src DIR] [-drafts] "+langSynopsis, stderr)
	src := fs.String("src", ".", "the site's folder (with content/, layouts/, assets/)")
	drafts := fs.Bool("drafts", false, "check drafts as if they were published")
	lang := langFlag(fs)
	if code := parse(fs, args); code >= 0 {
		return code
	}
	term, err := lang()
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu check:", err)
		return exitUsage
	}
	root, ok := siteRoot(*src, stderr)
	if !ok {
		return exitUsage
	}
	fsys, err := sitefs.Open(root)
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu check:", err)
		return exitUsage
	}
	defer fsys.Close()
	res, err := build.Check(ctx, fsys, build.Options{Drafts: *drafts})
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu check:", err)
		return exitContent
	}
	errs, warns := term.problems(stderr, *src, res.Problems)
	if errs > 0 {
		fmt.Fprintf(stderr, "%s, %s\n", term.count(errs, "error"), term.count(warns, "warning"))
		return exitContent
	}
	fmt.Fprintf(stdout, "%s, %s; %s\n", term.text("no errors"), term.count(warns, "warning"), term.text(res.PageSummary(langsOf(root, res))))
	return exitOK
}

// count says "1 error", "2 errors", "0 warnings".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
