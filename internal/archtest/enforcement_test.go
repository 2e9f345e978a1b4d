package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sending lists the net/http names that make or send requests: the pin
// package may name http.Transport (its Transport method wraps one) but
// must never send anything itself.
var sending = map[string]bool{
	"Client": true, "DefaultClient": true, "Get": true, "Head": true, "Post": true,
	"PostForm": true, "NewRequest": true, "NewRequestWithContext": true,
}

// TestPinIsEnforcementOnly: the root package starts no goroutine and sends
// no HTTP request (DESIGN §1: reporting is pinreport's), so a Policy is
// immutable and needs no Close.
func TestPinIsEnforcementOnly(t *testing.T) {
	files, err := filepath.Glob("../../*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no root package files: %v", err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				t.Errorf("%s: the pin package starts a goroutine", fset.Position(n.Pos()))
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok && id.Name == "http" && sending[n.Sel.Name] {
					t.Errorf("%s: the pin package uses http.%s", fset.Position(n.Pos()), n.Sel.Name)
				}
			}
			return true
		})
	}
}
