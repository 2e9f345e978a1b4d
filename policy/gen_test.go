package policy

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/ats"
	"github.com/pinkit/pinkit/nsc"
	"github.com/pinkit/pinkit/trustkit"
	"howett.net/plist"
)

// bare returns the base64 of each pin of d, in order.
func bare(d Domain) []string {
	var out []string
	for _, p := range d.Pins {
		out = append(out, base64.StdEncoding.EncodeToString(p.Digest[:]))
	}
	return out
}

func gen(t *testing.T, f *File, target, lang string) []byte {
	t.Helper()
	out, err := Generate(f, target, GenOptions{Lang: lang})
	if err != nil {
		t.Fatalf("Generate(%s, %s): %v", target, lang, err)
	}
	return out
}

// TestRoundTripNSC: the NSC parsed back by package nsc resolves every
// domain (and a subdomain where included) to exactly the policy's pins and
// expiry, with no problem the platform would reject.
func TestRoundTripNSC(t *testing.T) {
	t.Parallel()
	f := loadExample(t)
	for _, target := range []string{TargetNSC, TargetTrustKitAndroid} {
		v := f.For(target)
		c, err := nsc.Parse("nsc.xml", gen(t, f, target, ""))
		if err != nil {
			t.Fatalf("%s: nsc.Parse: %v", target, err)
		}
		if len(c.Problems) > 0 {
			t.Errorf("%s: problems: %v", target, c.Problems)
		}
		for _, d := range v.Domains {
			hosts := []string{d.Name}
			if d.IncludeSubdomains {
				hosts = append(hosts, "a.b."+d.Name)
			}
			for _, h := range hosts {
				e := c.Resolve(h, nsc.ResolveOptions{Now: testNow, TargetSDK: 34})
				var got []string
				for _, p := range e.Pins {
					got = append(got, p.Value)
				}
				if !slices.Equal(got, bare(d)) || e.CleartextPermitted || e.UserCAs || e.PinSet.Expiration != v.Expires {
					t.Errorf("%s: %s resolves to pins %v (cleartext %v, user CAs %v, expiry %q); want %v, %q",
						target, h, got, e.CleartextPermitted, e.UserCAs, e.PinSet.Expiration, bare(d), v.Expires)
				}
			}
		}
		if e := c.Resolve("notexample.org", nsc.ResolveOptions{Now: testNow}); e.Pinned() {
			t.Errorf("%s: notexample.org is pinned", target)
		}
		if target != TargetTrustKitAndroid {
			continue
		}
		tk := trustkit.FromNSC(c)
		if tk == nil || len(tk.Domains) != len(v.Domains) {
			t.Fatalf("trustkit.FromNSC = %+v", tk)
		}
		for i, d := range v.Domains {
			got := tk.Domains[i]
			if got.Name != d.Name || got.IncludeSubdomains != d.IncludeSubdomains || got.EnforcePinning != !v.ReportOnly() ||
				!slices.Equal(got.Pins, bare(d)) || got.Expiration != v.Expires || !slices.Equal(got.ReportURIs, []string{v.ReportURI}) {
				t.Errorf("trustkit-android domain %d = %+v; want %s %v", i, got, d.Name, bare(d))
			}
		}
	}
}

// TestRoundTripATS: package ats reads back each domain with its CA and
// leaf identities split by kind, and no problem.
func TestRoundTripATS(t *testing.T) {
	t.Parallel()
	f := loadExample(t)
	c, err := ats.Parse("Info.plist", gen(t, f, TargetATS, ""))
	if err != nil || c == nil {
		t.Fatalf("ats.Parse: %v, %v", c, err)
	}
	if len(c.Problems) > 0 || len(c.PinnedDomains) != 2 {
		t.Fatalf("problems %v, %d domains", c.Problems, len(c.PinnedDomains))
	}
	for i, d := range f.Domains {
		pd := c.PinnedDomains[i]
		var ca, leaf []string
		for j, p := range d.Pins {
			if p.Kind == KindCA {
				ca = append(ca, bare(d)[j])
			} else {
				leaf = append(leaf, bare(d)[j])
			}
		}
		if pd.Name != d.Name || pd.IncludesSubdomains != d.IncludeSubdomains || !sameList(pd.CA, ca) || !sameList(pd.Leaf, leaf) {
			t.Errorf("domain %s = %+v; want CA %v leaf %v", d.Name, pd, ca, leaf)
		}
		if e := c.Resolve(d.Name); e.Pinned == nil || len(e.Pins()) != len(d.Pins) {
			t.Errorf("%s not pinned after round trip", d.Name)
		}
	}
}

