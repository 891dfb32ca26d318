package content

import (
	"strings"
	"testing"

	"github.com/kokeilu/kokeilu/internal/problem"
)

// A body the checks passed once is not checked again; one that failed is
// checked (and reported) every time, and passing bodies never hide it.
func TestBodyChecks(t *testing.T) {
	front := "---\ntitle: T\ndate: 2018-01-01\nsummary: S\ntags: [a]\nstatus: idea\n---\n"
	good := front + "Text.\n"
	bad := front + strings.Repeat("[", maxUnmatched+10) + "\n"
	langs := []string{"fi"}
	checks := NewBodyChecks(nil)
	parse := func(data string) (*Document, []problem.Problem) {
		var probs problem.List
		d := ParseFileChecked("content/experiments/x.fi.md", []byte(data), langs, &probs, checks)
		return d, probs.All()
	}
	for i := range 2 {
		d, probs := parse(good)
		if len(probs) > 0 || d.Broken || d.BodyHash == 0 {
			t.Fatalf("run %d: the good body: %v, broken %v, hash %x", i, probs, d.Broken, d.BodyHash)
		}
		if got := checks.Passed([]*Document{d}); len(got) != 1 || got[0] != d.BodyHash {
			t.Errorf("run %d: Passed = %x, want the good body's hash", i, got)
		}
		d, probs = parse(bad)
		if len(probs) == 0 || !d.Broken {
			t.Errorf("run %d: the bad body passed: %v", i, probs)
		}
		if got := checks.Passed([]*Document{d}); len(got) != 0 {
			t.Errorf("run %d: the bad body is remembered as passed", i)
		}
	}
	// Remembered from an earlier run, the good body is not parsed for the
	// checks: a body that would fail them is taken as it is.
	forged := NewBodyChecks([]uint64{bodyHash([]byte(strings.Repeat("[", maxUnmatched+10) + "\n"))})
	var probs problem.List
	if d := ParseFileChecked("content/experiments/x.fi.md", []byte(bad), langs, &probs, forged); d.Broken || len(probs.All()) > 0 {
		t.Errorf("a body the checks know was checked again: %v", probs.All())
	}
}
