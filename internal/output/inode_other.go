//go:build !unix

package output

import "io/fs"

// InodeOf is 0 where the system does not tell inode numbers.
func InodeOf(fs.FileInfo) uint64 { return 0 }
