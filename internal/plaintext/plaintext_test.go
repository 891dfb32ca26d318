package plaintext

import "testing"

func TestFind(t *testing.T) {
	for _, tt := range []struct {
		s    string
		bad  rune
		name string
	}{
		{"tab\tand\nnewline, ä, €, 😀", 0, ""},
		{"bell\a", 7, "the control character U+0007"},
		{"nul\x00", 0, "the control character U+0000"},
		{"del\x7f", 0x7f, "the control character U+007F"},
		{"next line\u0085", 0x85, "the control character U+0085"},
		{"\ufdd0", 0xfdd0, "the noncharacter U+FDD0"},
		{"\uffff", 0xffff, "the noncharacter U+FFFF"},
		{"\U0001fffe", 0x1fffe, "the noncharacter U+1FFFE"},
	} {
		r, ok := Find(tt.s)
		if ok != (tt.name == "") || !ok && (r != tt.bad || Name(r) != tt.name) {
			t.Errorf("Find(%q) = %U, %v (%s); want %s", tt.s, r, ok, Name(r), tt.name)
		}
	}
}
