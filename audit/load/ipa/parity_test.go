package ipa

import (
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/load/apk"
	"github.com/pinkit/pinkit/audit/rules"
	"howett.net/plist"
)

// Pins of testdata/apk/good.apk's NSC for example.com (+ subdomains).
const (
	goodPin1 = "oGy7eOkKIV15fpEGkhDUvfR+P6S/jK/U9Bv9rmpVvhE="
	goodPin2 = "odUGhNGyTxB4UDzYwnwM37QxpyMPGMZD4mS350iw9gY="
)

func TestPlatformParity(t *testing.T) {
	t.Parallel()
	android, err := apk.Load("../../../testdata/apk/good.apk", apk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		ats  map[string]any
		want []string // PK401 message parts, in order
	}{
		{"same pins", pinned("example.com", true, ids(goodPin2, goodPin1), nil), nil},
		// every first-party host either build names: the binary's api, cdn and pins hosts and the NSC domain
		{"iOS unpinned", nil, []string{"api.example.com is pinned on Android (NSC) but not on iOS",
			"cdn.example.com is pinned on Android", "example.com is pinned on Android", "pins.example.com is pinned on Android"}},
		{"different pins", pinned("example.com", true, ids(goodPin1, b64A), nil), []string{
			"api.example.com has different pins: Android " + goodPin1 + "," + goodPin2 + " vs iOS " + goodPin1 + "," + b64A,
			"cdn.example.com has different pins", "example.com has different pins", "pins.example.com has different pins"}},
		{"iOS pins a host Android does not", map[string]any{"NSPinnedDomains": map[string]any{
			"example.com": map[string]any{"NSIncludesSubdomains": true, "NSPinnedCAIdentities": ids(goodPin1, goodPin2)},
			"example.org": map[string]any{"NSPinnedCAIdentities": ids(b64A, b64B)}}},
			[]string{"example.org is pinned on iOS (ATS) but not on Android"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			extra := map[string]any{}
			if tc.ats != nil {
				extra["NSAppTransportSecurity"] = tc.ats
			}
			ios := load(t, basicIPA(t, plist.BinaryFormat, extra))
			res := runAudit(t, android, ios)
			var got []string
			for _, ar := range res.Apps {
				for _, f := range ar.Active() {
					if f.RuleID == "PK401" {
						if f.App != ar.App.Path {
							t.Errorf("finding of %s filed under %s", f.App, ar.App.Path)
						}
						got = append(got, f.Message)
					}
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("PK401 findings:\n%s\nwant %d", strings.Join(got, "\n"), len(tc.want))
			}
			for i := range got {
				if !strings.Contains(got[i], tc.want[i]) {
					t.Errorf("finding %d = %q, want %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestPairsByID(t *testing.T) {
	t.Parallel()
	a := &audit.App{Path: "a.apk", Platform: audit.PlatformAndroid, ID: "com.x"}
	b := &audit.App{Path: "b.apk", Platform: audit.PlatformAndroid, ID: "com.y"}
	i := &audit.App{Path: "i.ipa", Platform: audit.PlatformIOS, ID: "com.y"}
	res := runAudit(t, a, b, i)
	pairs := res.Pairs
	if len(pairs) != 1 || pairs[0].Android.App != b || pairs[0].IOS.App != i {
		t.Fatalf("pairs = %+v", pairs)
	}
	c := &audit.App{Path: "c.ipa", Platform: audit.PlatformIOS, ID: "com.z"}
	if got := runAudit(t, a, b, c).Pairs; len(got) != 0 {
		t.Fatalf("unrelated apps paired: %d", len(got))
	}
}

func TestPairsExplicit(t *testing.T) {
	t.Parallel()
	a := &audit.App{Path: "a.apk", Platform: audit.PlatformAndroid, ID: "com.x"}
	b := &audit.App{Path: "b.apk", Platform: audit.PlatformAndroid, ID: "com.y"}
	i := &audit.App{Path: "i.ipa", Platform: audit.PlatformIOS, ID: "com.y"}
	j := &audit.App{Path: "j.ipa", Platform: audit.PlatformIOS, ID: "com.z"}
	opts := audit.Options{Rules: rules.All(), Now: testNow, Pairs: []audit.PathPair{{Android: "a.apk", IOS: "j.ipa"}}}
	res, err := audit.Run([]*audit.App{a, b, i, j}, opts)
	if err != nil {
		t.Fatal(err)
	}
	// Only the explicit pair: b and i share an ID but are not compared.
	pairs := res.Pairs
	if len(pairs) != 1 || pairs[0].Android.App != a || pairs[0].IOS.App != j {
		t.Fatalf("pairs = %+v", pairs)
	}
	for _, tc := range []struct {
		pair audit.PathPair
		want string
	}{
		{audit.PathPair{Android: "x.apk", IOS: "i.ipa"}, `"x.apk" is not an audited app`},
		{audit.PathPair{Android: "a.apk", IOS: "b.apk"}, `"b.apk" is an android app, want ios`},
		{audit.PathPair{Android: "i.ipa", IOS: "j.ipa"}, `"i.ipa" is an ios app, want android`},
	} {
		opts.Pairs = []audit.PathPair{tc.pair}
		_, err := audit.Run([]*audit.App{a, b, i, j}, opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("pair %+v: err = %v, want %q", tc.pair, err, tc.want)
		}
	}
}
