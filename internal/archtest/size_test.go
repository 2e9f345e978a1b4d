package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// Limits of docs/ARCHITECTURE.md: a file a reader can hold in mind, a
// function that fits a screen.
const (
	maxFileLines = 500
	maxFuncLines = 60
)

// TestFileAndFunctionSize walks every non-test Go file of the module.
func TestFileAndFunctionSize(t *testing.T) {
	fset := token.NewFileSet()
	n := 0
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != "../.." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		n++
		checkSizes(t, fset, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("walked only %d Go files: the test cannot see the module", n)
	}
}

func checkSizes(t *testing.T, fset *token.FileSet, path string) {
	t.Helper()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	if lines := fset.File(f.Pos()).LineCount(); lines > maxFileLines {
		t.Errorf("%s: %d lines, want at most %d", path, lines, maxFileLines)
	}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		start, end := fset.Position(fn.Pos()).Line, fset.Position(fn.End()).Line
		if lines := end - start + 1; lines > maxFuncLines {
			t.Errorf("%s:%d: func %s is %d lines, want at most %d", path, start, fn.Name.Name, lines, maxFuncLines)
		}
	}
}
