//go:build linux

package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// The kernel can resolve a whole path beneath a folder in one call
// (openat2 with RESOLVE_BENEATH: no step, through any link, may leave it),
// where os.Root opens and closes every folder on the way, twice for a file
// that is looked at before it is opened. A build reads every file of the
// site, so readFast is tried first; anything it does not read as a plain
// file (a refusal, a folder, a missing file, an old kernel) goes the long
// way, which decides and explains.

// beneath is a handle on the root folder for openat2, or -1.
type beneath int

func openBeneath(dir string) beneath {
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1
	}
	// Kernels before 5.6 have no openat2: find out once.
	how := unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC, Resolve: unix.RESOLVE_BENEATH}
	probe, err := unix.Openat2(fd, ".", &how)
	if err != nil {
		unix.Close(fd)
		return -1
	}
	unix.Close(probe)
	return beneath(fd)
}

// same reports whether b is the folder that root holds.
func (b beneath) same(root *os.Root) bool {
	if b < 0 {
		return true
	}
	var st unix.Stat_t
	fi, err := root.Stat(".")
	if err != nil || unix.Fstat(int(b), &st) != nil {
		return false
	}
	rs, ok := fi.Sys().(*syscall.Stat_t)
	return ok && uint64(rs.Dev) == uint64(st.Dev) && uint64(rs.Ino) == uint64(st.Ino)
}

func (b beneath) close() {
	if b >= 0 {
		unix.Close(int(b))
	}
}

// readFast reads name if it is a regular file beneath the root, through
// links that stay beneath it. ok is false when it did not: the caller asks
// the long way.
func (b beneath) readFast(name string) (data []byte, ok bool, err error) {
	if b < 0 {
		return nil, false, nil
	}
	how := unix.OpenHow{
		// Not blocking: a FIFO is found by fstat below and never read.
		Flags:   unix.O_RDONLY | unix.O_NONBLOCK | unix.O_CLOEXEC | unix.O_NOCTTY,
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS,
	}
	var fd int
	for {
		fd, err = unix.Openat2(int(b), name, &how)
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	if err != nil {
		return nil, false, nil
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, false, nil
	}
	data = make([]byte, 0, st.Size+1)
	for {
		n, err := unix.Read(fd, data[len(data):cap(data)])
		switch {
		case errors.Is(err, unix.EINTR) || errors.Is(err, unix.EAGAIN):
			continue
		case err != nil:
			return nil, true, &fs.PathError{Op: "read", Path: name, Err: os.NewSyscallError("read", err)}
		case n == 0:
			return data, true, nil
		}
		data = data[:len(data)+n]
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}