func sameList(l *ats.IdentityList, want []string) bool {
	if l == nil {
		return len(want) == 0
	}
	return len(l.Invalid) == 0 && slices.Equal(l.Valid, want)
}

// TestATSRefusals: ATS has no report-only mode, needs a kind per pin and a
// backup on each side used.
func TestATSRefusals(t *testing.T) {
	t.Parallel()
	base := loadExample(t)
	one := *base
	one.Domains = []Domain{base.Domains[0]}
	one.Domains[0].Pins = slices.Clone(one.Domains[0].Pins)
	one.Domains[0].Pins[0].Kind = KindLeaf
	noKind := *base
	noKind.Domains = []Domain{base.Domains[0]}
	noKind.Domains[0].Pins = slices.Clone(noKind.Domains[0].Pins)
	noKind.Domains[0].Pins[1].Kind = ""
	ro := *base
	ro.Mode = ModeReportOnly
	for name, tt := range map[string]struct {
		f    *File
		want string
	}{
		"one leaf":    {&one, "NSPinnedLeafIdentities would hold 1 pin"},
		"no kind":     {&noKind, "has no kind"},
		"report-only": {&ro, "cannot report without enforcing"},
	} {
		if _, err := Generate(tt.f, TargetATS, GenOptions{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", name, err, tt.want)
		}
	}
}

// TestRoundTripTrustKitIOS: the Info.plist form is read back by package
// trustkit; the Swift and Objective-C forms hold the same domains, flags
// and hashes in the same order.
func TestRoundTripTrustKitIOS(t *testing.T) {
	t.Parallel()
	f := loadExample(t)
	var root map[string]any
	if _, err := plist.Unmarshal(gen(t, f, TargetTrustKitIOS, LangPlist), &root); err != nil {
		t.Fatal(err)
	}
	tk := trustkit.FromInfoPlist("Info.plist", root)
	if tk == nil || len(tk.Problems) > 0 || len(tk.Domains) != 2 {
		t.Fatalf("trustkit.FromInfoPlist = %+v", tk)
	}
	for i, d := range f.Domains {
		got := tk.Domains[i]
		if got.Name != d.Name || got.IncludeSubdomains != d.IncludeSubdomains || !got.EnforcePinning ||
			!slices.Equal(got.Pins, bare(d)) || got.Expiration != f.Expires || !got.DisableDefaultURI {
			t.Errorf("domain %d = %+v", i, got)
		}
		if exp, _ := got.Expired(time.Date(2099, 5, 31, 23, 59, 0, 0, time.UTC)); exp {
			t.Errorf("%s expired before its day", d.Name)
		}
	}
	want := codeView(f)
	for _, lang := range []string{LangSwift, LangObjC} {
		if got := readTrustKitCode(gen(t, f, TargetTrustKitIOS, lang)); got != want {
			t.Errorf("%s reads back as\n%s\nwant\n%s", lang, got, want)
		}
	}
}

// codeView is the policy as the TrustKit code should express it.
func codeView(f *File) string {
	var b strings.Builder
	for _, d := range f.Domains {
		b.WriteString(d.Name + " enforce=true subdomains=" + map[bool]string{true: "true", false: "false"}[d.IncludeSubdomains] +
			" expires=" + f.Expires + " pins=" + strings.Join(bare(d), ",") + "\n")
	}
	return b.String()
}

var (
	tkDomain = regexp.MustCompile(`^\s+@?"([a-z0-9.-]+)": [@\[]`)
	tkBool   = regexp.MustCompile(`^\s+kTSK(EnforcePinning|IncludeSubdomains): (true|false|@YES|@NO),`)
	tkExpiry = regexp.MustCompile(`^\s+kTSKExpirationDate: @?"([0-9-]+)",`)
	tkHash   = regexp.MustCompile(`^\s+@?"([A-Za-z0-9+/=]{44})", //`)
)

// readTrustKitCode reads the domains back from generated Swift or
// Objective-C, line by line.
func readTrustKitCode(src []byte) string {
	var b strings.Builder
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			b.WriteString(strings.Join(cur[:4], " ") + " pins=" + strings.Join(cur[4:], ",") + "\n")
		}
		cur = nil
	}
	for _, line := range bytes.Split(src, []byte("\n")) {
		s := string(line)
		switch {
		case tkDomain.MatchString(s):
			flush()
			cur = []string{tkDomain.FindStringSubmatch(s)[1]}
		case tkBool.MatchString(s):
			m := tkBool.FindStringSubmatch(s)
			v := m[2] == "true" || m[2] == "@YES"
			cur = append(cur, map[string]string{"EnforcePinning": "enforce=", "IncludeSubdomains": "subdomains="}[m[1]]+
				map[bool]string{true: "true", false: "false"}[v])
		case tkExpiry.MatchString(s):
			cur = append(cur, "expires="+tkExpiry.FindStringSubmatch(s)[1])
		case tkHash.MatchString(s):
			cur = append(cur, tkHash.FindStringSubmatch(s)[1])
		}
	}
	flush()
	return b.String()
}

