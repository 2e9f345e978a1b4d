// Package archtest holds the import-direction test of docs/ARCHITECTURE.md: it
// fails when a package imports something its layer must never import.
package archtest

import (
	"bufio"
	"bytes"
	"maps"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/pinkit/pinkit"

// rule says what a group of packages may import. Patterns are module-relative
// ("." is the root package pin), end in "/..." for a subtree, or name a
// package outside the module as "std:net/http".
type rule struct {
	pkgs   []string // packages the rule applies to
	allow  []string // the only packages of the module they may import (nil: no limit)
	forbid []string // packages (module-relative or std) they must never import
	why    string
}

var rules = []rule{
	{pkgs: []string{"."}, allow: []string{"internal/hostname", "internal/pinfmt"},
		why: "pin is enforcement only; reporting is pinreport's (see also TestPinIsEnforcementOnly)"},
	{pkgs: []string{"internal/hostname", "internal/pinfmt"}, allow: []string{},
		why: "the one owner of a decision depends on nothing of the repo"},
	{pkgs: []string{"nsc", "ats"}, allow: []string{".", "internal/..."},
		why: "platform models import at most pin and internal/"},
	{pkgs: []string{"trustkit"}, allow: []string{".", "internal/...", "nsc"},
		why: "TrustKit-Android's config lives inside the NSC XML and is read from nsc's parse tree"},
	{pkgs: []string{"pinreport"}, allow: []string{".", "internal/..."},
		why: "the report wire type sits beside pin, below the collector"},
	{pkgs: []string{"audit", "audit/hosttable/..."},
		forbid: []string{"audit/load/...", "audit/rules/...", "audit/report/...", "cmd/...", "mitm/...", "collector/..."},
		why:    "the framework and the host table never import their producers, rules or writers"},
	{pkgs: []string{"audit/rules/..."}, forbid: []string{"audit/load/...", "audit/report/...", "cmd/..."},
		why: "rules read the host table, not loaders or writers"},
	{pkgs: []string{"audit/report/..."}, forbid: []string{"audit/load/...", "cmd/..."},
		why: "writers print results; they never load or recompute"},
	{pkgs: []string{"mitm/...", "collector/..."}, forbid: []string{"audit/...", "audit", "cmd/..."},
		why: "mitm and collector never import audit"},
	{pkgs: []string{"internal/..."}, forbid: []string{"audit/...", "audit", "cmd/...", "mitm/...", "collector/..."},
		why: "internal packages are leaves below the products"},
}

func TestImportDirections(t *testing.T) {
	graph := importGraph(t)
	if len(graph) < 10 {
		t.Fatalf("go list found only %d packages: the test cannot see the module", len(graph))
	}
	for _, pkg := range slices.Sorted(maps.Keys(graph)) {
		imports := graph[pkg]
		for _, r := range rules {
			if !matchAny(pkg, r.pkgs) {
				continue
			}
			for _, imp := range imports {
				if msg := r.violation(imp); msg != "" {
					t.Errorf("%s imports %s: %s (%s)", show(pkg), show(imp), msg, r.why)
				}
			}
		}
	}
}

// violation says why imp breaks r, or "" when it does not.
func (r rule) violation(imp string) string {
	if matchAny(imp, r.forbid) {
		return "forbidden"
	}
	if r.allow != nil && inModule(imp) && !matchAny(imp, r.allow) {
		return "not in the allowed list"
	}
	return ""
}

// importGraph maps every non-test package of the module (module-relative, the
// root as ".") to its direct imports (module-relative for the module's own).
func importGraph(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", module+"/...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	graph := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		pkg := rel(f[0])
		if strings.HasPrefix(pkg, "bench") {
			continue // benchmarks may wire anything, like cmd/pinkit
		}
		for _, imp := range f[1:] {
			graph[pkg] = append(graph[pkg], rel(imp))
		}
		if graph[pkg] == nil {
			graph[pkg] = []string{}
		}
	}
	return graph
}

// rel turns a module import path into a module-relative one ("." for the root);
// other paths are returned unchanged.
func rel(p string) string {
	if p == module {
		return "."
	}
	if s, ok := strings.CutPrefix(p, module+"/"); ok {
		return s
	}
	return "std:" + p
}

func inModule(p string) bool { return !strings.HasPrefix(p, "std:") }

func matchAny(p string, patterns []string) bool {
	for _, pat := range patterns {
		if base, ok := strings.CutSuffix(pat, "/..."); ok {
			if p == base || strings.HasPrefix(p, base+"/") {
				return true
			}
		} else if p == pat {
			return true
		}
	}
	return false
}

func show(p string) string {
	if p == "." {
		return "pin (module root)"
	}
	return path.Clean(strings.TrimPrefix(p, "std:"))
}
