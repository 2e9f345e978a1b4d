package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update", false, "rewrite the cmp golden sections of testdata/script/*.txtar")

// TestMain lets testscript run this test binary as the "pinkit" command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"pinkit": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs testdata/script/*.txtar. Each script starts with the
// committed certificates of ../../testdata/certs copied to $WORK/certs.
func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *updateScripts,
		Setup: func(e *testscript.Env) error {
			// With -race, every exited process would sleep 1 s by default.
			e.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
			// $FIXTURES is testdata/ (committed APKs in $FIXTURES/apk) for audit_*.txtar.
			if abs, err := filepath.Abs("../../testdata"); err == nil {
				e.Setenv("FIXTURES", abs)
			}
			return copyCerts(filepath.Join(e.WorkDir, "certs"))
		},
	})
}

const certsDir = "../../testdata/certs"

func copyCerts(dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(certsDir)
	if err != nil {
		return err
	}
	for _, de := range entries {
		if de.IsDir() || strings.HasSuffix(de.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(certsDir, de.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, de.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
