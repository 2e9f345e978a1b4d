package bigbuf

import "golang.org/x/sys/unix"

// hugePages asks for transparent huge pages where the system hands them
// out only on request (THP "madvise" mode): filling a 16 MiB buffer then
// takes 8 page faults instead of 4,096, which in a VM cost more than the
// inflating (bench/RESULTS-speed.md).
func hugePages(b []byte) { _ = unix.Madvise(b, unix.MADV_HUGEPAGE) }
