package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/nsc"
)

var testNow = time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)

func fixtureApp(t *testing.T, nscFile string, mods ...func(*audit.App)) *audit.App {
	t.Helper()
	a := &audit.App{Path: "app.apk", Platform: audit.PlatformAndroid, ID: "com.example.app", PackageName: "com.example.app", TargetSDK: 30}
	if nscFile != "" {
		data, err := os.ReadFile(filepath.Join("android", "testdata", nscFile))
		if err != nil {
			t.Fatal(err)
		}
		if a.NSC, err = nsc.Parse("res/xml/"+nscFile, data); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range mods {
		m(a)
	}
	return a
}

const (
	pinA = "sha256/ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="
	pinB = "sha256/PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="
)

// fixtures holds, for every rule, an app it must flag and one it must pass.
func fixtures(t *testing.T) map[string][2]*audit.App {
	debuggable := func(a *audit.App) { a.Debuggable = true }
	codePins := func(ps ...string) func(*audit.App) {
		return func(a *audit.App) {
			for _, p := range ps {
				a.CodePins = append(a.CodePins, audit.CodePin{Library: audit.SourceOkHttp, Pattern: "api.example.com", Pin: p})
			}
		}
	}
	fx := map[string][2]*audit.App{
		"PK101": {fixtureApp(t, ""), fixtureApp(t, "good.xml")},
		"PK102": {fixtureApp(t, "anchors_only.xml"), fixtureApp(t, "good.xml")},
		"PK103": {fixtureApp(t, "expired.xml"), fixtureApp(t, "good.xml")},
		"PK104": {fixtureApp(t, "expired.xml"), fixtureApp(t, "good.xml")},
		"PK105": {fixtureApp(t, "single_pin.xml"), fixtureApp(t, "no_expiry_backup.xml")},
		"PK106": {fixtureApp(t, "malformed.xml"), fixtureApp(t, "good.xml")},
		"PK107": {fixtureApp(t, "override.xml"), fixtureApp(t, "debug.xml")},
		"PK108": {fixtureApp(t, "user_ca.xml"), fixtureApp(t, "good.xml")},
		"PK109": {fixtureApp(t, "debug.xml", debuggable), fixtureApp(t, "debug.xml")},
		"PK110": {fixtureApp(t, "cleartext.xml"), fixtureApp(t, "good.xml")},
		"PK111": {fixtureApp(t, "empty_pinset.xml"), fixtureApp(t, "good.xml")},
		"PK112": {fixtureApp(t, "invalid.xml"), fixtureApp(t, "good.xml")},
		"PK301": {fixtureApp(t, "", codePins(pinA)), fixtureApp(t, "", codePins(pinA, pinB))},
		"PK303": {fixtureApp(t, "", func(a *audit.App) {
			a.HostnameVerifierAllowAll = []audit.Location{{File: "classes.dex", Symbol: "NoopHostnameVerifier"}}
		}), fixtureApp(t, "")},
		"PK304": {fixtureApp(t, "", func(a *audit.App) { a.Frameworks = []string{"Flutter"} }), fixtureApp(t, "")},
	}
	for _, p := range fixtureProviders { // fixtures of other test files (iOS, parity)
		for id, pair := range p(t) {
			fx[id] = pair
		}
	}
	return fx
}

// fixtureProviders add fixtures from other test files of this package.
var fixtureProviders []func(*testing.T) map[string][2]*audit.App

func TestRegistry(t *testing.T) {
	t.Parallel()
	all := All()
	fx := fixtures(t)
	idRe := regexp.MustCompile(`^PK[1-9][0-9]{2}$`)
	nameRe := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seenID, seenName := map[string]bool{}, map[string]bool{}
	prev := ""
	for _, r := range all {
		m := r.Metadata()
		t.Run(m.ID, func(t *testing.T) {
			if !idRe.MatchString(m.ID) || !nameRe.MatchString(m.Name) {
				t.Errorf("bad ID or name: %q %q", m.ID, m.Name)
			}
			if m.Description == "" || m.Help == "" || m.Citation == "" || len(m.MASWE) == 0 || len(m.CWE) == 0 {
				t.Errorf("incomplete metadata: %+v", m)
			}
			if m.Severity < audit.SeverityInfo || m.Severity > audit.SeverityCritical {
				t.Errorf("bad severity %v", m.Severity)
			}
			if got, ok := ByID(m.ID); !ok || got.Metadata().ID != m.ID {
				t.Errorf("ByID(%s) failed", m.ID)
			}
			pair, ok := fx[m.ID]
			if !ok {
				t.Fatalf("no fixtures for %s", m.ID)
			}
			if n := count(t, r, pair[0]); n == 0 {
				t.Errorf("failing fixture produced no finding")
			}
			if n := count(t, r, pair[1]); n != 0 {
				t.Errorf("passing fixture produced %d findings", n)
			}
		})
		if seenID[m.ID] || seenName[m.Name] {
			t.Errorf("duplicate rule %s %s", m.ID, m.Name)
		}
		if m.ID <= prev {
			t.Errorf("rules out of order: %s after %s", m.ID, prev)
		}
		seenID[m.ID], seenName[m.Name], prev = true, true, m.ID
	}
	if len(fx) != len(all) {
		t.Errorf("%d fixtures for %d rules", len(fx), len(all))
	}
	if _, ok := ByID("PK999"); ok {
		t.Error("ByID(PK999) found a rule")
	}
}

func count(t *testing.T, r audit.Rule, app *audit.App) int {
	t.Helper()
	res, err := audit.Run(append([]*audit.App{app}, partnersOf(app)...), audit.Options{Rules: []audit.Rule{r}, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range res.Apps[0].Findings {
		if f.RuleID != r.Metadata().ID || f.Status != audit.StatusFail {
			t.Errorf("unexpected finding %+v", f)
		}
		n++
	}
	return n
}
