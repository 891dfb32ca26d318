package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// A municipality key is checked against the classification; a mistake's
// hint names the key meant, and the former free-text field says which
// keys to write.
func TestMunicipalityKeys(t *testing.T) {
	front := func(extra string) string {
		return "---\ntitle: T\ndate: 2018-01-01\nsummary: S\ntags: [a]\nstatus: idea\n" + extra + "---\n"
	}
	d, probs := parse(t, "content/experiments/x.fi.md", front("municipalities: [lahti, raasepori]\n"))
	if len(probs) != 0 || !slices.Equal(d.Meta.Municipalities, []string{"lahti", "raasepori"}) {
		t.Errorf("valid keys: %v %v", d.Meta.Municipalities, probs)
	}
	for _, c := range []struct{ src, pos, msg, hint string }{
		{"municipalities: [lahit]\n", "7:18", `"lahit" is not a municipality key`, `did you mean "lahti"?`},
		{"municipalities: [Lahtis]\n", "7:18", `"Lahtis" is not a municipality key`, `did you mean "lahti"?`},
		{"municipalities: [\"710\"]\n", "7:18", `"710" is not a municipality key`, `did you mean "raasepori"?`},
		{"municipalities: [zzzzqqq]\n", "7:18", `"zzzzqqq" is not a municipality key`, "write a municipality's key"},
		{"municipalities: [lahti, lahti]\n", "7:25", "the municipality lahti is listed twice", "remove one of them"},
		{"municipality: Raseborg\n", "7:1", `the field "municipality" is now "municipalities"`, "write `municipalities: [raasepori]` instead"},
		{"municipality: Lahti ja Hollola\n", "7:1", `the field "municipality" is now "municipalities"`, "write the municipalities' keys instead"},
	} {
		d, probs := parse(t, "content/experiments/x.fi.md", front(c.src))
		if len(probs) != 1 {
			t.Errorf("%q: %v", c.src, probs)
			continue
		}
		p := probs[0]
		if pos := fmt.Sprintf("%d:%d", p.Line, p.Col); pos != c.pos || p.Message != c.msg || !strings.HasPrefix(p.Hint, c.hint) {
			t.Errorf("%q: %s: %s (%s)\nwant %s: %s (%s…)", c.src, pos, p.Message, p.Hint, c.pos, c.msg, c.hint)
		}
		if len(d.Meta.Municipalities) != 0 && c.msg != "the municipality lahti is listed twice" {
			t.Errorf("%q: kept %v", c.src, d.Meta.Municipalities)
		}
	}
}
