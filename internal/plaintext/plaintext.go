// Package plaintext says which characters text written by editors may
// hold: frontmatter values, site.yaml and the UI strings are checked with
// the same rule, so that nothing unshowable reaches a page, a feed or a
// spreadsheet.
package plaintext

import "fmt"

// Hint is what an editor can do about a character Find reports.
const Hint = `remove it: it cannot be shown, and in quotes it may be written as an escape like \x07 or \u0000`

// Unshown reports whether r has no place in text: C0 controls other than
// tab and newline, DEL, C1 controls and Unicode noncharacters.
func Unshown(r rune) bool {
	return r != '\t' && r != '\n' && (r < 0x20 || r >= 0x7f && r < 0xa0 ||
		r >= 0xfdd0 && r <= 0xfdef || r&0xfffe == 0xfffe)
}

// Find returns the first character of s that Unshown reports, and false;
// or true when there is none.
func Find(s string) (rune, bool) {
	for _, r := range s {
		if Unshown(r) {
			return r, false
		}
	}
	return 0, true
}

// Name names a character Find found, for a message: "the control
// character U+0007".
func Name(r rune) string {
	if r < 0x20 || r >= 0x7f && r < 0xa0 {
		return fmt.Sprintf("the control character %U", r)
	}
	return fmt.Sprintf("the noncharacter %U", r)
}
