package content

import (
	"strings"
	"testing"
)

// TestYAMLMessages: each case is frontmatter with one mistake an editor
// makes, and the problem it must give: the place of the mistake itself
// (not the line yaml.v3 names), the message and the hint, exactly. Every
// case is read with and without the fast path, which must agree.
func TestYAMLMessages(t *testing.T) {
	const file = "content/experiments/x.fi.md"
	tests := []struct {
		name, front string
		want, hint  string
	}{
		// yaml.v3: line 1: did not find expected '-' indicator (the list's line, counted from 0)
		{"link field out of its item", "title: T\nlinks:\n  - title: Raportti\n  url: https://example.fi\n",
			`5:3: url: is in the column of the list's dashes, so it belongs to no item`,
			"indent it to column 5, under the first field of the item on line 4, or start a new item: - url: https://example.fi"},
		{"dash without a space", "title: T\nlinks:\n  - title: A\n    url: https://example.fi/a\n  -title: B\n",
			`6:3: a list item needs a space after the dash`, "write - title: B"},
		{"dash out of line", "title: T\nlinks:\n  - title: A\n    url: https://example.fi/a\n   - title: B\n",
			`6:4: this line is not in the same column as the list items above it`, "start it in column 3, like the - on line 4"},
		// yaml.v3: mapping values are not allowed in this context (no line: the mistake is on the first)
		{"colon in a value on the first line", "title: Kokeilu: osa 2\n",
			`2:15: the value of title has a colon and a space (": ") in it, which YAML reads as the start of another field`,
			`put the whole value in quotes: title: "Kokeilu: osa 2"`},
		{"colon in a later value", "title: T\nsummary: Tulos: hyvä\n",
			`3:15: the value of summary has a colon and a space (": ") in it, which YAML reads as the start of another field`,
			`put the whole value in quotes: summary: "Tulos: hyvä"`},
		{"field indented under a value", "title: T\ndate: 2018-01-01\n  summary: S\n",
			`4:3: the field "summary" is indented more than the line above it, so YAML reads it as part of that line's text`,
			"start it in column 1, like date: on line 3; to continue the text above on this line, put that text in quotes"},
		{"name without a colon above a field", "title: T\nsummary\ndate: 2018-01-01\n",
			`3:1: the line "summary" has no colon after the field's name`, "write a colon and the value after the name: summary: …"},
		// yaml.v3: found character that cannot start any token / a tab character that violates indentation
		{"tab before a list item", "title: T\ntags:\n\t- a\n",
			`4:1: the line is indented with a tab`, "indent with spaces only: a tab looks like spaces, but YAML does not count it as indentation"},
		{"tab before a field", "title: T\n\tdate: 2018-01-01\n",
			`3:1: the line is indented with a tab`, "indent with spaces only: a tab looks like spaces, but YAML does not count it as indentation"},
		{"value starting with @", "title: @kokeilu\n",
			`2:8: a value cannot start with '@' unless it is in quotes`, `put the value in quotes: title: "@kokeilu"`},
		// yaml.v3: did not find expected key
		{"field indented less than its siblings", "title: T\ntags:\n  - a\n date: 2018-01-01\n",
			`5:2: this line is not in the same column as the fields around it`,
			"start it in column 1, like tags: on line 3, or indent it as much as the lines it belongs with"},
		{"text after the closing quote", "title: \"Ekobetoni\" kokeilu\n",
			`2:20: there is more text after the closing "`, "put all of the value inside the quotation marks, or remove what comes after them"},
		{"apostrophe in single quotes", "title: 'it's here'\n",
			`2:11: the text in '…' ends at the apostrophe`, `write an apostrophe in '…' twice, 'it''s here', or put the text in "…" instead`},
		{"list item under a field with a value", "title: T\nsummary: S\n- a\n",
			`4:1: a list item, but the field summary above already has a value`,
			"put a list under a field with nothing after its colon: summary: on one line, then   - item on each line below"},
		// yaml.v3: found unexpected end of stream (the last line)
		{"quotation mark not closed", "title: \"Ekobetoni\ndate: 2018-01-01\nsummary: S\n",
			`2:8: the quotation mark " is not closed`, `end the text with " on the same line; a " inside the text is written \"`},
		// yaml.v3: could not find expected ':'
		{"list item without a dash", "title: T\ntags:\n  - a\n  b\nstatus: idea\n",
			`5:3: the line "b" is not a field (name: value) nor a list item (- item)`,
			"to make it an item of the list above, start it with a dash and a space: - b"},
		{"text without a colon", "title: T\nsummary on tässä\ndate: 2018-01-01\n",
			`3:1: the line "summary on tässä" is not a field (name: value) nor a list item (- item)`,
			"write each field as name: value; to go on with a text on the next line, indent that line more than the field's name"},
		// yaml.v3: line 1: did not find expected ',' or ']'
		{"list not closed", "title: T\ntags: [a, b\ndate: 2018-01-01\n",
			`3:12: the list that starts with [ is not closed`, "end it with ] on the same line, e.g. tags: [a, b]"},
		{"text after a quoted item", "title: T\ntags: [a, \"b\" c]\n",
			`3:15: there is text after a quoted item of the list`,
			`put all of the item inside the quotation marks, and separate items with commas: [a, "b c"]`},
		{"two commas", "title: T\ntags: [a,, b]\n", `3:10: the list has an empty item between two commas`, "remove one of the commas"},
		{"backslash in double quotes", "title: \"C:\\Users\"\n",
			`2:11: the backslash \ in a text in "…" starts a special character, and this one does not exist`,
			`write \\ for a backslash, or put the text in single quotes instead: 'C:\Users'`},
		{"emphasis in a value", "title: T\nsummary: *Tärkeä* kokeilu\n",
			`3:10: a value cannot start with * unless it is in quotes`,
			`put the value in quotes: summary: "*Tärkeä* kokeilu" (the frontmatter is plain text: *emphasis* works in the body only)`},
		{"list on the field's line", "title: T\ntags: - a - b\n",
			`3:7: a list cannot start on the same line as its field`,
			"write the list in brackets, tags: [a, b], or put each item on a line of its own below tags:, as   - a"},
		{"field twice", "title: T\ntitle: U\n", `3:1: the field "title" is given twice`, "remove one of them (the first is on line 2)"},
		{"link field twice", "title: T\nlinks:\n  - title: A\n    title: B\n    url: https://example.fi\n",
			`5:5: the link's field "title" is given twice`, "remove one of them (the first is on line 4)"},
	}
	for _, tt := range tests {
		for _, fast := range []bool{true, false} {
			t.Run(tt.name, func(t *testing.T) {
				fastYAMLOn = fast
				defer func() { fastYAMLOn = true }()
				_, probs := parse(t, file, "---\n"+tt.front+"---\nTeksti.\n")
				var got []string
				for _, p := range probs {
					if !strings.HasPrefix(p.Message, "the required field") {
						got = append(got, strings.TrimPrefix(p.String(), file+":"))
					}
				}
				want := tt.want + "\n\thint: " + tt.hint
				if len(got) != 1 || got[0] != want {
					t.Errorf("fast path %v: got\n%s\nwant\n%s", fast, strings.Join(got, "\n"), want)
				}
			})
		}
	}
}

// A TOML key given twice is the same mistake as in YAML, in the same words.
func TestTOMLDuplicate(t *testing.T) {
	_, probs := parse(t, "content/tags/x.fi.md", "+++\ntitle = \"A\"\ntitle = \"B\"\n+++\n")
	if len(probs) != 1 || probs[0].String() != "content/tags/x.fi.md:3:1: the field \"title\" is given twice\n\thint: remove one of them (the first is on line 2)" {
		t.Errorf("problems %v", probs)
	}
}
