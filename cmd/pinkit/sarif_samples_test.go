package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/mitm"
)

// TestWriteSARIFSamples writes every kind of SARIF log pinkit produces into
// $PINKIT_SARIF_OUT, for scripts/validate-sarif.sh to check with
// Microsoft's sarif-multitool and GitHub's rules (.ci/run). Without the
// variable it only checks that each one is written.
func TestWriteSARIFSamples(t *testing.T) {
	t.Parallel()
	out := os.Getenv("PINKIT_SARIF_OUT")
	if out == "" {
		out = t.TempDir()
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	apks, _ := filepath.Glob(filepath.Join(root, "testdata/apk/*.apk"))
	ipas, _ := filepath.Glob(filepath.Join(root, "testdata/ipa/*.ipa"))
	bad := filepath.Join(t.TempDir(), "broken.apk")
	if err := os.WriteFile(bad, []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := []string{"audit", "--format", "sarif", "--now", "2026-06-01"}
	cases := map[string][]string{
		"audit-apks.sarif":        apks,
		"audit-ipas.sarif":        ipas,
		"audit-source.sarif":      {filepath.Join(root, "testdata/apk/src/good"), filepath.Join(root, "testdata/ipa/swiftapp")},
		"audit-source-root.sarif": append([]string{"--source-root", root, "--map", "res=testdata/apk/src/good/res"}, apks...),
		"audit-failed.sarif":      {bad, filepath.Join(root, "testdata/apk/good.apk")},
		"audit-good.sarif":        {filepath.Join(root, "testdata/apk/good.apk")},
	}
	for name, args := range cases {
		var stdout, stderr bytes.Buffer
		code := run(append(append([]string{}, base...), args...), strings.NewReader(""), &stdout, &stderr)
		if code == exitError && name != "audit-failed.sarif" || stdout.Len() == 0 {
			t.Errorf("%s: exit %d, stderr %s", name, code, stderr.String())
			continue
		}
		if err := os.WriteFile(filepath.Join(out, name), stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rec := mitm.NewRecorder(0)
	for _, e := range []mitm.Event{
		{Host: "pinned.example", Attack: mitm.AttackTrusted, Outcome: mitm.OutcomeRejected, Alert: "bad_certificate"},
		{Host: "open.example", Attack: mitm.AttackTrusted, Outcome: mitm.OutcomeAccepted},
		{Host: "broken.example", Attack: mitm.AttackUntrusted, Outcome: mitm.OutcomeAccepted},
	} {
		e.Kind, e.Time = mitm.KindHandshake, time.Unix(0, 0)
		rec.Record(e)
	}
	s := mitm.Summary{Hosts: rec.Results()}
	for name, opts := range map[string]mitm.SARIFOptions{
		"mitm.sarif":        {ToolVersion: version(), OnlyFailing: true},
		"mitm-all.sarif":    {ToolVersion: version()},
		"mitm-events.sarif": {ToolVersion: version(), Artifact: "events.jsonl", OnlyFailing: true},
	} {
		var b bytes.Buffer
		if err := mitm.WriteSARIFOptions(&b, s, opts); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
