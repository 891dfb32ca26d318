package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kokeilu/kokeilu/internal/problem"
)

// langUsage is the synopsis and help of -lang, the same in every command.
const (
	langSynopsis = "[-lang fi|sv|en]"
	langHelp     = "the language of the problems printed: fi, sv or en\n(default: from LC_ALL, LC_MESSAGES or LANG, e.g. fi_FI.UTF-8; else en)"
)

// langFlag adds -lang to a command's flags; the function it returns, called
// after parsing, gives the terminal in the chosen language.
func langFlag(fs *flag.FlagSet) func() (terminal, error) {
	lang := fs.String("lang", "", langHelp)
	return func() (terminal, error) {
		code, err := chooseLang(*lang, os.Getenv)
		if err != nil {
			return terminal{}, err
		}
		return terminal{problem.CatalogFor(code)}, nil
	}
}

// chooseLang is -lang if given, else the language of the messages the
// environment asks for, as POSIX reads it: the first of LC_ALL, LC_MESSAGES
// and LANG that is set decides, and a language kokeilu does not speak (or C)
// means English.
func chooseLang(flagValue string, getenv func(string) string) (string, error) {
	if flagValue != "" {
		if flagValue != "en" && !slices.Contains(problem.Languages, flagValue) {
			return "", fmt.Errorf("-lang %q: use fi, sv or en", flagValue)
		}
		return flagValue, nil
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		// fi_FI.UTF-8, sv_FI@euro, sv-SE: the language is before the rest.
		code := strings.ToLower(v)
		if i := strings.IndexAny(code, "_.@-"); i >= 0 {
			code = code[:i]
		}
		if slices.Contains(problem.Languages, code) {
			return code, nil
		}
		return "en", nil
	}
	return "en", nil
}

// terminal prints problems and the counts around them in one language; a
// nil catalog is English.
type terminal struct{ cat *problem.Catalog }

// text translates a fixed text of the commands ("no errors").
func (t terminal) text(s string) string { return t.cat.Text(s) }

// count says "1 error", "2 errors", "0 warnings" in the terminal's language.
func (t terminal) count(n int, noun string) string { return t.cat.Text(count(n, noun)) }

// problems writes problems with paths the terminal can open.
func (t terminal) problems(w io.Writer, src string, probs []problem.Problem) (errs, warns int) {
	for _, p := range probs {
		if src != "." {
			p.File = filepath.ToSlash(filepath.Join(src, p.File))
		}
		fmt.Fprintln(w, t.cat.String(p))
		if p.Severity == problem.Warning {
			warns++
		} else {
			errs++
		}
	}
	return errs, warns
}
