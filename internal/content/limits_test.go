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

// TestUnshownCharacters: control characters and noncharacters written as
// escapes are reported where the value is, in YAML and TOML alike.
func TestUnshownCharacters(t *testing.T) {
	const file = "content/experiments/x.fi.md"
	toml := func(extra string) string {
		return "+++\ntitle = \"T\"\ndate = 2018-01-01\nsummary = \"S\"\ntags = [\"a\"]\nstatus = \"idea\"\n" + extra + "+++\n"
	}
	for _, c := range []struct{ name, src, want string }{
		{"YAML \\x07", expFront(`lesson: "Opimme\x07."` + "\n"), "7:9: lesson holds the control character U+0007"},
		{"YAML \\0", "---\ntitle: \"T\\0\"\ndate: 2018-01-01\nsummary: S\ntags: [a]\nstatus: idea\n---\n", "2:8: title holds the control character U+0000"},
		{"YAML \\u0000", expFront(`savings: "\u0000"` + "\n"), "7:10: savings holds the control character U+0000"},
		{"YAML DEL", expFront(`organisation: "Espoo\x7f"` + "\n"), "7:15: organisation holds the control character U+007F"},
		{"YAML \\N (NEL)", expFront(`lesson: "a\Nb"` + "\n"), "7:9: lesson holds the control character U+0085"},
		{"YAML noncharacter", expFront(`lesson: "a\uFFFE"` + "\n"), "7:9: lesson holds the noncharacter U+FFFE"},
		{"YAML \\r", expFront(`lesson: "a\rb"` + "\n"), "7:9: lesson holds the control character U+000D"},
		{"YAML in a list", "---\ntitle: T\ndate: 2018-01-01\nsummary: S\ntags: [a, \"b\\x1b\"]\nstatus: idea\n---\n", "5:11: an item of tags holds the control character U+001B"},
		{"YAML in a link", expFront("links:\n  - title: \"R\\x07\"\n    url: https://example.fi/\n"), "8:12: the link's title holds the control character U+0007"},
		{"YAML in an enum", "---\ntitle: T\ndate: 2018-01-01\nsummary: S\ntags: [a]\nstatus: \"idea\\x00\"\n---\n", "6:9: status holds the control character U+0000"},
		{"TOML \\u0007", toml(`lesson = "Opimme\u0007."` + "\n"), "7:10: lesson holds the control character U+0007"},
		{"TOML \\u007F in a list", "+++\ntitle = \"T\"\ndate = 2018-01-01\nsummary = \"S\"\ntags = [\"a\\u007F\"]\nstatus = \"idea\"\n+++\n", "5:8: an item of tags holds the control character U+007F"},
		{"TOML noncharacter", toml(`lesson = "\uFDD0"` + "\n"), "7:10: lesson holds the noncharacter U+FDD0"},
		{"typed into YAML", "---\ntitle: T\ndate: 2018-01-01\x00\nsummary: S\ntags: [a]\nstatus: idea\n---\n", "3:17: the file holds the control character U+0000"},
		{"typed into TOML", "+++\ntitle = \"T\"\ndate = 2018-01-01\nsum\x00mary = \"S\"\n+++\n", "4:4: the file holds the control character U+0000"},
		{"typed into the body", expFront("") + "Teksti.\n\nJa \x07 tässä.\n", "10:4: the file holds the control character U+0007"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, probs := parse(t, file, c.src)
			if len(probs) != 1 {
				t.Fatalf("want one problem, got %v", probs)
			}
			got, _, _ := strings.Cut(probs[0].String(), "\n")
			if want := file + ":" + c.want; got != want || probs[0].Hint == "" {
				t.Errorf("got  %s\nwant %s, with a hint", got, want)
			}
		})
	}
	// Line ends and tabs are text: a TOML multi-line string saved with
	// CR LF, a YAML block, a tab.
	for _, src := range []string{
		"+++\r\ntitle = \"T\"\r\ndate = 2018-01-01\r\nsummary = \"\"\"\r\nS\r\nT\"\"\"\r\ntags = [\"a\"]\r\nstatus = \"idea\"\r\n+++\r\n",
		expFront("lesson: |\n  a\n  b\nsavings: \"a\\tb\"\n"),
	} {
		if _, probs := parse(t, file, src); len(probs) > 0 {
			t.Errorf("%q: %v", src, probs)
		}
	}
}

func TestDateRange(t *testing.T) {
	const file = "content/experiments/x.fi.md"
	front := func(date string) string {
		return "---\ntitle: T\ndate: " + date + "\nsummary: S\ntags: [a]\nstatus: idea\n---\n"
	}
	toml := func(date string) string {
		return "+++\ntitle = \"T\"\ndate = " + date + "\nsummary = \"S\"\ntags = [\"a\"]\nstatus = \"idea\"\n+++\n"
	}
	for _, c := range []struct{ name, src, want string }{
		{"YAML year 1", front("0001-01-01"), "3:7: 0001-01-01 is in the year 1"},
		{"YAML year 0", front("0000-01-01"), "3:7: 0000-01-01 is in the year 0"},
		{"YAML before 1900", front("1899-12-31"), "3:7: 1899-12-31 is in the year 1899"},
		{"YAML quoted", front(`"0018-05-14"`), "3:7: 0018-05-14 is in the year 18"},
		{"YAML in RFC 3339", front("0001-01-01T00:00:00Z"), "3:7: 0001-01-01T00:00:00Z is in the year 1"},
		{"TOML year 1", toml("0001-01-01"), "3:8: 0001-01-01 is in the year 1"},
		{"TOML local time", toml("07:32:00"), "3:8: 07:32:00 is a time of day, not a date"},
		{"TOML local time with fraction", toml("07:32:00.999"), "3:8: 07:32:00 is a time of day, not a date"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, probs := parse(t, file, c.src)
			if len(probs) != 1 {
				t.Fatalf("want one problem, got %v", probs)
			}
			got, _, _ := strings.Cut(probs[0].String(), "\n")
			if want := file + ":" + c.want; got != want || probs[0].Hint == "" {
				t.Errorf("got  %s\nwant %s, with a hint", got, want)
			}
		})
	}
	for _, src := range []string{front("1900-01-01"), front("9999-12-31"), toml("1979-05-27T07:32:00"),
		toml("1979-05-27T07:32:00-08:00"), toml("2018-05-14")} {
		if _, probs := parse(t, file, src); len(probs) > 0 {
			t.Errorf("%q: %v", src, probs)
		}
	}
}
