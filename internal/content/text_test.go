package content

import (
	"strings"
	"testing"
)

// FuzzCleanText: the fast scan accepts exactly the text the full one,
// which also counts lines, finds nothing in.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", "plain\ttext\r\n", "a\x07b", "\x7f", "ä\u0085ö", "\ufdd0", "\uffff", "x\xffy", "\xe2\x82", "tab\there\nnewline", "\U0010fffe", "\u00a0"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _, _, ok := whereBad(data)
		if got := cleanText(data); got != ok {
			t.Errorf("cleanText(%q) = %v, the full scan says %v", data, got, ok)
		}
		if line, col, msg, ok2 := badText(data); ok2 != ok || !ok && (line < 1 || col < 1 || msg == "") {
			t.Errorf("badText(%q) = %d, %d, %q, %v", data, line, col, msg, ok2)
		}
	})
}

// BenchmarkBadText: every byte of every file is checked once per build.
func BenchmarkBadText(b *testing.B) {
	data := []byte(strings.Repeat("Kokeilussa selvitettiin, miten kuntalaiset käyttävät kirjaston tiloja illalla.\n", 64))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, _, ok := badText(data); !ok {
			b.Fatal("bad")
		}
	}
}
