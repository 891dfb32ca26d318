//go:build unix

package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lockOutput takes the lock file beside an output folder. The system
// releases it when the process ends, however it ends, so a killed build
// never leaves the folder locked.
func lockOutput(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, ErrBusy
		}
		return nil, err
	}
	return f, nil
}

func unlock(f *os.File) {
	if f != nil {
		f.Close() // closing releases the lock
	}
}

// writable reports whether the folder's entries can be removed.
func writable(dir string) error {
	return unix.Access(dir, unix.W_OK|unix.X_OK)
}