var okhttpAdd = regexp.MustCompile(`\.add\("([^"]+)", "(sha256/[A-Za-z0-9+/=]+)"\)`)

// TestRoundTripOkHttp: the Kotlin and Java pinners add exactly the
// policy's (pattern, pin) pairs, skipping the domains skipped for okhttp.
func TestRoundTripOkHttp(t *testing.T) {
	t.Parallel()
	f := loadExample(t)
	var want []string
	for _, d := range f.For(TargetOkHttp).Domains {
		for _, p := range d.Pins {
			want = append(want, okhttpPattern(d)+" "+p.SPKI)
		}
	}
	for _, lang := range []string{LangKotlin, LangJava} {
		var got []string
		for _, m := range okhttpAdd.FindAllStringSubmatch(string(gen(t, f, TargetOkHttp, lang)), -1) {
			got = append(got, m[1]+" "+m[2])
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s adds %v, want %v", lang, got, want)
		}
	}
}

// TestGenRefusals: targets without a report-only mode refuse it; unknown
// targets and languages are errors.
func TestGenRefusals(t *testing.T) {
	t.Parallel()
	ro := *loadExample(t)
	ro.Mode = ModeReportOnly
	for _, target := range []string{TargetNSC, TargetOkHttp} {
		if _, err := Generate(&ro, target, GenOptions{}); err == nil {
			t.Errorf("%s accepted report-only", target)
		}
	}
	for _, target := range []string{TargetTrustKitAndroid, TargetTrustKitIOS, TargetGo} {
		if _, err := Generate(&ro, target, GenOptions{}); err != nil {
			t.Errorf("%s refused report-only: %v", target, err)
		}
	}
	for _, tt := range []struct{ target, lang string }{{"web", ""}, {TargetOkHttp, "scala"}, {TargetNSC, "kotlin"}} {
		if _, err := Generate(&ro, tt.target, GenOptions{Lang: tt.lang}); err == nil {
			t.Errorf("%s/%s accepted", tt.target, tt.lang)
		}
	}
}

// TestGenEscapes: a hostile label cannot end a comment or inject code.
func TestGenEscapes(t *testing.T) {
	t.Parallel()
	f := *loadExample(t)
	f.Domains = slices.Clone(f.Domains)
	f.Domains[0].Pins = slices.Clone(f.Domains[0].Pins)
	f.Domains[0].Pins[0].Label = "x */ --> \n evil(); \u2028"
	f.ReportURI = `https://r.example/"$x\`
	for _, target := range Targets {
		out, err := Generate(&f, target, GenOptions{})
		if err != nil {
			continue
		}
		s := string(out)
		if strings.Contains(s, "*/ -") || strings.Contains(s, "-->  \n") || strings.Contains(s, "\n evil") ||
			strings.Contains(s, "\u2028") || (target != TargetGo && strings.Contains(s, `"$x`)) {
			t.Errorf("%s: hostile text escaped its comment or string:\n%s", target, s)
		}
	}
}
