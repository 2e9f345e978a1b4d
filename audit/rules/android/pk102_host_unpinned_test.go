package android

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
)

func TestHostUnpinned(t *testing.T) {
	t.Parallel()
	runCases(t, HostUnpinned{}, []ruleCase{
		{"all pinned", nscApp(t, "good.xml", withHosts("api.example.com", "cdn.example.com")), nil},
		// trust-anchors alone are not pinning; the parent does not get the child's pins
		{"anchors only", nscApp(t, "anchors_only.xml"), []string{"example.com is not pinned"}},
		{"hardcoded first-party host", nscApp(t, "", withHosts("api.example.com")), []string{"api.example.com is not pinned"}},
		{"host outside nsc domains", nscApp(t, "good.xml", withHosts("login.example.net", "api.example.com")), nil},
		{"local and third-party hosts are not first-party",
			nscApp(t, "good.xml", withHosts("localhost", "10.0.2.2", "127.0.0.1", "firebaseio.com", "app.example.firebaseio.com", "schemas.android.com", "www.googleapis.com")), nil},
		{"other registrable domain is third-party", nscApp(t, "good.xml", withHosts("login.example.net")), nil},
		{"expired pins", nscApp(t, "expired.xml"), []string{"expired on 2025-06-01"}},
		{"overridePins", nscApp(t, "override.xml"), []string{"overridePins"}},
		{"okhttp pins cover the host", nscApp(t, "", withHosts("api.example.com"), func(a *audit.App) {
			a.CodePins = []audit.CodePin{{Library: audit.SourceOkHttp, Pattern: "*.example.com", Pin: "sha256/" + pinA}}
		}), nil},
		{"okhttp pattern one label only", nscApp(t, "", withHosts("a.b.example.com"), func(a *audit.App) {
			a.CodePins = []audit.CodePin{{Library: audit.SourceOkHttp, Pattern: "*.example.com", Pin: "sha256/" + pinA}}
		}), []string{"a.b.example.com is not pinned"}},
	})
}

func TestHostUnpinnedFirstPartyOption(t *testing.T) {
	t.Parallel()
	app := nscApp(t, "good.xml", withHosts("login.example.net"))
	res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: []audit.Rule{HostUnpinned{}}, Now: testNow, FirstParty: []string{"example.net"}})
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Apps[0].Findings; len(f) != 1 || f[0].Host != "login.example.net" {
		t.Fatalf("findings = %s", dumpFindings(f))
	}
}

const (
	pinA = "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="
	pinB = "PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="
)

func TestHostUnpinnedRejectedConfig(t *testing.T) {
	t.Parallel()
	runCases(t, HostUnpinned{}, []ruleCase{
		// the table says not pinned (ConfigRejected); PK112 reports the cause once
		{"rejected config is PK112's", nscApp(t, "invalid.xml"), nil},
	})
}
