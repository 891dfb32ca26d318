package output

import "golang.org/x/sys/unix"

// exchange swaps two folders in one atomic step, so a reader (or a
// concurrent deploy) never sees the output folder missing or half-written.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
