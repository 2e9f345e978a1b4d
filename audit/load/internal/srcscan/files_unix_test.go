//go:build unix

package srcscan

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
)

// A FIFO is refused before it is opened (opening it would block).
func TestReadFileFIFO(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "pipe.swift")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	if _, err := ReadFile(fifo, 5); !errors.Is(err, errNotRegular) {
		t.Errorf("FIFO: %v", err)
	}
}
