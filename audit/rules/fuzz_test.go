package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/nsc"
)

// FuzzRules runs every rule on apps built from arbitrary NSC files, hosts
// and code pins: no rule may crash (a crash shows as StatusError).
func FuzzRules(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("android", "testdata", "*.xml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "api.example.com", "*.example.com", pinA, 23, true)
	}
	f.Fuzz(func(t *testing.T, data []byte, host, pattern, pin string, sdk int, debuggable bool) {
		cfg, err := nsc.Parse("fuzz.xml", data)
		if err != nil {
			cfg = nil
		}
		app := &audit.App{Path: "fuzz.apk", Platform: audit.PlatformAndroid, PackageName: "com.example.fuzz",
			TargetSDK: sdk, Debuggable: debuggable, NSC: cfg, NSCDebug: cfg,
			Hosts:    []audit.HostRef{{Host: host}},
			CodePins: []audit.CodePin{{Library: audit.SourceOkHttp, Pattern: pattern, Pin: pin}},
		}
		res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: All(), Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Apps[0].Findings {
			if f.Status == audit.StatusError {
				t.Fatalf("rule crashed: %s", f.Message)
			}
		}
	})
}
