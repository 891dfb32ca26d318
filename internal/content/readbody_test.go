package content

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/kokeilu/kokeilu/internal/problem"
)

// TestReadBodyAfterDrop: a document that let go of its body reads the
// same bytes again from its file, and refuses a file that no longer holds
// them.
func TestReadBodyAfterDrop(t *testing.T) {
	const name = "content/experiments/x.fi.md"
	front := "---\ntitle: X\n---\n"
	for _, c := range []struct {
		what, file, later string
		text              bool
		err               error
	}{
		{what: "a body", file: front + "Teksti **vahva**.\n", text: true},
		{what: "a byte-order mark first", file: "\uFEFF" + front + "Teksti.\n", text: true},
		{what: "white space only", file: front + "\n  \n", text: false},
		{what: "no body", file: front, text: false},
		{what: "the frontmatter changed in place: the same body", file: front + "Teksti.\n", later: "---\ntitle: Y\n---\nTeksti.\n", text: true},
		{what: "the frontmatter grew: the body moved", file: front + "Teksti.\n", later: "---\ntitle: Yy\n---\nTeksti.\n", text: true, err: ErrChanged},
		{what: "the body changed", file: front + "Teksti.\n", later: front + "Toinen.\n", text: true, err: ErrChanged},
		{what: "the file is gone", file: front + "Teksti.\n", later: "-", text: true, err: fs.ErrNotExist},
	} {
		t.Run(c.what, func(t *testing.T) {
			fsys := fstest.MapFS{name: {Data: []byte(c.file)}}
			d := ParseFile(name, []byte(c.file), []string{"fi"}, &problem.List{})
			want := string(d.Body)
			hasText := d.HasText()
			d.DropBody()
			if d.Body != nil || d.HasText() != hasText || hasText != c.text {
				t.Fatalf("after DropBody: body %q, HasText %v (before %v), want %v", d.Body, d.HasText(), hasText, c.text)
			}
			switch c.later {
			case "":
			case "-":
				delete(fsys, name)
			default:
				fsys[name] = &fstest.MapFile{Data: []byte(c.later)}
			}
			got, err := d.ReadBody(fsys)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("ReadBody: %v, want %v", err, c.err)
				}
				return
			}
			if err != nil || (c.text && string(got) != want) {
				t.Fatalf("ReadBody: %q, %v; want %q", got, err, want)
			}
		})
	}
}
