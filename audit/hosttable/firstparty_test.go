package hosttable

import (
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit/model"
)

// TestFirstPartyBackends: apps whose backends are not the package's
// domain. Jamendo's F-Droid app (package com.teleca.jamendo) talks to
// api.jamendo.com; InsecureShop (com.insecureshop) loads
// insecureshopapp.com from its own code. Both were judged third-party
// before, so their missing pins went unreported. SDK hosts named by the
// same app code, and hosts only a bundled library names, stay third-party.
func TestFirstPartyBackends(t *testing.T) {
	t.Parallel()
	jamendo := &model.App{Path: "jamendo.apk", Platform: model.PlatformAndroid, PackageName: "com.teleca.jamendo", TargetSDK: 30,
		Hosts: []model.HostRef{
			{Host: "api.jamendo.com", Source: model.SourceCode, Location: model.Location{File: "classes.dex", Symbol: "Lcom/teleca/jamendo/api/impl/JamendoGet2ApiImpl;"}},
			{Host: "www.google.com", Source: model.SourceCode, Location: model.Location{File: "classes.dex", Symbol: "Lcom/teleca/jamendo/activity/AboutActivity;"}},
		}}
	shop := &model.App{Path: "insecureshop.apk", Platform: model.PlatformAndroid, PackageName: "com.insecureshop", TargetSDK: 28,
		Hosts: []model.HostRef{
			{Host: "insecureshopapp.com", URL: "https://www.insecureshopapp.com", Source: model.SourceCode,
				Location: model.Location{File: "classes2.dex", Symbol: "Lcom/insecureshop/AboutUsActivity;"}},
			{Host: "tracker.sdkvendor.io", Source: model.SourceCode, Location: model.Location{File: "classes.dex", Symbol: "Lio/sdkvendor/Tracker;"}},
			{Host: "crashlytics.com", Source: model.SourceCode, Location: model.Location{File: "classes.dex", Symbol: "Lcom/insecureshop/App;"}},
		}}
	tests := []struct {
		app   *model.App
		host  string
		first bool
		why   string
	}{
		{jamendo, "api.jamendo.com", true, "jamendo is a word of the package com.teleca.jamendo"},
		{jamendo, "www.google.com", false, "well-known third-party"},
		{shop, "insecureshopapp.com", true, "named in the app's own code (classes2.dex (Lcom/insecureshop/AboutUsActivity;))"},
		{shop, "tracker.sdkvendor.io", false, "not configured, pinned or named by the app's own code"},
		{shop, "crashlytics.com", false, "well-known third-party"},
	}
	for _, tt := range tests {
		var row *Row
		for _, r := range Build(tt.app, Config{Now: testNow}) {
			if r.Host == tt.host {
				row = &r
			}
		}
		if row == nil {
			t.Errorf("%s: no row", tt.host)
			continue
		}
		if row.FirstParty != tt.first || !strings.Contains(row.FirstPartyWhy, tt.why) {
			t.Errorf("%s: first-party %v (%q), want %v (%q)", tt.host, row.FirstParty, row.FirstPartyWhy, tt.first, tt.why)
		}
	}
}
