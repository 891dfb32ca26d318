package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestServeUsage(t *testing.T) {
	site := copySite(t)
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"serve", "-h"}, 0},
		{[]string{"serve", "-nope"}, 2},
		{[]string{"serve", "extra"}, 2},
		{[]string{"serve", "-src", t.TempDir()}, 2},
		{[]string{"serve", "-src", site, "-addr", "no-port"}, 2},
	} {
		if code, _, errs := kokeilu(t, tt.args...); code != tt.code {
			t.Errorf("kokeilu %s: exit %d, want %d\n%s", strings.Join(tt.args, " "), code, tt.code, errs)
		}
	}
}

// kokeilu serve prints each language's home URL, serves them, and stops
// with exit status 0 when its context is cancelled (Ctrl-C).
func TestServeRunsAndStops(t *testing.T) {
	site := copySite(t)
	// The page an editor has just made is a draft: the preview shows it.
	if code, _, errs := kokeilu(t, "new", "-src", site, "experiment", "uusi-kokeilu"); code != 0 {
		t.Fatalf("kokeilu new: exit %d\n%s", code, errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	var stderr strings.Builder
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"serve", "-src", site, "-addr", "127.0.0.1:0"}, w, &stderr)
		w.Close()
	}()
	homes := map[string]string{}
	sc := bufio.NewScanner(out)
	home := regexp.MustCompile(`(http://127\.0\.0\.1:\d+/(fi|sv)/)$`)
	saidDrafts := false
	for sc.Scan() && !strings.HasPrefix(sc.Text(), "Watching") {
		if m := home.FindStringSubmatch(sc.Text()); m != nil {
			homes[m[2]] = m[1]
		}
		saidDrafts = saidDrafts || strings.HasPrefix(sc.Text(), "Drafts (draft: true) are shown")
	}
	if !saidDrafts {
		t.Error("kokeilu serve does not say that it shows drafts")
	}
	go io.Copy(io.Discard, out)
	if len(homes) != 2 {
		t.Fatalf("home URLs printed: %v, want fi and sv", homes)
	}
	for lang, url := range homes {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), `<html lang="`+lang+`"`) {
			t.Errorf("%s: %s", url, resp.Status)
		}
	}
	resp, err := http.Get(homes["fi"] + "kokeilut/uusi-kokeilu/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `class="draft-banner"`) {
		t.Errorf("the new draft: %s, banner shown: %v", resp.Status, strings.Contains(string(body), "draft-banner"))
	}
	http.DefaultClient.CloseIdleConnections()
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d after Ctrl-C, want 0\n%s", c, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("kokeilu serve did not stop after its context was cancelled")
	}
}

// A port someone else holds is named, with the flag that picks another.
func TestServeBusyPort(t *testing.T) {
	site := copySite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	code, _, errs := kokeilu(t, "serve", "-src", site, "-addr", ln.Addr().String())
	if code != 1 || !strings.Contains(errs, "port "+port+" on 127.0.0.1 is already in use") || !strings.Contains(errs, "-addr 127.0.0.1:") {
		t.Errorf("exit %d, stderr %q: want the busy port named and how to choose another", code, errs)
	}
}

// kokeilu version names a release or a commit, never Go's "(devel)".
func TestVersion(t *testing.T) {
	code, out, _ := kokeilu(t, "version")
	if code != 0 || !strings.HasPrefix(out, "kokeilu ") || strings.Contains(out, "(devel)") {
		t.Errorf("exit %d: %q", code, out)
	}
}
