package content

import (
	"strings"
	"testing"
	"time"

	"github.com/kokeilu/kokeilu/internal/problem"
)

// parseWithin parses src in a goroutine and fails the test if that takes
// longer than a generous bound.
func parseWithin(t *testing.T, limit time.Duration, name, src string) []problem.Problem {
	t.Helper()
	done := make(chan []problem.Problem, 1)
	go func() {
		var probs problem.List
		ParseFile(name, []byte(src), langs, &probs)
		done <- probs.All()
	}()
	select {
	case probs := <-done:
		return probs
	case <-time.After(limit):
		t.Fatalf("parsing %s took more than %v", name, limit)
		return nil
	}
}

func TestTOMLBounds(t *testing.T) {
	const head = "+++\ntitle = \"x\"\n"
	nested := strings.Repeat("a = {", 6000) + strings.Repeat("}", 6000) // 32 KB: 2.7 GB and 19 s without a limit
	arrays := strings.Repeat("[", 30000) + strings.Repeat("]", 30000)
	for _, c := range []struct {
		name, src, want string
		line            int
	}{
		{"nested tables", head + "x = 1\n" + nested + "\n+++\n", "nest more than 32 levels", 4},
		{"nested arrays", head + "tags = " + arrays + "\n+++\n", "nest more than 32 levels", 3},
		{"large", head + "summary = \"" + strings.Repeat("x", MaxFrontmatter) + "\"\n+++\n", "more than the 64 KB", 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			probs := parseWithin(t, 10*time.Second, "content/experiments/x.fi.md", c.src)
			if len(probs) == 0 {
				t.Fatal("no problem")
			}
			p := probs[0]
			if !strings.Contains(p.Message, c.want) || p.Line != c.line {
				t.Errorf("problem %s, want line %d and %q", p, c.line, c.want)
			}
		})
	}
}

// TestTOMLBoundsIgnoreStrings counts no bracket inside strings or comments.
func TestTOMLBoundsIgnoreStrings(t *testing.T) {
	brackets := strings.Repeat("[{", 40)
	src := "title = \"" + brackets + "\\\" " + brackets + "\"\n" +
		"summary = '" + brackets + "'\n" +
		"lesson = \"\"\"\n" + brackets + "\n\"\"\"\n" +
		"savings = '''" + brackets + "'''\n" +
		"# " + brackets + "\n" +
		"links = [{title = \"a\", url = \"https://example.fi/\"}]\n"
	if err := tomlBounds([]byte(src)); err != nil {
		t.Fatal(err)
	}
}
