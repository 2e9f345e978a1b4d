package apk

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules"
)

// pinningDemo reproduces the structure of httptoolkit's
// android-ssl-pinning-demo (app/src/main/java/tech/httptoolkit/
// pinning_demo/MainActivity.kt at 04fa4239e524c1b9daf979a3a10925a5e23888e6):
// the SPKI hashes are top-level `const val`s, the host a local `val`, and
// CertificatePinner gets `add(hostname, "sha256/${CONST}")`; its NSC pins
// another badssl.com host, so ecc384.badssl.com is first-party.
var pinningDemo = map[string]string{
	"app/src/main/AndroidManifest.xml": `<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="tech.httptoolkit.pinning_demo">
    <uses-sdk android:minSdkVersion="21" android:targetSdkVersion="33"/>
    <application android:networkSecurityConfig="@xml/network_security_config"/>
</manifest>
`,
	"app/src/main/res/xml/network_security_config.xml": `<network-security-config>
    <domain-config>
        <domain includeSubdomains="false">sha256.badssl.com</domain>
        <pin-set>
            <pin digest="SHA-256">C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=</pin>
            <pin digest="SHA-256">jQJTbIh0grw0/1TkHSumWb+Fs0Ggogr621gT3PvPKG0=</pin>
        </pin-set>
    </domain-config>
</network-security-config>
`,
	"app/src/main/java/tech/httptoolkit/pinning_demo/MainActivity.kt": `package tech.httptoolkit.pinning_demo

import okhttp3.CertificatePinner
import okhttp3.OkHttpClient

const val LETS_ENCRYPT_ISRG_X1_ROOT_PK_SHA256 = "C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M="
const val LETS_ENCRYPT_R3_INTERM_PK_SHA256 = "jQJTbIh0grw0/1TkHSumWb+Fs0Ggogr621gT3PvPKG0="

class MainActivity {
    fun sendOkHttpPinned() {
        val hostname = "ecc384.badssl.com"
        val certificatePinner = CertificatePinner.Builder()
            .add(hostname, "sha256/${LETS_ENCRYPT_ISRG_X1_ROOT_PK_SHA256}")
            .add(hostname, "sha256/$LETS_ENCRYPT_R3_INTERM_PK_SHA256")
            .build()
        val client = OkHttpClient.Builder().certificatePinner(certificatePinner).build()
        println(client)
    }
}
`,
	"app/src/main/java/tech/httptoolkit/pinning_demo/Legacy.java": `package tech.httptoolkit.pinning_demo;

class Legacy {
    static final String ROOT = "C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=";
    static final String PIN = "sha256/" + ROOT;
    String unknown(String k) { return "sha256/${k}"; }
}
`,
}

// TestSourceConstantsResolved: before, the two pins were reported as
// malformed (two false HIGH PK301s, "sha256/${…}" does not decode) and
// ecc384.badssl.com as an unpinned first-party host (a false PK102).
func TestSourceConstantsResolved(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, body := range pinningDemo {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	app, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var pins []string
	for _, p := range app.CodePins {
		pins = append(pins, p.Pattern+" "+p.Pin)
	}
	slices.Sort(pins)
	want := []string{
		" sha256/C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=", // Legacy.PIN: concatenated, no pinner
		"ecc384.badssl.com sha256/C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=",
		"ecc384.badssl.com sha256/jQJTbIh0grw0/1TkHSumWb+Fs0Ggogr621gT3PvPKG0=",
	}
	if !slices.Equal(pins, want) {
		t.Errorf("code pins:\n got %q\nwant %q", pins, want)
	}
	res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: rules.All(), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Apps[0].Active() {
		if f.RuleID == "PK102" && f.Host == "ecc384.badssl.com" || f.RuleID == "PK301" && strings.Contains(f.Message, "ecc384") ||
			f.RuleID == "PK301" && strings.Contains(f.Message, "does not decode") {
			t.Errorf("false finding: %s %s: %s", f.RuleID, f.Host, f.Message)
		}
	}
	for _, r := range res.Apps[0].Hosts {
		if r.Host == "ecc384.badssl.com" && (!r.Pinned || !r.FirstParty || !r.Backup) {
			t.Errorf("ecc384.badssl.com row: pinned %v first-party %v backup %v", r.Pinned, r.FirstParty, r.Backup)
		}
	}
}
