package content

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// tomlToNode decodes TOML frontmatter into the same yaml.Node tree YAML
// gives, so one decoder checks both. BurntSushi/toml keeps no positions, so
// a top-level key's line is found by looking for `key =` in the text.
func tomlToNode(data []byte) (*yaml.Node, error) {
	if err := tomlBounds(data); err != nil {
		return nil, err
	}
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		return nil, err
	}
	at := keyPositions(data)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// Keep the editor's order where it is known.
	sort.SliceStable(keys, func(i, j int) bool {
		li, lj := at[keys[i]].line, at[keys[j]].line
		if li != lj {
			return li < lj
		}
		return keys[i] < keys[j]
	})
	root := &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
	for _, k := range keys {
		p := at[k]
		if p.line == 0 {
			p = keyPos{1, 1, 1}
		}
		v := valueNode(m[k], p.line, p.valueCol)
		root.Content = append(root.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: p.line, Column: p.col}, v)
	}
	return root, nil
}

// tomlBounds refuses TOML frontmatter that nests too deep, in one pass
// before the decoder sees it (parse has refused one that is too large). It
// counts the brackets and braces outside strings and comments; the
// decoder finds any other mistake.
func tomlBounds(data []byte) error {
	depth, line, lineStart := 0, 1, 0
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line, lineStart = line+1, i+1
		case '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			q := string(c)
			if i+2 < len(data) && data[i+1] == c && data[i+2] == c {
				q = strings.Repeat(q, 3)
			}
			end := len(data)
			for j := i + len(q); j < len(data); j++ {
				if c == '"' && data[j] == '\\' {
					j++
					continue
				}
				if bytes.HasPrefix(data[j:], []byte(q)) {
					end = j + len(q) - 1
					break
				}
			}
			if n := bytes.Count(data[i:min(end+1, len(data))], []byte("\n")); n > 0 {
				line += n
				lineStart = i + bytes.LastIndexByte(data[i:min(end+1, len(data))], '\n') + 1
			}
			i = end
		case '[', '{':
			if depth++; depth > maxFrontDepth {
				return &limitError{line: line, col: utf8.RuneCount(data[lineStart:i]) + 1, msg: nestingMessage, hint: nestingHint}
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return nil
}

var tomlKeyRE = regexp.MustCompile(`^(\s*)("?)([A-Za-z0-9_-]+)("?)\s*=\s*`)

// keyPos is where a top-level key and its value are written: a line and
// the columns, counted in characters from 1.
type keyPos struct{ line, col, valueCol int }

func keyPositions(data []byte) map[string]keyPos {
	out := map[string]keyPos{}
	for i, l := range bytes.Split(data, []byte("\n")) {
		if t := bytes.TrimSpace(l); len(t) > 0 && t[0] == '[' && !bytes.Contains(t, []byte("=")) {
			break // a [table] starts: its keys are not top-level
		}
		if m := tomlKeyRE.FindSubmatch(l); m != nil {
			if _, seen := out[string(m[3])]; !seen {
				out[string(m[3])] = keyPos{i + 1, utf8.RuneCount(m[1]) + 1, utf8.RuneCount(m[0]) + 1}
			}
		}
	}
	return out
}

// valueNode turns a decoded TOML value into a node at line and col (the
// value's own place for a top-level key; for what is inside, that of the
// value that holds it).
func valueNode(v any, line, col int) *yaml.Node {
	n := &yaml.Node{Line: line, Column: col}
	switch v := v.(type) {
	case string:
		// A multi-line string keeps the file's line ends; CR LF is a line
		// end like LF, not a control character.
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!str", strings.ReplaceAll(v, "\r\n", "\n")
	case bool:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", fmt.Sprint(v)
	case int64, float64:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!int", fmt.Sprint(v)
	case time.Time:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!timestamp", v.Format("2006-01-02")
		if v.Location().String() == "time-local" { // BurntSushi/toml's zone for a time without a date
			n.Tag, n.Value = "!!time", v.Format("15:04:05")
		}
	case []any:
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		for _, it := range v {
			n.Content = append(n.Content, valueNode(it, line, col))
		}
	case []map[string]any:
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		for _, it := range v {
			n.Content = append(n.Content, valueNode(it, line, col))
		}
	case map[string]any:
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: line, Column: col},
				valueNode(v[k], line, col))
		}
	default:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!str", fmt.Sprint(v)
	}
	return n
}
