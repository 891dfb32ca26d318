//go:build unix

package output

import (
	"io/fs"
	"syscall"
)

// InodeOf is the inode number of a file as os.Lstat described it, or 0.
func InodeOf(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}
