package ipa

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/internal/zipx"
	"howett.net/plist"
)

// FuzzLoadIPA feeds arbitrary zip bytes to the IPA loader: it must return
// an app or an error, never panic, and stay within its limits.
func FuzzLoadIPA(f *testing.F) {
	f.Add(zipBytes(f,
		entry{name: "Payload/App.app/Info.plist", data: infoPlist(f, plist.BinaryFormat, map[string]any{
			"NSAppTransportSecurity": map[string]any{"NSPinnedDomains": map[string]any{"example.com": map[string]any{
				"NSPinnedCAIdentities": ids(b64A, "bad")}}},
			"TSKConfiguration": map[string]any{"TSKPinnedDomains": map[string]any{"example.com": map[string]any{"TSKPublicKeyHashes": []any{b64A}}}},
		})},
		entry{name: "Payload/App.app/App", data: machO(f, "strings-arm64.o")},
		entry{name: "Payload/App.app/Frameworks/F.framework/F", data: machO(f, "strings-fat.o"), store: true},
		entry{name: "Payload/App.app/a.pem", data: []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")},
	))
	f.Add(zipBytes(f, entry{name: "Payload/App.app/Info.plist", data: infoPlist(f, plist.XMLFormat, nil)}))
	f.Add([]byte("PK\x05\x06"))
	if data, err := os.ReadFile("../../../testdata/ipa/pinned.ipa"); err == nil {
		f.Add(data)
	}
	f.Add(zipBytes(f, entry{name: "Payload/App.app/Info.plist", data: hostileInfoPlists()["binary"], store: true}))
	lim := zipx.DefaultLimits()
	lim.MaxEntrySize, lim.MaxTotalSize, lim.MaxEntries = 4<<20, 16<<20, 1000
	f.Fuzz(func(t *testing.T, data []byte) {
		zr, err := zipx.NewReader("fuzz.ipa", bytes.NewReader(data), int64(len(data)), lim)
		if err != nil {
			return
		}
		app, err := loadIPA("fuzz.ipa", zr, Options{MachO: MachOLimits{MaxSection: 1 << 20}})
		if err != nil {
			return
		}
		if app.Platform != audit.PlatformIOS || len(app.Hosts) > maxHosts || len(app.CodeChecks) > maxChecks {
			t.Fatalf("bad app: %s %d hosts %d checks", app.Platform, len(app.Hosts), len(app.CodeChecks))
		}
		if _, err := audit.Run([]*audit.App{app}, audit.Options{Now: testNow}); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzScanSource feeds arbitrary Swift/Objective-C text to the code scanner.
func FuzzScanSource(f *testing.F) {
	for _, p := range []string{"Network.swift", "Legacy.m"} {
		if data, err := os.ReadFile(filepath.Join(swiftApp, "App", p)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("let u = \"\xff00https://\"\n")) // invalid UTF-8 before a scheme once panicked hostscan.Find
	f.Fuzz(func(t *testing.T, data []byte) {
		app := newApp("fuzz")
		scanSource(app, "fuzz.swift", data)
		for _, c := range app.CodeChecks {
			if c.Location.Line < 1 {
				t.Fatalf("check without a line: %+v", c)
			}
		}
	})
}
