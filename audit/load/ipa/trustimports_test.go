package ipa

import (
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit/hosttable"
	"howett.net/plist"
)

// TestBinaryChallengeHandler: Mach-O fixtures assembled by llvm-mc from
// testdata/challenge.s hold the selectors of a URLSession/WKWebView
// challenge handler and credentialForTrust:; one imports
// SecTrustEvaluateWithError, the other only SecTrustGetCertificateAtIndex
// (it reads the chain but never evaluates it). Only the second is a
// PK306 finding. Before, a binary's challenge handler went unjudged.
func TestBinaryChallengeHandler(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		binary string
		want   bool
	}{
		{"challenge-noeval.o", true},
		{"challenge-eval.o", false},
		{"strings-arm64.o", false}, // no handler at all
	} {
		t.Run(tc.binary, func(t *testing.T) {
			t.Parallel()
			path := writeIPA(t,
				entry{name: "Payload/App.app/Info.plist", data: infoPlist(t, plist.BinaryFormat, nil)},
				entry{name: "Payload/App.app/App", data: machO(t, tc.binary)})
			app := load(t, path)
			got := false
			for _, c := range app.CodeChecks {
				if c.Kind == hosttable.CheckChallengeWithoutEvaluation {
					got = true
					if !strings.Contains(c.Detail, "URLSession:didReceiveChallenge:completionHandler:") || c.Location.File == "" {
						t.Errorf("check = %+v", c)
					}
				}
			}
			if got != tc.want {
				t.Errorf("challenge-handler-without-evaluation: %v, want %v (%+v)", got, tc.want, app.CodeChecks)
			}
			if got && !hasFinding(runAudit(t, app).Apps[0], "PK306", "imports no SecTrustEvaluate") {
				t.Error("no PK306 finding")
			}
		})
	}
}

func FuzzReadBinaryTrust(f *testing.F) {
	for _, n := range []string{"challenge-noeval.o", "challenge-eval.o", "strings-fat.o"} {
		f.Add(machO(f, n))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = readBinaryTrust(data, MachOLimits{}) // must not panic or hang
	})
}
