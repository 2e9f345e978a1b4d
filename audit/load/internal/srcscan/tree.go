package srcscan

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Tree is a source tree rooted at the directory the user named. Every read
// goes through an [os.Root], so a symbolic link (or a ".." path) that
// leads out of the tree is refused instead of followed: a cloned
// repository cannot make the audit read /dev/zero, a FIFO or a file of the
// user's. Links that stay inside the tree are followed.
type Tree struct {
	dir  string
	root *os.Root
}

// OpenTree opens the tree rooted at dir.
func OpenTree(dir string) (*Tree, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("failed to open source tree: %w", err)
	}
	return &Tree{dir: dir, root: root}, nil
}

// Close releases the tree's directory handle.
func (t *Tree) Close() error { return t.root.Close() }

// Dir returns the directory the tree was opened at.
func (t *Tree) Dir() string { return t.dir }

// ErrOutside is wrapped by the error for a path that is not below the
// tree's directory.
var ErrOutside = errors.New("path is outside the source tree")

// rel turns p, a path below Dir as filepath.WalkDir(Dir) or
// filepath.Join(Dir, …) gives it, into a path relative to the root.
func (t *Tree) rel(p string) (string, error) {
	r, err := filepath.Rel(t.dir, p)
	if err != nil || !filepath.IsLocal(r) && r != "." {
		return "", fmt.Errorf("%s: %w", p, ErrOutside)
	}
	return r, nil
}

// IsFile reports whether p is a regular file inside the tree (following
// links that stay inside it).
func (t *Tree) IsFile(p string) bool {
	r, err := t.rel(p)
	if err != nil {
		return false
	}
	fi, err := t.root.Stat(r)
	return err == nil && fi.Mode().IsRegular()
}

// ReadFile reads the regular file p inside the tree, refusing it when it
// holds more than max bytes. The size is counted while reading, never taken
// from Stat; a FIFO or device is refused before it is opened, and a link
// out of the tree is never followed.
func (t *Tree) ReadFile(p string, max int64) ([]byte, error) {
	r, err := t.rel(p)
	if err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", p, err)
	}
	if fi, err := t.root.Stat(r); err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", p, unwrapPath(err))
	} else if !fi.Mode().IsRegular() { // opening a FIFO would block
		return nil, fmt.Errorf("failed to read %s: %w", p, errNotRegular)
	}
	f, err := t.root.Open(r)
	if err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", p, unwrapPath(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() { // replaced since the first Stat
		return nil, fmt.Errorf("failed to read %s: %w", p, errNotRegular)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", p, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: more than %d bytes, the limit", p, max)
	}
	return data, nil
}

// unwrapPath drops the *PathError wrapper (its path is relative to the
// root), keeping its cause: fs.ErrNotExist, or os.Root's refusal of a path
// that escapes the tree.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
