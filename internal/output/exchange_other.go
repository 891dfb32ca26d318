//go:build !linux

package output

import "os"

// exchange swaps two folders with two renames where the system has no
// atomic exchange; the output folder is missing only between them.
func exchange(a, b string) error {
	old := b + ".old"
	if err := os.Rename(b, old); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		os.Rename(old, b)
		return err
	}
	return os.Rename(old, a)
}
