package content

import (
	"strings"
	"testing"
	"time"
)

// expFront is an experiment's frontmatter with every required field and
// extra lines after them (from line 7 on).
func expFront(extra string) string {
	return "---\ntitle: T\ndate: 2018-01-01\nsummary: S\ntags: [a]\nstatus: idea\n" + extra + "---\n"
}

func TestYAMLBounds(t *testing.T) {
	var block strings.Builder // links nested by indentation, a mapping per level
	block.WriteString("links:\n")
	for i := 1; i <= 40; i++ {
		block.WriteString(strings.Repeat("  ", i) + "a:\n")
	}
	for _, c := range []struct {
		name, src, want string
		line, col       int
	}{
		{"nested lists", expFront("links: " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n"),
			"the frontmatter nests lists and fields more than 32 levels deep", 7, 8 + 32},
		{"nested mappings", expFront(block.String()),
			"the frontmatter nests lists and fields more than 32 levels deep", 7 + 33, 1 + 2*33},
		{"nested past the YAML parser's own limit", expFront("x: 1\nlinks: " + strings.Repeat("[", 20000) + "\n"),
			"the frontmatter nests lists and fields more than 32 levels deep", 8, 1},
		{"large", expFront("lesson: " + strings.Repeat("x", MaxFrontmatter) + "\n"),
			"the frontmatter is 65 KB, more than the 64 KB kokeilu reads", 1, 1},
		{"large after blank lines", "\n\n" + expFront("lesson: |\n"+strings.Repeat("  x\n", MaxFrontmatter/4)),
			"the frontmatter is 65 KB, more than the 64 KB kokeilu reads", 3, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			probs := parseWithin(t, 10*time.Second, "content/experiments/x.fi.md", c.src)
			if len(probs) != 1 {
				t.Fatalf("want one problem, got %v", probs)
			}
			p := probs[0]
			if p.Message != c.want || p.Line != c.line || p.Col != c.col || p.Hint == "" {
				t.Errorf("problem %s\nwant %d:%d: %s, with a hint", p, c.line, c.col, c.want)
			}
		})
	}
}

// TestYAMLDepthLimitIsAboveUse: 32 levels are accepted (and then read as
// what the field is not).
func TestYAMLDepthLimitIsAboveUse(t *testing.T) {
	src := expFront("links: " + strings.Repeat("[", 32) + strings.Repeat("]", 32) + "\n")
	probs := parseWithin(t, 10*time.Second, "content/experiments/x.fi.md", src)
	for _, p := range probs {
		if strings.Contains(p.Message, "levels deep") {
			t.Errorf("32 levels refused: %s", p)
		}
	}
}
