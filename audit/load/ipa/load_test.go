package ipa

import (
	"encoding/pem"
	"errors"
	"slices"
	"strings"
	"testing"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/internal/pintest"
	"github.com/pinkit/pinkit/internal/zipx"
	"howett.net/plist"
)

func TestLoadIPAInfoAndBinary(t *testing.T) {
	t.Parallel()
	for _, format := range []int{plist.BinaryFormat, plist.XMLFormat} {
		app := load(t, basicIPA(t, format, nil))
		if app.Platform != audit.PlatformIOS || app.ID != "com.example.app" || app.Version != "1.2.3" {
			t.Fatalf("app = %+v", app)
		}
		var hosts []string
		for _, h := range app.Hosts {
			hosts = append(hosts, h.Host)
		}
		for _, want := range []string{"api.example.com", "cdn.example.com", "pins.example.com"} {
			if !slices.Contains(hosts, want) {
				t.Errorf("hosts %v lack %s", hosts, want)
			}
		}
		if len(app.PinListURLs) != 1 || app.PinListURLs[0].URL != "http://pins.example.com/pins.json" {
			t.Errorf("pin list URLs = %+v", app.PinListURLs)
		}
		if !hasCheck(app, hosttable.CheckAlamofirePublicKeys) || !hasCheck(app, hosttable.CheckAFNetworkingPinning) {
			t.Errorf("code checks = %+v", app.CodeChecks)
		}
		if h := app.Hosts[0]; h.Location.File != "Payload/App.app/App" || h.Location.Symbol == "" {
			t.Errorf("host location = %+v", h.Location)
		}
	}
}

func hasCheck(app *audit.App, kind string) bool {
	return slices.ContainsFunc(app.CodeChecks, func(c audit.CodeCheck) bool { return c.Kind == kind })
}

func TestLoadIPAFatFramework(t *testing.T) {
	t.Parallel()
	p := writeIPA(t,
		entry{name: "Payload/App.app/Info.plist", data: infoPlist(t, plist.BinaryFormat, nil)},
		entry{name: "Payload/App.app/App", data: []byte("not a mach-o")},
		entry{name: "Payload/App.app/Frameworks/Net.framework/Net", data: machO(t, "strings-fat.o"), store: true},
		entry{name: "Payload/App.app/Frameworks/Net.framework/Info.plist", data: infoPlist(t, plist.XMLFormat, nil)},
		entry{name: "Payload/App.app/Assets.car", data: make([]byte, 1<<16)},
	)
	app := load(t, p)
	if !slices.ContainsFunc(app.Hosts, func(h audit.HostRef) bool {
		return h.Host == "cdn.example.com" && h.Location.File == "Payload/App.app/Frameworks/Net.framework/Net"
	}) {
		t.Errorf("framework hosts missing: %+v", app.Hosts)
	}
	// library markers in frameworks are the library's, not the app's use of it
	if len(app.CodeChecks) != 0 {
		t.Errorf("code checks from a framework: %+v", app.CodeChecks)
	}
	if len(app.LoadProblems) != 1 || app.LoadProblems[0].Location.File != "Payload/App.app/App" {
		t.Errorf("load problems = %+v", app.LoadProblems)
	}
}

func TestLoadIPAErrors(t *testing.T) {
	t.Parallel()
	bad := []struct {
		name    string
		entries []entry
		want    string
	}{
		{"no payload", []entry{{name: "hello.txt", data: []byte("x")}}, "no Payload/<Name>.app/Info.plist"},
		{"two apps", []entry{{name: "Payload/A.app/Info.plist", data: infoPlist(t, plist.XMLFormat, nil)},
			{name: "Payload/B.app/Info.plist", data: infoPlist(t, plist.XMLFormat, nil)}}, "more than one app bundle"},
		{"bad plist", []entry{{name: "Payload/App.app/Info.plist", data: []byte("<?xml version=\"1.0\"?><plist><dict><key>")}},
			"Payload/App.app/Info.plist"},
		{"array root", []entry{{name: "Payload/App.app/Info.plist", data: []byte("<plist><array/></plist>")}},
			"Payload/App.app/Info.plist"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(writeIPA(t, tc.entries...), Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "App.ipa") {
				t.Fatalf("err = %v, want it to name the IPA and %q", err, tc.want)
			}
		})
	}
	t.Run("not a zip", func(t *testing.T) {
		t.Parallel()
		p := writeIPA(t)
		if _, err := Load(p+".missing", Options{}); err == nil {
			t.Fatal("missing file loaded")
		}
	})
	t.Run("zip limits", func(t *testing.T) {
		t.Parallel()
		p := basicIPA(t, plist.BinaryFormat, nil, entry{name: "Payload/App.app/Frameworks/Big.framework/Big", data: make([]byte, 4<<20)})
		lim := zipx.DefaultLimits()
		lim.MaxRatio, lim.RatioFloor = 10, 1<<10
		_, err := Load(p, Options{Limits: &lim})
		if !errors.Is(err, zipx.ErrLimit) || !strings.Contains(err.Error(), "Big.framework/Big") {
			t.Fatalf("err = %v, want a ratio limit naming the entry", err)
		}
	})
}

func TestBundledCerts(t *testing.T) {
	t.Parallel()
	root := pintest.Root(t, "Example Root", ecKey(t))
	leaf := root.Leaf(t, ecKey(t), "api.example.com")
	pemCA := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root.Cert.Raw})
	app := load(t, basicIPA(t, plist.BinaryFormat, nil,
		entry{name: "Payload/App.app/api.cer", data: leaf.Raw},
		entry{name: "Payload/App.app/certs/root.pem", data: pemCA},
		entry{name: "Payload/App.app/broken.crt", data: []byte("garbage")},
	))
	if len(app.BundledCerts) != 2 {
		t.Fatalf("bundled certs = %+v", app.BundledCerts)
	}
	byFile := map[string]audit.BundledCert{}
	for _, c := range app.BundledCerts {
		byFile[c.File] = c
	}
	l, ca := byFile["Payload/App.app/api.cer"], byFile["Payload/App.app/certs/root.pem"]
	if l.IsCA || l.Pin != pin.FromCertificate(leaf).String() || !strings.Contains(l.Subject, "api.example.com") && l.Subject == "" {
		t.Errorf("leaf = %+v", l)
	}
	if !ca.IsCA || ca.Pin != pin.FromCertificate(root.Cert).String() || !strings.Contains(ca.Subject, "Example Root") {
		t.Errorf("ca = %+v", ca)
	}
	if len(app.LoadProblems) != 1 || app.LoadProblems[0].Location.File != "Payload/App.app/broken.crt" {
		t.Errorf("problems = %+v", app.LoadProblems)
	}
}

func TestLoadIPAMissingExecutable(t *testing.T) {
	t.Parallel()
	app := load(t, writeIPA(t, entry{name: "Payload/App.app/Info.plist", data: infoPlist(t, plist.BinaryFormat, nil)}))
	if len(app.LoadProblems) != 1 || !strings.Contains(app.LoadProblems[0].Message, `"Payload/App.app/App" named by CFBundleExecutable is not in the IPA`) {
		t.Fatalf("problems = %+v", app.LoadProblems)
	}
}

func TestBundleString(t *testing.T) {
	t.Parallel()
	root := map[string]any{"a": "$(PRODUCT_BUNDLE_IDENTIFIER)", "b": " com.x ", "c": 3}
	if bundleString(root, "a") != "" || bundleString(root, "b") != "com.x" || bundleString(root, "c") != "" {
		t.Error("bundleString")
	}
}
