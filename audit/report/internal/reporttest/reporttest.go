// Package reporttest builds a deterministic audit result for the report
// writers' golden tests.
package reporttest

import (
	"time"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules"
	"github.com/pinkit/pinkit/nsc"
)

// Now is the audit time of [Sample].
func Now() time.Time { return time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC) }

const config = `<?xml version="1.0" encoding="utf-8"?>
<network-security-config>
    <base-config cleartextTrafficPermitted="false"/>
    <domain-config>
        <domain includeSubdomains="true">example.com</domain>
        <pin-set expiration="2026-01-20">
            <pin digest="SHA-256">ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=</pin>
        </pin-set>
        <domain-config cleartextTrafficPermitted="true">
            <domain>legacy.example.com</domain>
            <pin-set/>
        </domain-config>
    </domain-config>
    <domain-config>
        <domain>static.example.org</domain>
        <trust-anchors>
            <certificates src="system"/>
            <certificates src="user"/>
        </trust-anchors>
    </domain-config>
</network-security-config>
`

// Sample audits two apps with every rule: one with an NSC, OkHttp pins and
// hardcoded hosts (one finding ignored), one without NSC built with Flutter.
func Sample() (*audit.Result, error) {
	cfg, err := nsc.Parse("res/xml/network_security_config.xml", []byte(config))
	if err != nil {
		return nil, err
	}
	dex := audit.Location{File: "classes.dex", Symbol: "Lcom/example/app/Net;"}
	a := &audit.App{
		Path: "testdata/example.apk", Platform: audit.PlatformAndroid, ID: "com.example.app", PackageName: "com.example.app",
		Version: "1.2.3", TargetSDK: 30, MinSDK: 24, NSC: cfg, NSCFile: cfg.File,
		Hosts: []audit.HostRef{
			{Host: "api.example.com", URL: "https://api.example.com/v1", Source: audit.SourceCode, Location: dex},
			{Host: "10.0.2.2", URL: "http://10.0.2.2:8080", Source: audit.SourceCode, Location: dex},
			{Host: "app-measurement.com", Source: audit.SourceResource, Location: audit.Location{File: "resources.arsc"}},
		},
		CodePins: []audit.CodePin{
			{Library: audit.SourceOkHttp, Pattern: "*.example.net", Pin: "sha256/PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0=", Location: dex},
			{Library: audit.SourceOkHttp, Pattern: "*.example.net", Pin: "sha1/ABCDEFGHIJKLMNOPQRSTUVWXYZ0=", Location: dex},
		},
		HostnameVerifierAllowAll: []audit.Location{{File: "classes.dex", Symbol: "Lorg/apache/http/conn/ssl/NoopHostnameVerifier;"}},
	}
	b := &audit.App{
		Path: "testdata/flutter.apk", Platform: audit.PlatformAndroid, ID: "io.flutter.demo", PackageName: "io.flutter.demo",
		TargetSDK: 23, Frameworks: []string{"Flutter"}, FrameworkEvidence: map[string]string{"Flutter": "lib/arm64-v8a/libflutter.so"},
	}
	return audit.Run([]*audit.App{a, b}, audit.Options{
		Rules: rules.All(), Now: Now(), Ignore: []string{"PK110:legacy.example.com"},
	})
}
