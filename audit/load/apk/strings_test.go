package apk

import (
	"slices"
	"testing"

	"github.com/pinkit/pinkit/audit"
)

func TestCodePinAndPattern(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"sha256/oGy7eOkKIV15fpEGkhDUvfR+P6S/jK/U9Bv9rmpVvhE=": true,
		"sha1/BOGUSxxxxxxxxxxxxxxxxxxxxxx=":                   true, // checked later by PK301
		"sha256/":                                             false,
		"sha256/short":                                        false,
		"sha512/oGy7eOkKIV15fpEGkhDUvfR+P6S/jK/U9Bv9rmpVvhE=": false,
	} {
		if got := isCodePin(s); got != want {
			t.Errorf("isCodePin(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]bool{
		"api.example.com": true, "*.example.com": true, "**.example.com": true,
		"*.internal.corp": true, "https://x.example.com": false, "okhttp3.CertificatePinner": false,
	} {
		if got := isPinPattern(s); got != want {
			t.Errorf("isPinPattern(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestScanCode(t *testing.T) {
	t.Parallel()
	src := []byte(`package x
val pinner = CertificatePinner.Builder()
    .add("api.example.com", "sha256/oGy7eOkKIV15fpEGkhDUvfR+P6S/jK/U9Bv9rmpVvhE=",
        "sha256/odUGhNGyTxB4UDzYwnwM37QxpyMPGMZD4mS350iw9gY=")
    .add("*.cdn.example.com", "sha256/xRWZhWcLIkRP2d5HF+Sdq731CtEzjBc4zYaC5RGr1FE=")
    .build()
const val LOOSE = "sha256/CYCCygzE3zRB763z9HsGp3Si0DVBesr2LUdxV5W5sm4="
val url = "https://img.example.net/a.png"
val v = NoopHostnameVerifier.INSTANCE
`)
	app := newApp("src")
	scanCode(app, "Net.kt", src)
	want := []audit.CodePin{
		{Library: "OkHttp", Pattern: "api.example.com", Pin: "sha256/oGy7eOkKIV15fpEGkhDUvfR+P6S/jK/U9Bv9rmpVvhE=", Location: audit.Location{File: "Net.kt", Line: 3}},
		{Library: "OkHttp", Pattern: "api.example.com", Pin: "sha256/odUGhNGyTxB4UDzYwnwM37QxpyMPGMZD4mS350iw9gY=", Location: audit.Location{File: "Net.kt", Line: 4}},
		{Library: "OkHttp", Pattern: "*.cdn.example.com", Pin: "sha256/xRWZhWcLIkRP2d5HF+Sdq731CtEzjBc4zYaC5RGr1FE=", Location: audit.Location{File: "Net.kt", Line: 5}},
		{Library: "OkHttp", Pattern: "", Pin: "sha256/CYCCygzE3zRB763z9HsGp3Si0DVBesr2LUdxV5W5sm4=", Location: audit.Location{File: "Net.kt", Line: 7}},
	}
	if !slices.Equal(app.CodePins, want) {
		t.Errorf("CodePins:\n got %+v\nwant %+v", app.CodePins, want)
	}
	var hosts []string
	for _, h := range app.Hosts {
		hosts = append(hosts, h.Host)
	}
	if !slices.Contains(hosts, "img.example.net") || !slices.Contains(hosts, "api.example.com") {
		t.Errorf("hosts = %q, want img.example.net and api.example.com", hosts)
	}
	if len(app.HostnameVerifierAllowAll) != 1 || app.HostnameVerifierAllowAll[0].Line != 9 {
		t.Errorf("HostnameVerifierAllowAll = %+v, want one at line 9", app.HostnameVerifierAllowAll)
	}
}
