package mitm

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
)

// TestCurl drives a real third-party client (curl with OpenSSL) through
// the proxy in both modes.
func TestCurl(t *testing.T) {
	t.Parallel()
	curlPath, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl not installed")
	}
	cases := []struct {
		name    string
		attack  Attack
		args    func(r *rig, caFile string) []string
		exit    int // curl's exit code
		verdict Verdict
		alert   string
	}{
		{"cacert is intercepted", AttackTrusted, func(r *rig, ca string) []string { return []string{"--cacert", ca} }, 0, VerdictIntercepted, ""},
		{"pinnedpubkey is pinned", AttackTrusted, func(r *rig, ca string) []string {
			return []string{"--cacert", ca, "--pinnedpubkey", "sha256//" + upstreamPin(r).Base64()}
		}, 90, VerdictPinned, "none"},
		{"without the CA curl sends unknown_ca", AttackTrusted, func(r *rig, ca string) []string { return nil }, 60, VerdictPinned, "unknown_ca"},
		{"insecure accepts self-signed", AttackUntrusted, func(r *rig, ca string) []string { return []string{"--insecure"} }, 0, VerdictValidationBroken, ""},
		{"cacert refuses expired", AttackExpired, func(r *rig, ca string) []string { return []string{"--cacert", ca} }, 60, VerdictUnknown, "certificate_expired"},
	}
	for _, tc := range cases {
		for _, mode := range []string{"explicit", "transparent"} {
			t.Run(tc.name+"/"+mode, func(t *testing.T) {
				t.Parallel()
				r := newRig(t, tc.attack, nil)
				caFile := filepath.Join(t.TempDir(), "ca.pem")
				if err := os.WriteFile(caFile, r.ca.PEM(), 0o644); err != nil {
					t.Fatal(err)
				}
				args := []string{"-sS", "--max-time", "5", "--noproxy", "", "-o", "-"}
				if mode == "explicit" {
					args = append(args, "--proxy", "http://"+r.explicit)
				} else {
					args = append(args, "--connect-to", testHost+":443:"+r.transparent)
				}
				args = append(args, tc.args(r, caFile)...)
				args = append(args, "https://"+testHost+"/curl")
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				cmd := exec.CommandContext(ctx, curlPath, args...)
				cmd.Env = []string{"PATH=/usr/bin:/bin"} // no *_proxy from the environment
				out, err := cmd.CombinedOutput()
				if code := cmd.ProcessState.ExitCode(); code != tc.exit {
					t.Fatalf("curl exit %d (%v), want %d; output %s", code, err, tc.exit, out)
				}
				if tc.exit == 0 && !strings.Contains(string(out), "upstream GET /curl host="+testHost) {
					t.Errorf("curl output %q lacks the upstream body", out)
				}
				hs := r.waitEvents(t, KindHandshake, 1)
				if tc.alert != "" {
					alert := hs[0].Alert
					if alert == "" {
						alert = "none"
					}
					if hs[0].Outcome != OutcomeRejected || alert != tc.alert {
						t.Errorf("handshake = %+v, want rejected with %s", hs[0], tc.alert)
					}
				}
				if got := r.result(t, testHost); got.Verdict != tc.verdict {
					t.Errorf("verdict = %s (%s), want %s; %+v", got.Verdict, got.Reason, tc.verdict, got.Attacks)
				}
			})
		}
	}
}

// upstreamPin is the SPKI pin of the real upstream's leaf, which is what
// curl --pinnedpubkey compares.
func upstreamPin(r *rig) pin.Pin {
	return pin.FromCertificate(r.upstream.TLS.Certificates[0].Leaf)
}
