package rules

import (
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
)

func TestPlatformParity(t *testing.T) {
	t.Parallel()
	androidApp := func(pins ...string) *audit.App {
		a := &audit.App{Path: "app.apk", Platform: audit.PlatformAndroid, ID: "com.example.app", TargetSDK: 30}
		for _, p := range pins {
			a.CodePins = append(a.CodePins, audit.CodePin{Library: audit.SourceOkHttp, Pattern: "api.example.com", Pin: "sha256/" + p})
		}
		return a
	}
	cases := []struct {
		name         string
		android, ios *audit.App
		want         []string // "app: message part"
	}{
		{"same pins, any order", androidApp(b64A, b64B), iosApp(apiATS(ids(b64B, b64A)), withHost("api.example.com")), nil},
		{"iOS unpinned", androidApp(b64A, b64B), iosApp(nil, withHost("api.example.com")),
			[]string{"app.ipa: api.example.com is pinned on Android (OkHttp) but not on iOS"}},
		{"Android unpinned, iOS never names the host", androidApp(), iosApp(pinnedATS(ids(b64A, b64B))),
			[]string{"app.apk: example.com is pinned on iOS (ATS) but not on Android"}},
		{"different pins", androidApp(b64A, b64B), iosApp(apiATS(ids(b64A)), withHost("api.example.com")),
			[]string{"app.ipa: api.example.com has different pins"}},
		// a parent domain pinned with subdomains on iOS covers more than Android's exact host
		{"iOS pins the parent", androidApp(b64A, b64B), iosApp(pinnedATS(ids(b64A, b64B)), withHost("api.example.com")),
			[]string{"app.apk: example.com is pinned on iOS (ATS) but not on Android"}},
		{"third-party and local hosts are not compared", androidApp(b64A, b64B),
			iosApp(apiATS(ids(b64A, b64B)), withHost("api.example.com"), withHost("www.googleapis.com"), withHost("localhost")), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := audit.Run([]*audit.App{tc.android, tc.ios}, audit.Options{Rules: []audit.Rule{PlatformParity{}}, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ar := range res.Apps {
				for _, f := range ar.Findings {
					got = append(got, ar.App.Path+": "+f.Message)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("findings:\n%s\nwant %q", strings.Join(got, "\n"), tc.want)
			}
			for i := range got {
				if !strings.Contains(got[i], tc.want[i]) {
					t.Errorf("finding %d = %q, want %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestPlatformParitySuppression(t *testing.T) {
	t.Parallel()
	android := &audit.App{Path: "app.apk", Platform: audit.PlatformAndroid, ID: "com.example.app",
		CodePins: []audit.CodePin{{Library: audit.SourceOkHttp, Pattern: "api.example.com", Pin: "sha256/" + b64A}}}
	ios := iosApp(nil, withHost("api.example.com"))
	res, err := audit.Run([]*audit.App{android, ios}, audit.Options{Rules: []audit.Rule{PlatformParity{}}, Now: testNow,
		Ignore: []string{"PK401:api.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	f := res.Apps[1].Findings
	if len(f) != 1 || f[0].Status != audit.StatusSuppressed || f[0].Fingerprint == "" || f[0].App != "app.ipa" {
		t.Fatalf("findings = %+v", f)
	}
}
