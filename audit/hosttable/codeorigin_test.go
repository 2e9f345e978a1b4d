package hosttable

import (
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit/model"
)

func TestCodeOrigin(t *testing.T) {
	t.Parallel()
	app := &model.App{PackageName: "com.teleca.jamendo"}
	tests := []struct {
		class string
		own   bool
		why   string
	}{
		{"Lcom/teleca/jamendo/api/Net;", true, "in the app package com.teleca.jamendo"},
		{"Lcom/teleca/other/Net;->verify", true, "in the app's namespace com.teleca"},
		{"Lcom/google/android/gms/Foo;", false, "in bundled library com.google"},
		{"Lokhttp3/internal/tls/OkHostnameVerifier;", false, "in bundled library okhttp3"},
		{"Lio/sdkvendor/Tracker;", false, "in bundled code io.sdkvendor"},
		{"La/b/c;", true, "obfuscated package a.b"},
		{"LTrustAll;", false, "default package"},
	}
	for _, tt := range tests {
		own, why := CodeOrigin(app, tt.class)
		if own != tt.own || !strings.Contains(why, tt.why) {
			t.Errorf("CodeOrigin(%s) = %v %q, want %v %q", tt.class, own, why, tt.own, tt.why)
		}
	}
}
