package code

import (
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit"
)

const (
	pinA = "sha256/ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="
	pinB = "sha256/PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="
	sha1 = "sha1/BOGUSxxkrL5vVGEvAN5FJlHjd3g=" // not a real digest, 20 bytes
)

func app(mods ...func(*audit.App)) *audit.App {
	a := &audit.App{Path: "app.apk", Platform: audit.PlatformAndroid, ID: "com.example.app", PackageName: "com.example.app", TargetSDK: 30}
	for _, m := range mods {
		m(a)
	}
	return a
}

func pins(pattern string, ps ...string) func(*audit.App) {
	return func(a *audit.App) {
		for _, p := range ps {
			a.CodePins = append(a.CodePins, audit.CodePin{Library: audit.SourceOkHttp, Pattern: pattern, Pin: p,
				Location: audit.Location{File: "classes.dex", Symbol: "Lcom/example/Net;"}})
		}
	}
}

type ruleCase struct {
	name string
	app  *audit.App
	want []string
}

func runCases(t *testing.T, r audit.Rule, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := audit.Run([]*audit.App{tc.app}, audit.Options{Rules: []audit.Rule{r}, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			got := res.Apps[0].Findings
			var msgs []string
			for _, f := range got {
				msgs = append(msgs, f.Message)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(tc.want), strings.Join(msgs, "\n"))
			}
			for i, f := range got {
				if !strings.Contains(f.Message, tc.want[i]) {
					t.Errorf("finding %d = %q, want %q", i, f.Message, tc.want[i])
				}
			}
		})
	}
}
