package text

import (
	"bytes"
	"regexp"
	"testing"
	"time"

	"github.com/pinkit/pinkit/ats"
	"github.com/pinkit/pinkit/audit"
)

func TestWritePairs(t *testing.T) {
	t.Parallel()
	const a, b = "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=", "PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="
	android := &audit.App{Path: "app.apk", Platform: audit.PlatformAndroid, ID: "com.example.app", TargetSDK: 30,
		CodePins: []audit.CodePin{{Library: audit.SourceOkHttp, Pattern: "api.example.com", Pin: "sha256/" + a},
			{Library: audit.SourceOkHttp, Pattern: "api.example.com", Pin: "sha256/" + b}},
		Hosts: []audit.HostRef{{Host: "cdn.example.com"}, {Host: "www.googleapis.com"}}}
	ios := &audit.App{Path: "App.ipa", Platform: audit.PlatformIOS, ID: "com.example.app",
		ATS: ats.FromDict("Info.plist", map[string]any{"NSPinnedDomains": map[string]any{"api.example.com": map[string]any{
			"NSPinnedLeafIdentities": []any{map[string]any{"SPKI-SHA256-BASE64": b}, map[string]any{"SPKI-SHA256-BASE64": a}}}}})}
	res, err := audit.Run([]*audit.App{android, ios}, audit.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, res); err != nil {
		t.Fatal(err)
	}
	for _, re := range []string{
		`(?m)^== app.apk \(android\) vs App.ipa \(ios\) ==$`,
		`(?m)^HOST +ANDROID +ANDROID PINS +IOS +IOS PINS +SAME PINS$`,
		`(?m)^api.example.com +yes +2 \(OkHttp\) +yes +2 \(ATS\) +yes$`,
		`(?m)^cdn.example.com +no +- +no +- +-$`,
	} {
		if !regexp.MustCompile(re).Match(buf.Bytes()) {
			t.Errorf("output lacks %s:\n%s", re, buf.String())
		}
	}
	side := buf.String()[bytes.Index(buf.Bytes(), []byte("(ios) ==")):]
	if regexp.MustCompile(`googleapis`).MatchString(side) {
		t.Errorf("third-party host in the side-by-side table:\n%s", side)
	}
}

// TestWritePairsFirstParty: the side-by-side table is the one Run built,
// with Options.FirstParty (before, the writer re-paired the builds with
// fresh options and lost --first-party hosts).
func TestWritePairsFirstParty(t *testing.T) {
	t.Parallel()
	android := &audit.App{Path: "app.apk", Platform: audit.PlatformAndroid, ID: "com.example.app", TargetSDK: 30,
		Hosts: []audit.HostRef{{Host: "login.partner.net"}}}
	ios := &audit.App{Path: "App.ipa", Platform: audit.PlatformIOS, ID: "com.example.app"}
	for _, tc := range []struct {
		firstParty []string
		want       bool
	}{{nil, false}, {[]string{"partner.net"}, true}} {
		res, err := audit.Run([]*audit.App{android, ios}, audit.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), FirstParty: tc.firstParty})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Write(&buf, res); err != nil {
			t.Fatal(err)
		}
		got := regexp.MustCompile(`(?m)^login.partner.net +no +- +no +- +-$`).Match(buf.Bytes())
		if got != tc.want {
			t.Errorf("FirstParty %v: side-by-side row present = %v, want %v:\n%s", tc.firstParty, got, tc.want, buf.String())
		}
	}
}
