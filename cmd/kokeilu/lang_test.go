package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain runs the tests in the default language, English, whatever the
// locale of the machine running them; the tests of -lang and LANG set
// their own.
func TestMain(m *testing.M) {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		os.Unsetenv(name)
	}
	os.Exit(m.Run())
}

func TestChooseLang(t *testing.T) {
	for _, tc := range []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"", nil, "en"},
		{"", map[string]string{"LANG": "fi_FI.UTF-8"}, "fi"},
		{"", map[string]string{"LANG": "sv_FI.UTF-8"}, "sv"},
		{"", map[string]string{"LANG": "sv_SE"}, "sv"},
		{"", map[string]string{"LANG": "sv_FI@euro"}, "sv"},
		{"", map[string]string{"LANG": "C.UTF-8"}, "en"},
		{"", map[string]string{"LANG": "de_DE.UTF-8"}, "en"},
		{"", map[string]string{"LANG": "fi"}, "fi"},
		// The first set of LC_ALL, LC_MESSAGES and LANG decides, even
		// when kokeilu does not speak it.
		{"", map[string]string{"LC_MESSAGES": "sv_FI.UTF-8", "LANG": "fi_FI.UTF-8"}, "sv"},
		{"", map[string]string{"LC_ALL": "fi_FI.UTF-8", "LC_MESSAGES": "sv_FI.UTF-8", "LANG": "sv_SE"}, "fi"},
		{"", map[string]string{"LC_ALL": "C", "LANG": "fi_FI.UTF-8"}, "en"},
		// The flag wins over the environment.
		{"sv", map[string]string{"LC_ALL": "fi_FI.UTF-8"}, "sv"},
		{"en", map[string]string{"LANG": "fi_FI.UTF-8"}, "en"},
		{"fi", nil, "fi"},
	} {
		got, err := chooseLang(tc.flag, func(k string) string { return tc.env[k] })
		if err != nil || got != tc.want {
			t.Errorf("-lang %q, env %v: got %q, %v; want %q", tc.flag, tc.env, got, err, tc.want)
		}
	}
	for _, bad := range []string{"de", "FI", "fi_FI"} {
		if _, err := chooseLang(bad, func(string) string { return "" }); err == nil {
			t.Errorf("-lang %q was accepted", bad)
		}
	}
}

// brokenSite is the sample site with one mistake an editor makes: a
// misspelt status.
func brokenSite(t *testing.T) string {
	t.Helper()
	site := copySite(t)
	p := filepath.Join(site, "content", "experiments", "digituki-kirjastossa.fi.md")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), "status: idea\n", "status: iddea\n", 1))
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return site
}

func TestCheckSpeaksTheChosenLanguage(t *testing.T) {
	site := brokenSite(t)
	for _, tc := range []struct {
		name string
		args []string
		env  string // LANG
		want []string
	}{
		{"english by default", nil, "", []string{
			`digituki-kirjastossa.fi.md:6:9: "iddea" is not a valid status`,
			"\thint: did you mean \"idea\"? (one of: idea, running, completed)",
			"1 error, "}},
		{"-lang sv", []string{"-lang", "sv"}, "", []string{
			`digituki-kirjastossa.fi.md:6:9: "iddea" duger inte som värde för fältet status`,
			"\ttips: menade du \"idea\"? (något av: idea, running, completed)",
			"1 fel, "}},
		{"LANG=fi_FI.UTF-8", nil, "fi_FI.UTF-8", []string{
			`digituki-kirjastossa.fi.md:6:9: "iddea" ei kelpaa kentän status arvoksi`,
			"\tvihje: tarkoititko \"idea\"? (jokin näistä: idea, running, completed)",
			"1 virhe, "}},
		{"-lang en beats LANG", []string{"-lang", "en"}, "fi_FI.UTF-8", []string{
			`"iddea" is not a valid status`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("LANG", tc.env)
			code, _, errs := kokeilu(t, append(append([]string{"check"}, tc.args...), "-src", site)...)
			if code != exitContent {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitContent, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
		})
	}
}

func TestBuildSummaryInTheChosenLanguage(t *testing.T) {
	site := copySite(t)
	code, out, errs := kokeilu(t, "build", "-lang", "fi", "-src", site)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	// The sample keeps one outdated translation: a warning, in Finnish.
	for _, w := range []string{"ei virheitä, ", " varoitus", "; sivuja: fi ", "varoitus: tämä käännös on päivitetty"} {
		if !strings.Contains(out+errs, w) {
			t.Errorf("output lacks %q:\n%s%s", w, out, errs)
		}
	}
	if code, _, errs := kokeilu(t, "build", "-lang", "de", "-src", site); code != exitUsage || !strings.Contains(errs, "use fi, sv or en") {
		t.Errorf("-lang de: exit %d, %s", code, errs)
	}
}
