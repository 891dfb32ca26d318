//go:build !linux

package output

// listSpare lists the spare; without getdents64's inode numbers every
// file the build keeps is looked at (see linkOld).
func listSpare(spare string) ([]spareEntry, error) { return walkSpare(spare) }
