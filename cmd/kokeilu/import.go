package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kokeilu/kokeilu/internal/importer"
	"github.com/kokeilu/kokeilu/internal/problem"
	"github.com/kokeilu/kokeilu/internal/sitefs"
)

// runImport is `kokeilu import FILE.csv`: a Netlify Forms export becomes
// draft experiments and contacts, all of them or, when any row has a
// problem, none.
func runImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import", "import [-src DIR] [-form NAME] [-date YYYY-MM-DD] "+langSynopsis+" FILE.csv", stderr)
	src := fs.String("src", ".", "the site's folder")
	form := fs.String("form", "", "the form the CSV was exported from: "+strings.Join(importer.FormNames(), ", ")+"\n(default: told from the columns)")
	date := fs.String("date", "", "`YYYY-MM-DD`, the date of submissions when the CSV has no created_at column (default: today)")
	lang := langFlag(fs)
	if err := fs.Parse(args); err != nil {
		if err.Error() == "flag: help requested" {
			return exitOK
		}
		return exitUsage
	}
	term, err := lang()
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu import:", err)
		return exitUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	file := fs.Arg(0)
	today := time.Now()
	if *date != "" {
		t, err := time.Parse("2006-01-02", *date)
		if err != nil {
			fmt.Fprintf(stderr, "kokeilu import: -date %q: write it as YYYY-MM-DD\n", *date)
			return exitUsage
		}
		today = t
	}
	root, ok := siteRoot(*src, stderr)
	if !ok {
		return exitUsage
	}
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu import:", err)
		return exitUsage
	}
	fsys, err := sitefs.Open(root)
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu import:", err)
		return exitUsage
	}
	defer fsys.Close()
	probs := &problem.List{}
	site := importer.ReadSite(fsys, probs)
	if site == nil {
		term.problems(stderr, *src, probs.All())
		return exitContent
	}
	res := importer.Plan(site, data, importer.Options{File: filepath.ToSlash(file), Form: *form, Today: today}, probs)
	// The CSV's path is as given, not below -src.
	errs, warns := term.problems(stderr, ".", probs.All())
	if errs > 0 {
		fmt.Fprintf(stderr, "%s, %s: %s\n", term.count(errs, "error"), term.count(warns, "warning"),
			term.text("nothing was written; fix the CSV and import it again"))
		return exitContent
	}
	if len(res.Files) == 0 {
		fmt.Fprintf(stdout, "%s has no submissions to import (%d left out as spam)\n", file, res.Skipped)
		return exitOK
	}
	written, err := importer.Write(root, res.Files)
	if err != nil {
		fmt.Fprintln(stderr, "kokeilu import:", err)
		return exitContent
	}
	for _, p := range written {
		fmt.Fprintln(stdout, "wrote", filepath.Join(root, filepath.FromSlash(p)))
	}
	fmt.Fprintf(stdout, "%s (%s form): %s and %s, all drafts; %d left out as spam. "+
		"Each file starts with what to check and translate; see docs/import.md.\n",
		file, res.Form, count(res.Experiments, "experiment"), count(res.Contacts, "new contact"), res.Skipped)
	return exitOK
}
