package conformance

import (
	"bufio"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// A queryRule is a line of the built site's _redirects that sends a query
// parameter to a page, as Netlify reads it:
// "/fi/selaa/ kunta=:value /fi/kunta/:value/ 302!".
type queryRule struct {
	from, param, to string
	status          int
}

// readQueryRules reads the query-parameter rules of dir/_redirects (none
// when there is no such file): the ones kokeilu build writes for the
// experiment list's filter form.
func readQueryRules(dir string) []queryRule {
	f, err := os.Open(filepath.Join(dir, "_redirects"))
	if err != nil {
		return nil
	}
	defer f.Close()
	var rules []queryRule
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 4 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		param, placeholder, ok := strings.Cut(fields[1], "=")
		if !ok || !strings.HasPrefix(placeholder, ":") {
			continue
		}
		status := http.StatusFound
		if strings.TrimSuffix(fields[3], "!") == "301" {
			status = http.StatusMovedPermanently
		}
		rules = append(rules, queryRule{from: fields[0], param: param,
			to: strings.ReplaceAll(fields[2], placeholder, "\x00"), status: status})
	}
	return rules
}

// match returns where the first rule that matches the request sends it.
// The rules are forced (302!), so they apply although the page exists.
func matchQueryRules(rules []queryRule, r *http.Request) (string, int, bool) {
	q := r.URL.Query()
	for _, rule := range rules {
		if r.URL.Path != rule.from || !q.Has(rule.param) || q.Get(rule.param) == "" {
			continue
		}
		return strings.ReplaceAll(rule.to, "\x00", q.Get(rule.param)), rule.status, true
	}
	return "", 0, false
}

// TestFilterFormWithoutJavaScript: in Chromium with JavaScript turned off,
// in each language, the experiment list's filter form, with one stage and
// then one municipality chosen, leads (through the _redirects rules that
// the build writes, applied as Netlify applies them) to the static page of
// that choice.
func TestFilterFormWithoutJavaScript(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	ctx := newTab(t, 2*time.Minute)
	cfg := readSiteConfig(t, filepath.Join(root, "content", "site.yaml"))
	s := serveSite(t, buildSite(t, root), cfg)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled,
		emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("turning JavaScript off: %v", err)
	}
	for _, l := range cfg.Languages {
		list := "/" + l.Code + "/" + l.Sections["experiments"] + "/"
		for _, c := range []struct{ section, value string }{{"stage", "completed"}, {"municipality", "turku"}} {
			param := l.Sections[c.section]
			want := "/" + l.Code + "/" + param + "/" + c.value + "/"
			radio := `form.filter input[name="` + param + `"][value="` + c.value + `"]`
			err := chromedp.Do(ctx, chromedp.Navigate(s.url+list), chromedp.Click(radio),
				chromedp.Click(`form.filter button:not([type="reset"])`))
			if err != nil {
				t.Errorf("%s: choosing %s and sending the form: %v", list, radio, err)
				continue
			}
			// The click starts the navigation; wait until it has left the list.
			var loc string
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				if loc, err = chromedp.Run(ctx, chromedp.Location()); err == nil && !strings.HasSuffix(loc, list) {
					break
				}
			}
			if got := strings.TrimPrefix(loc, s.url); got != want {
				t.Errorf("%s: the form with %s=%s leads to %s, want %s", list, param, c.value, got, want)
			}
		}
	}
}
