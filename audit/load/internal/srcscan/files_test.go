package srcscan

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tree, err := OpenTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	ReadFile := tree.ReadFile
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if got, err := ReadFile(write("ok.kt", "12345"), 5); err != nil || string(got) != "12345" {
		t.Errorf("at the limit: %q, %v", got, err)
	}
	if _, err := ReadFile(write("big.kt", "123456"), 5); err == nil || !strings.Contains(err.Error(), "more than 5 bytes") {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.kt"), 5); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	if _, err := ReadFile(dir, 5); !errors.Is(err, errNotRegular) {
		t.Errorf("directory: %v", err)
	}
}

func TestSkipDir(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		".git": true, ".gradle": true, ".idea": true, ".build": true, ".swiftpm": true,
		"build": true, "node_modules": true, "Pods": true, "Carthage": true, "DerivedData": true, "SourcePackages": true,
		"src": false, "app": false, "main": false, "Sources": false, "res": false, "ios": false,
	} {
		if got := SkipDir(name); got != want {
			t.Errorf("SkipDir(%q) = %v, want %v", name, got, want)
		}
	}
}
