//go:build unix

package sitefs

import (
	"os"
	"syscall"
)

// openFlags open without blocking: a FIFO swapped in after the check must
// not stop the build. Reads of regular files are not affected.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
