package l10n

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/kokeilu/kokeilu/internal/plaintext"
	"github.com/kokeilu/kokeilu/internal/problem"
)

// MaxStrings is the largest UI-string file ParseStrings reads, in bytes:
// a language's file is about 10 KB.
const MaxStrings = 1 << 20

// ParseStrings reads a language's UI strings (layouts/i18n/<code>.yaml):
// one line per string, key: text. file names it in problems. It returns
// every string it could read and a problem, at its line and column, for
// each mistake: a YAML syntax error, a key given twice, a value that is
// not text (a number, true, a list, nothing), text that is not UTF-8 or
// holds a control character.
func ParseStrings(file string, data []byte) (map[string]string, []problem.Problem) {
	var probs problem.List
	errAt := func(line, col int, hint, format string, args ...any) {
		probs.Errorf(file, line, col, hint, format, args...)
	}
	out := map[string]string{}
	if len(data) > MaxStrings {
		errAt(1, 1, "a language's UI strings are a few hundred lines; check that this is the right file",
			"the file is %d KB, more than the %d KB kokeilu reads", (len(data)+1023)/1024, MaxStrings>>10)
		return out, probs.All()
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if line, col, msg, ok := plainText(data); !ok {
		errAt(line, col, "save the file as UTF-8 text and remove the character", "%s", msg)
		return out, probs.All()
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line, msg := yamlError(err)
		errAt(line, firstColumn(data, line), `write each string on a line of its own as key: text, and put text that holds ": " or starts with a mark like [ { # & * ! | > ' " % @ in quotes`,
			"the UI strings cannot be read: %s", msg)
		return out, probs.All()
	}
	if len(root.Content) == 0 {
		return out, nil
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		errAt(m.Line, m.Column, "write each string on a line of its own as key: text", "the UI strings must be lines of key: text")
		return out, probs.All()
	}
	first := map[string]int{} // the line of each key
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag != "!!str" && k.Tag != "!!int" && k.Tag != "!!float" && k.Tag != "!!bool" || k.Value == "" {
			errAt(k.Line, k.Column, "write a name such as nav.main before the colon", "a UI string needs a name")
			continue
		}
		if r, ok := plaintext.Find(k.Value); !ok {
			errAt(k.Line, k.Column, plaintext.Hint, "the name %q holds %s", k.Value, plaintext.Name(r))
			continue
		}
		if line, dup := first[k.Value]; dup {
			errAt(k.Line, k.Column, "keep one of them", "the UI string %q is given twice (first on line %d)", k.Value, line)
			continue
		}
		first[k.Value] = k.Line
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		switch {
		case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
			errAt(v.Line, v.Column, fmt.Sprintf("write the text after `%s:`", k.Value), "the UI string %q has no text", k.Value)
		case v.Kind != yaml.ScalarNode:
			errAt(v.Line, v.Column, fmt.Sprintf("write the text on the same line: %s: text", k.Value), "the UI string %q is not text", k.Value)
		case v.Tag != "!!str":
			errAt(v.Line, v.Column, fmt.Sprintf(`put it in quotes to mean the text: %s: "%s"`, k.Value, v.Value),
				"the UI string %q is not text but %s", k.Value, kindOf(v.Tag))
		default:
			if r, ok := plaintext.Find(v.Value); !ok {
				errAt(v.Line, v.Column, plaintext.Hint, "the UI string %q holds %s", k.Value, plaintext.Name(r))
				continue
			}
			out[k.Value] = v.Value
		}
	}
	return out, probs.All()
}

func kindOf(tag string) string {
	switch tag {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "true or false"
	case "!!timestamp":
		return "a date"
	}
	return "a value of the type " + strings.TrimPrefix(tag, "!!")
}

// plainText finds the first byte that is not UTF-8 or is a character
// plaintext.Unshown finds (a line end CR LF is text), with its line and column.
func plainText(data []byte) (line, col int, msg string, ok bool) {
	line, col = 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return line, col, fmt.Sprintf("the file is not UTF-8 text: byte %#02x", data[i]), false
		case r == '\r':
		case plaintext.Unshown(r):
			return line, col, fmt.Sprintf("the file holds %s", plaintext.Name(r)), false
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return 0, 0, "", true
}

var yamlLineRE = regexp.MustCompile(`line (\d+):? ?`)

// yamlError pulls the line out of a yaml.v3 error; some have none, and
// those are put at line 1.
func yamlError(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, strings.Replace(msg, m[0], "", 1)
	}
	return 1, msg
}

// firstColumn is the column of the first non-blank character of a line.
func firstColumn(data []byte, line int) int {
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return 1
		}
		data = data[i+1:]
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return utf8.RuneCount(data) - utf8.RuneCount(bytes.TrimLeft(data, " \t")) + 1
}
