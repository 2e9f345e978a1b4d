package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/mitm"
	"howett.net/plist"
)

// TestTextWritersEscape: the pin and mitm text writers print strings from
// certificates and network peers with control characters escaped
// (issue 11), like the audit text report.
func TestTextWritersEscape(t *testing.T) {
	t.Parallel()
	evil := "evil\x1b[2J\x1b]0;owned\x07\u202e"
	var b bytes.Buffer
	writeText(&b, []certInfo{{Input: "host" + evil, Role: "leaf", Subject: "CN=" + evil, Issuer: "CN=" + evil, Key: "RSA", Pin: "sha256/x"}})
	line := liveLine(mitm.Event{Kind: mitm.KindHandshake, Time: time.Unix(0, 0), Mode: "proxy", Host: "sni" + evil,
		Attack: mitm.AttackTrusted, Outcome: mitm.OutcomeRejected, Detail: evil})
	rec := mitm.NewRecorder(0)
	rec.Record(mitm.Event{Kind: mitm.KindHandshake, Time: time.Unix(0, 0), Host: "sni" + evil, Attack: mitm.AttackTrusted, Outcome: mitm.OutcomeAccepted})
	var m bytes.Buffer
	if err := mitm.WriteText(&m, mitm.Summary{Hosts: rec.Results()}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"pin text": b.String(), "mitm live line": line, "mitm matrix": m.String()} {
		for _, c := range []string{"\x1b", "\x07", "\u202e"} {
			if strings.Contains(out, c) {
				t.Errorf("%s holds raw %q: %q", name, c, out)
			}
		}
		if !strings.Contains(out, `evil\x1b[2J`) {
			t.Errorf("%s lacks the escaped text: %q", name, out)
		}
	}
}

// TestAuditTextEscapesHostileIPA: issue 11's last row end to end. An IPA
// whose binary Info.plist puts terminal escapes in the bundle ID, the
// executable name and an ATS exception domain goes through the real loader
// and the text report; the report must hold none of them raw.
func TestAuditTextEscapesHostileIPA(t *testing.T) {
	t.Parallel()
	evil := "\x1b[2J\x1b[H\x1b]0;owned\x07\u202e"
	info := map[string]any{
		"CFBundleIdentifier":         "com.evil" + evil,
		"CFBundleExecutable":         "A" + evil,
		"CFBundleShortVersionString": "1" + evil,
		"NSAppTransportSecurity": map[string]any{"NSExceptionDomains": map[string]any{
			"evil" + evil + ".example.com": map[string]any{"NSExceptionAllowsInsecureHTTPLoads": true},
		}},
	}
	bin, err := plist.Marshal(info, plist.BinaryFormat)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "evil.ipa")
	if err := os.WriteFile(p, zipOf(t, map[string]string{"Payload/A.app/Info.plist": string(bin)}), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"audit", "--now", "2026-06-01", p}, strings.NewReader(""), &stdout, &stderr)
	out := stdout.String() + stderr.String()
	if code == 2 || !strings.Contains(out, `com.evil\x1b[2J`) {
		t.Fatalf("exit %d; the report lacks the escaped bundle ID:\n%s", code, out)
	}
	for _, c := range []string{"\x1b", "\x07", "\u202e"} {
		if strings.Contains(out, c) {
			t.Errorf("the audit text report holds raw %q:\n%q", c, out)
		}
	}
}
