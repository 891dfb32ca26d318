//go:build linux

package output

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// listSpare lists the spare with getdents64, which gives each entry's
// inode number and type with its name: the walk costs what fs.WalkDir's
// does, and then no file need be looked at to know whether it is already
// the output's. Each folder is opened relative to its parent, without
// following links, and must be writable. A spare with a mount point below
// it is listed without inode numbers (they would not be comparable).
func listSpare(spare string) ([]spareEntry, error) {
	fd, err := unix.Open(spare, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: spare, Err: err}
	}
	if err := writable(spare); err != nil {
		unix.Close(fd)
		return nil, err
	}
	l := &lister{buf: make([]byte, 16<<10), inodes: !mountedBelow(spare)}
	err = l.list(fd, "", spare)
	return l.found, err
}

type lister struct {
	buf    []byte
	found  []spareEntry
	inodes bool
}

type dirent struct {
	name string
	ino  uint64
	typ  byte
}

// list appends what the folder fd (prefix in the spare, p on disk) holds,
// and closes fd.
func (l *lister) list(fd int, prefix, p string) error {
	entries, err := l.read(fd)
	if err != nil {
		unix.Close(fd)
		return &os.PathError{Op: "readdir", Path: p, Err: err}
	}
	defer unix.Close(fd)
	slices.SortFunc(entries, func(a, b dirent) int { return strings.Compare(a.name, b.name) })
	for _, e := range entries {
		if e.typ == unix.DT_UNKNOWN {
			var st unix.Stat_t
			if err := unix.Fstatat(fd, e.name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
				return &os.PathError{Op: "lstat", Path: filepath.Join(p, e.name), Err: err}
			}
			e.typ = dtOf(st.Mode)
		}
		entry := spareEntry{name: prefix + e.name, dir: e.typ == unix.DT_DIR}
		if e.typ == unix.DT_REG && l.inodes {
			entry.ino = e.ino
		}
		l.found = append(l.found, entry)
		if !entry.dir {
			continue
		}
		child := filepath.Join(p, e.name)
		if err := unix.Faccessat(fd, e.name, unix.W_OK|unix.X_OK, 0); err != nil {
			return fmt.Errorf("%s: %w", child, err)
		}
		cfd, err := unix.Openat(fd, e.name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err != nil {
			return &os.PathError{Op: "open", Path: child, Err: err}
		}
		if err := l.list(cfd, entry.name+"/", child); err != nil {
			return err
		}
	}
	return nil
}

// read returns the folder's entries but . and ..
func (l *lister) read(fd int) ([]dirent, error) {
	var out []dirent
	for {
		n, err := unix.Getdents(fd, l.buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			return out, nil
		}
		// struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name.
		for off := 0; off+19 <= n; {
			reclen := int(binary.NativeEndian.Uint16(l.buf[off+16:]))
			if reclen < 19 || off+reclen > n {
				return nil, errors.New("malformed directory entry")
			}
			name := l.buf[off+19 : off+reclen]
			if i := slices.Index(name, 0); i >= 0 {
				name = name[:i]
			}
			if s := string(name); s != "." && s != ".." {
				out = append(out, dirent{name: s, ino: binary.NativeEndian.Uint64(l.buf[off:]), typ: l.buf[off+18]})
			}
			off += reclen
		}
	}
}

func dtOf(mode uint32) byte {
	switch mode & unix.S_IFMT {
	case unix.S_IFDIR:
		return unix.DT_DIR
	case unix.S_IFREG:
		return unix.DT_REG
	}
	return unix.DT_LNK // neither: replaced or removed like a link
}

// mountedBelow reports whether a file system is mounted at dir or below
// it, from /proc/self/mountinfo; true when that cannot be read.
func mountedBelow(dir string) bool {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return true
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		// 36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw
		fields := strings.Fields(sc.Text())
		if len(fields) < 5 {
			continue
		}
		at := unescapeMount(fields[4])
		if at == dir || strings.HasPrefix(at, dir+"/") {
			return true
		}
	}
	return sc.Err() != nil
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
