package ipa

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"howett.net/plist"
)

var (
	goMachOOnce sync.Once
	goMachO     []byte
	goMachOErr  error
)

const goMachOSource = `package main

import "fmt"

// NUL-terminated like clang and swiftc string literals.
var urls = []string{"https://api.example.com/v1/login\x00", "http://pins.example.com/pins.json\x00"}

// Packed unterminated among Go's other strings.
var endpoint = "https://go.example.com/api"

func main() { fmt.Println(urls, endpoint, "PublicKeysTrustEvaluator") }
`

// darwinBinary builds a tiny Go program for darwin/arm64 once per test
// process, shared by every test that needs it: a real, linked Mach-O
// executable (not an object file).
func darwinBinary(t *testing.T) []byte {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a darwin binary (~10 s)")
	}
	goMachOOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ipa-macho-")
		if err != nil {
			goMachOErr = err
			return
		}
		defer os.RemoveAll(dir)
		for name, data := range map[string]string{"go.mod": "module app\n\ngo 1.22\n", "main.go": goMachOSource} {
			if goMachOErr = os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); goMachOErr != nil {
				return
			}
		}
		cmd := exec.Command("go", "build", "-trimpath", "-o", "App", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOOS=darwin", "GOARCH=arm64", "CGO_ENABLED=0", "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			goMachOErr = &buildError{err: err, out: string(out)}
			return
		}
		goMachO, goMachOErr = os.ReadFile(filepath.Join(dir, "App"))
	})
	if goMachOErr != nil {
		t.Fatalf("failed to build darwin binary: %v", goMachOErr)
	}
	return goMachO
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return e.err.Error() + ": " + e.out }

func TestLoadIPAGoMachO(t *testing.T) {
	t.Parallel()
	bin := darwinBinary(t)
	app := load(t, writeIPA(t,
		entry{name: "Payload/App.app/Info.plist", data: infoPlist(t, plist.XMLFormat, nil)},
		entry{name: "Payload/App.app/App", data: bin},
	))
	if len(app.LoadProblems) != 0 {
		t.Fatalf("load problems: %+v", app.LoadProblems)
	}
	if !slices.ContainsFunc(app.Hosts, func(h audit.HostRef) bool { return h.URL == "https://api.example.com/v1/login" }) {
		t.Errorf("hosts = %+v", app.Hosts)
	}
	if len(app.PinListURLs) != 1 || app.PinListURLs[0].URL != "http://pins.example.com/pins.json" {
		t.Errorf("pin list URLs = %+v", app.PinListURLs)
	}
	if !hasCheck(app, hosttable.CheckAlamofirePublicKeys) {
		t.Errorf("code checks = %+v", app.CodeChecks)
	}
}
