//go:build unix

package srcscan

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A FIFO is refused before it is opened (opening it would block).
func TestReadFileFIFO(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.swift")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	tree, err := OpenTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	if _, err := tree.ReadFile(fifo, 5); !errors.Is(err, errNotRegular) {
		t.Errorf("FIFO: %v", err)
	}
}

// A link out of the tree — to /dev/zero, to a file of the user's — is
// refused, never followed; a link inside the tree is followed.
func TestTreeSymlinks(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.kt")
	if err := os.WriteFile(secret, []byte("val key = \"hunter2\""), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "src", "real.kt"), []byte("ok"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{
		"zero.xml":   "/dev/zero",
		"secret.kt":  secret,
		"up.kt":      "../" + filepath.Base(outside) + "/secret.kt",
		"inside.kt":  "src/real.kt",
		"loop.kt":    "loop.kt",
		"srcdir.lnk": "src",
	} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("no symlinks: %v", err)
		}
	}
	tree, err := OpenTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	for _, name := range []string{"zero.xml", "secret.kt", "up.kt", "loop.kt", "srcdir.lnk"} {
		if data, err := tree.ReadFile(filepath.Join(dir, name), 1<<20); err == nil {
			t.Errorf("%s: read %q through a link, want an error", name, data)
		}
		if tree.IsFile(filepath.Join(dir, name)) {
			t.Errorf("%s: IsFile true", name)
		}
	}
	if data, err := tree.ReadFile(filepath.Join(dir, "inside.kt"), 1<<20); err != nil || string(data) != "ok" {
		t.Errorf("link inside the tree: %q, %v", data, err)
	}
	if data, err := tree.ReadFile(filepath.Join(dir, "..", filepath.Base(outside), "secret.kt"), 1<<20); !errors.Is(err, ErrOutside) {
		t.Errorf("path out of the tree: %q, %v", data, err)
	}
}
