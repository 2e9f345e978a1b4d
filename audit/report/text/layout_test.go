package text

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules"
)

// manyHosts audits an app naming svc1…svcN.example.com in code, with
// example.com first-party: N PK102 findings.
func manyHosts(t *testing.T, n int) *audit.Result {
	t.Helper()
	app := &audit.App{Path: "big", Platform: audit.PlatformAndroid, ID: "com.example.big", TargetSDK: 34}
	for i := n; i >= 1; i-- {
		h := fmt.Sprintf("svc%d.example.com", i)
		app.Hosts = append(app.Hosts, audit.HostRef{Host: h, URL: "https://" + h + "/", Source: audit.SourceCode,
			Location: audit.Location{File: "src/Api.kt", Line: i}})
	}
	res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: rules.All(), FirstParty: []string{"example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func render(t *testing.T, res *audit.Result, opts Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteOptions(&buf, res, opts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestRepeatsGrouped(t *testing.T) {
	t.Parallel()
	out := render(t, manyHosts(t, 60), Options{Hosts: HostsNone})
	if n := strings.Count(out, "PK102"); n != 1 {
		t.Errorf("PK102 printed %d times, want one group:\n%s", n, out)
	}
	if !strings.Contains(out, "PK102 host-unpinned × 60 hosts: svc1.example.com, svc2.example.com, svc3.example.com, svc4.example.com, svc5.example.com and 55 more") {
		t.Errorf("group line missing or not in natural order:\n%s", out)
	}
	if strings.Contains(out, "HOST ") {
		t.Error("--hosts none printed a table")
	}
	if !strings.HasSuffix(out, "summary: 1 app(s) audited, 0 failed; 61 finding(s) (61 medium); 0 suppressed, 0 in baseline\n") {
		t.Errorf("no summary line at the end:\n%s", out)
	}
}

func TestHostTableNaturalOrderAndFilter(t *testing.T) {
	t.Parallel()
	out := render(t, manyHosts(t, 12), Options{Hosts: HostsUnpinned})
	var hosts []string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && strings.HasPrefix(f[0], "svc") {
			hosts = append(hosts, f[0])
		}
	}
	want := []string{"svc1.example.com", "svc2.example.com", "svc3.example.com"}
	if len(hosts) != 12 || !slices.Equal(hosts[:3], want) || hosts[11] != "svc12.example.com" {
		t.Errorf("host rows = %v", hosts)
	}
}

func TestNaturalCompare(t *testing.T) {
	t.Parallel()
	in := []string{"svc10", "svc2", "svc1", "a", "svc011", "svc11", "b2x", "b10", "99999999999999999999999"}
	slices.SortFunc(in, NaturalCompare)
	want := []string{"99999999999999999999999", "a", "b2x", "b10", "svc1", "svc2", "svc10", "svc011", "svc11"}
	if !slices.Equal(in, want) {
		t.Errorf("sorted = %v, want %v", in, want)
	}
}

// TestControlCharactersEscaped: an app's bundle ID, executable path and
// ATS domain hold terminal escapes; none may reach the terminal raw
// (issue 11).
func TestControlCharactersEscaped(t *testing.T) {
	t.Parallel()
	evil := "\x1b[2J\x1b[H"
	app := &audit.App{Path: "Evil" + evil + ".ipa", Platform: audit.PlatformIOS, ID: "com.evil" + evil, Version: "1\r",
		Hosts: []audit.HostRef{{Host: "api.evil.example" + evil, Source: audit.SourceCode,
			Location: audit.Location{File: "Payload/Evil.app/Evil\x1b]0;pwned\x07"}}}}
	res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: rules.All(), FirstParty: []string{"evil.example"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Failed = []audit.InputError{{Path: "x\x1b[31m.apk", Err: errors.New("not a zip\x1b[0m")}}
	out := render(t, res, Options{})
	for _, c := range []string{"\x1b", "\x07", "\r"} {
		if strings.Contains(out, c) {
			t.Errorf("report holds raw %q:\n%q", c, out)
		}
	}
	if !strings.Contains(out, `com.evil\x1b[2J\x1b[H`) {
		t.Errorf("escaped bundle ID missing:\n%s", out)
	}
}

func TestFailuresListed(t *testing.T) {
	t.Parallel()
	res := &audit.Result{Failed: []audit.InputError{{Path: "broken.apk", Err: errors.New("failed to open: not a zip archive")}}}
	out := render(t, res, Options{})
	want := "== broken.apk ==\nFAILED: failed to open: not a zip archive\n\nsummary: 0 app(s) audited, 1 failed; 0 finding(s); 0 suppressed, 0 in baseline\n"
	if out != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
	if _, err := ParseHosts("some"); err == nil {
		t.Error("ParseHosts accepted an unknown value")
	}
}
