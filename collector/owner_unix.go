//go:build unix

package collector

import (
	"io/fs"
	"syscall"
)

// fileOwner returns the uid owning the file, where the platform says.
func fileOwner(fi fs.FileInfo) (int, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}
