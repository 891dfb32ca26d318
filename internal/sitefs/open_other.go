//go:build !unix

package sitefs

import "os"

const openFlags = os.O_RDONLY
