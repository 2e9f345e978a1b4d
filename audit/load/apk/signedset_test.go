package apk

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pinkit/pinkit/audit/hosttable"
)

// verifierSmali is the shape of clients/java's PinSetVerifier as D8 emits
// it: the root document's type checked against a string constant.
const verifierSmali = `.class public final Lio/pinkit/pinset/PinSetVerifier;
.super Ljava/lang/Object;

.method static checkRootType(Ljava/lang/String;)Z
    .registers 2
    const-string v0, "pinkit-root"
    invoke-virtual {v0, p0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    return v0
.end method
`

// TestLoadSignedPinSetVerifier: an APK whose code verifies pinkit-signed
// pin sets (it holds the "pinkit-root" document type) gets the code check
// PK305 reads. The DEX is assembled by smali, as the fixtures are.
func TestLoadSignedPinSetVerifier(t *testing.T) {
	smali, err := exec.LookPath("smali")
	if err != nil {
		t.Skip("smali not installed (apt-get install libsmali-java)")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "PinSetVerifier.smali"), []byte(verifierSmali), 0o644); err != nil {
		t.Fatal(err)
	}
	dexPath := filepath.Join(dir, "classes.dex")
	if out, err := exec.Command(smali, "assemble", "-o", dexPath, filepath.Join(dir, "PinSetVerifier.smali")).CombinedOutput(); err != nil {
		t.Fatalf("smali: %v\n%s", err, out)
	}
	dexData, err := os.ReadFile(dexPath)
	if err != nil {
		t.Fatal(err)
	}
	entries := readAllEntries(t, "good.apk")
	entries["classes.dex"] = dexData
	apkPath := filepath.Join(dir, "signed.apk")
	if err := os.WriteFile(apkPath, zipBytes(t, entries), 0o644); err != nil {
		t.Fatal(err)
	}
	app, err := Load(apkPath, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range app.CodeChecks {
		if c.Kind == hosttable.CheckPinkitSignedSet && c.Location.File == "classes.dex" {
			return
		}
	}
	t.Fatalf("no %s code check: %+v", hosttable.CheckPinkitSignedSet, app.CodeChecks)
}
