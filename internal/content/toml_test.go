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
		line, col       int
	}{
		{"nested tables", head + "x = 1\n" + nested + "\n+++\n", "nests lists and fields more than 32 levels deep", 4, 5 * 33},
		{"nested arrays", head + "tags = " + arrays + "\n+++\n", "nests lists and fields more than 32 levels deep", 3, 8 + 32},
		{"nested after a multi-line string", head + "lesson = \"\"\"\nx\ny\"\"\"\ntags = " + arrays + "\n+++\n", "more than 32 levels deep", 6, 8 + 32},
		{"large", head + "summary = \"" + strings.Repeat("x", MaxFrontmatter) + "\"\n+++\n", "the frontmatter is 65 KB, more than the 64 KB kokeilu reads", 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			probs := parseWithin(t, 10*time.Second, "content/experiments/x.fi.md", c.src)
			if len(probs) == 0 {
				t.Fatal("no problem")
			}
			p := probs[0]
			if !strings.Contains(p.Message, c.want) || p.Line != c.line || p.Col != c.col || p.Hint == "" {
				t.Errorf("problem %s, want %d:%d and %q with a hint", p, c.line, c.col, c.want)
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
