package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/internal/pinfmt"
	"github.com/pinkit/pinkit/nsc"
)

// trickyPins are pin values that decoders disagree on. nsc is the verdict of
// android.util.Base64 (NSC <pin> and TrustKit-Android), okhttp that of
// Okio's decoder behind CertificatePinner for "sha256/"+value: "ok", "bad"
// (the platform refuses it) or "placeholder" (accepted, pins nothing real).
var trickyPins = []struct {
	name, value string
	nsc, okhttp string
}{
	{"unpadded 43 characters", strings.TrimSuffix(pinC, "="), "ok", "ok"},
	{"a '.' inside", pinC[:20] + "." + pinC[20:], "ok", "bad"}, // Android skips it, Okio refuses it
	{"spaces inside", pinC[:20] + " \n " + pinC[20:], "ok", "ok"},
	{"placeholder, period 6", strings.Repeat("ABCDEF", 7) + "A=", "placeholder", "placeholder"},
	{"31 bytes", "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSA==", "bad", "bad"},
}

// pinC is a real digest that is neither pinA nor pinB.
const pinC = "Vjs8r4z+80wjNcr1YKepWQboSIRi63WsWXhIMN+eWys="

// TestPinVerdictsAgree builds one app whose NSC pins each tricky value in
// its own domain-config (with a good second pin and a TrustKit-Android
// <trustkit-config>), and whose OkHttp CertificatePinner pins the same
// values, then checks that every rule and the host table judge each value
// the same way: PK106, PK105, PK307 and the NSC host row for the <pin>;
// PK301 and the OkHttp host row for the code pin.
func TestPinVerdictsAgree(t *testing.T) {
	t.Parallel()
	good := strings.TrimPrefix(pinA, "sha256/")
	var xml strings.Builder
	xml.WriteString("<network-security-config>\n")
	app := &audit.App{Path: "app.apk", Platform: audit.PlatformAndroid, ID: "com.example.app", PackageName: "com.example.app", TargetSDK: 30}
	for i, p := range trickyPins {
		fmt.Fprintf(&xml, `<domain-config><domain>nsc%d.example.com</domain><pin-set><pin digest="SHA-256">%s</pin>`+
			`<pin digest="SHA-256">%s</pin></pin-set><trustkit-config enforcePinning="true"/></domain-config>`+"\n", i, p.value, good)
		for _, v := range []string{"sha256/" + p.value, pinA} {
			app.CodePins = append(app.CodePins, audit.CodePin{Library: audit.SourceOkHttp, Pattern: fmt.Sprintf("code%d.example.com", i), Pin: v})
		}
	}
	xml.WriteString("</network-security-config>\n")
	var err error
	if app.NSC, err = nsc.Parse("res/xml/network_security_config.xml", []byte(xml.String())); err != nil {
		t.Fatal(err)
	}
	res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: All(), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Apps[0]
	for i, p := range trickyPins {
		nscHost, codeHost := fmt.Sprintf("nsc%d.example.com", i), fmt.Sprintf("code%d.example.com", i)
		checkNSCVerdict(t, p.name, p.value, p.nsc, nscHost, r)
		checkOkHttpVerdict(t, p.name, p.value, p.okhttp, codeHost, r)
	}
}

func checkNSCVerdict(t *testing.T, name, value, want, host string, r audit.AppResult) {
	t.Helper()
	if got := verdict(pinfmt.Judge(pinfmt.NSC, value)); got != want {
		t.Errorf("%s: pinfmt says %s for NSC, want %s", name, got, want)
	}
	usable, rejected := want == "ok", want == "bad"
	pk106 := has(r, "PK106", host, value)
	pk105 := has(r, "PK105", host, "")
	pk307pin := has(r, "PK307", host, fmt.Sprintf("%q", strings.TrimSpace(value)))
	pk307backup := has(r, "PK307", host, "requires at least 2")
	row, ref := hostPin(r, host, value)
	if pk106 == usable || pk105 == usable || (row == nil || ref == nil) || ref.Valid != usable || row.Backup != usable {
		t.Errorf("%s (%s): PK106 %v, PK105 %v, host table %+v / %+v; every one should say usable=%v",
			name, host, pk106, pk105, row, ref, usable)
	}
	if pk307pin != rejected || pk307backup != rejected {
		t.Errorf("%s (%s): PK307 invalid pin %v, no backup %v; TrustKit-Android reads the <pin> like the platform (rejected=%v)",
			name, host, pk307pin, pk307backup, rejected)
	}
}

func checkOkHttpVerdict(t *testing.T, name, value, want, host string, r audit.AppResult) {
	t.Helper()
	pin := "sha256/" + value
	if got := verdict(pinfmt.Judge(pinfmt.OkHttp, pin)); got != want {
		t.Errorf("%s: pinfmt says %s for OkHttp, want %s", name, got, want)
	}
	usable := want == "ok"
	pk301 := has(r, "PK301", host, fmt.Sprintf("%q", pin))
	pk301backup := has(r, "PK301", host, "add a backup pin")
	row, ref := hostPin(r, host, pin)
	if pk301 == usable || pk301backup == usable || row == nil || ref == nil || ref.Valid != usable || row.Backup != usable {
		t.Errorf("%s (%s): PK301 %v, backup finding %v, host table %+v / %+v; every one should say usable=%v",
			name, host, pk301, pk301backup, row, ref, usable)
	}
}

func verdict(v pinfmt.Verdict) string {
	switch {
	case v.Err != nil:
		return "bad"
	case v.Placeholder != "":
		return "placeholder"
	}
	return "ok"
}

// has reports whether rule id failed for host with a message or key
// containing s.
func has(r audit.AppResult, id, host, s string) bool {
	for _, f := range r.Findings {
		if f.RuleID == id && f.Host == host && (strings.Contains(f.Message, s) || strings.Contains(f.Key, s)) {
			return true
		}
	}
	return false
}

// hostPin returns the row of host and its pin written as value.
func hostPin(r audit.AppResult, host, value string) (*hosttable.Row, *hosttable.PinRef) {
	for i := range r.Hosts {
		if r.Hosts[i].Host != host {
			continue
		}
		for j := range r.Hosts[i].Pins {
			if r.Hosts[i].Pins[j].Value == value {
				return &r.Hosts[i], &r.Hosts[i].Pins[j]
			}
		}
		return &r.Hosts[i], nil
	}
	return nil, nil
}
