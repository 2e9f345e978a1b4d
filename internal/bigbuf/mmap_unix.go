//go:build linux || darwin

package bigbuf

import "golang.org/x/sys/unix"

func mapAnon(size int) ([]byte, error) {
	b, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err == nil {
		hugePages(b)
	}
	return b, err
}

// release returns b's pages to the system; the mapping stays.
func release(b []byte) { _ = unix.Madvise(b, unix.MADV_DONTNEED) }
