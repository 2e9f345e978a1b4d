package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/mitm"
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
