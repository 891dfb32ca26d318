package serve

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/kokeilu/kokeilu/internal/site"
)

// builder.preview serves an edited page before the site is linked again,
// and only for edits whose effects stay on that page.
func TestPreview(t *testing.T) {
	dir := testSite(t)
	ctx := context.Background()
	b := newBuilder(os.DirFS(dir), site.Options{})
	var early []*Report
	b.early = func(r *Report) { early = append(early, r) }
	_, err := b.load(ctx)
	must(t, err)
	_, err = b.renderLazy(ctx)
	must(t, err)
	page := strings.TrimPrefix(pageFi, "/") + "index.html"
	served := func() string {
		data, _ := b.out.Get(page)
		return string(data)
	}
	good := read(t, dir, expFi)
	tests := []struct {
		name, text string
		ok         bool
		shows      string
	}{
		{"a new title", strings.Replace(good, "title: Ekobetoni", "title: Ekobetoni 2", 1), true, "Ekobetoni 2"},
		{"a tag the Swedish version lacks", strings.Replace(good, "tags: [kiertotalous]", "tags: [kiertotalous, osallisuus]", 1), false, ""},
		{"a tag that does not exist", strings.Replace(good, "kiertotalous]", "kiertotalouss]", 1), false, ""},
		{"a body edit", strings.Replace(good, "Alkuperäinen", "Uusi", 1), false, ""}, // patched without linking: no preview needed
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := served()
			early = nil
			write(t, dir, expFi, tt.text)
			must(t, b.refresh(ctx, expFi))
			ok, err := b.preview(ctx, &Report{})
			must(t, err)
			switch {
			case ok != tt.ok:
				t.Fatalf("preview says %v, want %v", ok, tt.ok)
			case ok && (len(early) != 1 || !strings.Contains(served(), tt.shows)):
				t.Errorf("served early %d times; the page shows %q: %v", len(early), tt.shows, strings.Contains(served(), tt.shows))
			case !ok && (len(early) > 0 || served() != before):
				t.Errorf("declined, yet the page changed or %d early reports went out", len(early))
			}
			// Bring the builder back to the site as it was.
			write(t, dir, expFi, good)
			rep, err := b.update(ctx, []string{expFi})
			must(t, err)
			if errs := rep.Errors(); len(errs) > 0 {
				t.Fatal(errs)
			}
		})
	}
}
