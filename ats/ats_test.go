package ats

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"howett.net/plist"
)

func loadFixture(t *testing.T) *Config {
	t.Helper()
	data, err := os.ReadFile("testdata/Info.plist")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse("testdata/Info.plist", data)
	if err != nil {
		t.Fatal(err)
	}
	if c == nil {
		t.Fatal("no ATS dictionary found")
	}
	return c
}

func TestParseSourcePlist(t *testing.T) {
	c := loadFixture(t)
	if !c.AllowsArbitraryLoads || !c.HasPinnedDomains {
		t.Fatalf("arbitrary loads %v, pinned domains %v", c.AllowsArbitraryLoads, c.HasPinnedDomains)
	}
	if len(c.PinnedDomains) != 2 || c.PinnedDomains[0].Name != "api.example.com" {
		t.Fatalf("pinned domains = %+v, want api.example.com (lower-cased) and example.com", c.PinnedDomains)
	}
	ex := c.ExceptionDomains[0]
	if ex.MinimumTLSVersion != "TLSv1.0" || ex.RequiresForwardSecrecy || !ex.IncludesSubdomains {
		t.Fatalf("exception = %+v", ex)
	}
	root := c.PinnedDomains[1]
	if len(root.CA.Valid) != 2 || len(root.Leaf.Valid) != 0 || len(root.Leaf.Invalid) != 1 {
		t.Fatalf("example.com identities CA=%+v leaf=%+v", root.CA, root.Leaf)
	}
	if !hasProblem(c, "NSPinnedDomains.example.com.NSPinnedLeafIdentities[0]", "not valid base64") {
		t.Fatalf("malformed leaf identity not reported: %v", c.Problems)
	}
}

func hasProblem(c *Config, key, msg string) bool {
	for _, p := range c.Problems {
		if p.Key == key && strings.Contains(p.Message, msg) {
			return true
		}
	}
	return false
}

func TestResolve(t *testing.T) {
	c := loadFixture(t)
	tests := []struct {
		host        string
		pinned      string // name of the matching pinned entry, "" for none
		pins        int
		exception   string
		arbitrary   bool
		emptyPinned bool
	}{
		{host: "example.com", pinned: "example.com", pins: 2, arbitrary: true},
		{host: "api.example.com.", pinned: "api.example.com", pins: 0, arbitrary: true, emptyPinned: true},
		{host: "cdn.EXAMPLE.com", pinned: "example.com", pins: 2, arbitrary: true},
		{host: "notexample.com", arbitrary: true},
		{host: "a.legacy.example.com", pinned: "example.com", pins: 2, exception: "legacy.example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			e := c.Resolve(tt.host)
			got := ""
			if e.Pinned != nil {
				got = e.Pinned.Name
			}
			if got != tt.pinned || len(e.Pins()) != tt.pins || e.ArbitraryLoads != tt.arbitrary {
				t.Fatalf("Resolve(%q) pinned=%q pins=%v arbitrary=%v", tt.host, got, e.Pins(), e.ArbitraryLoads)
			}
			gotEx := ""
			if e.Exception != nil {
				gotEx = e.Exception.Name
			}
			if gotEx != tt.exception {
				t.Fatalf("exception = %q, want %q", gotEx, tt.exception)
			}
			if tt.emptyPinned && (e.Pinned.Leaf == nil || len(e.Pinned.Leaf.Valid) != 0) {
				t.Fatalf("present-but-empty leaf list lost: %+v", e.Pinned)
			}
		})
	}
}

func TestBinaryPlistAndRoundTrip(t *testing.T) {
	c := loadFixture(t)
	out, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var generic any
	if _, err := plist.Unmarshal(out, &generic); err != nil {
		t.Fatal(err)
	}
	bin, err := plist.Marshal(generic, plist.BinaryFormat)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(bin, []byte("bplist")) {
		t.Fatal("not a binary plist")
	}
	back, err := Parse("Info.plist", bin)
	if err != nil {
		t.Fatal(err)
	}
	// Invalid identities are dropped by Marshal (as the system drops them).
	want := *c
	want.File, want.Problems = "Info.plist", nil
	for i := range want.PinnedDomains {
		if l := want.PinnedDomains[i].Leaf; l != nil {
			want.PinnedDomains[i].Leaf = &IdentityList{Valid: l.Valid}
		}
	}
	back.Problems = nil
	if !reflect.DeepEqual(normalizeLists(back), normalizeLists(&want)) {
		t.Fatalf("round trip differs:\n got %+v\nwant %+v", back, want)
	}
}

// normalizeLists makes nil and empty identity slices compare equal.
func normalizeLists(c *Config) *Config {
	for _, p := range c.PinnedDomains {
		for _, l := range []*IdentityList{p.CA, p.Leaf} {
			if l != nil && l.Valid == nil {
				l.Valid = []string{}
			}
			if l != nil && len(l.Invalid) == 0 {
				l.Invalid = nil
			}
		}
	}
	return c
}

func TestParseErrors(t *testing.T) {
	tests := map[string]string{
		"garbage": "failed to decode property list",
		"<plist><dict><key>NSAppTransportSecurity</key><string>x</string></dict></plist>": "want a dictionary",
	}
	for in, want := range tests {
		_, err := Parse("Info.plist", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "Info.plist") {
			t.Errorf("Parse(%q) error = %v, want one naming the file and %q", in, err, want)
		}
	}
	if c, err := Parse("Info.plist", []byte("<plist><dict/></plist>")); c != nil || err != nil {
		t.Errorf("no ATS: got %v, %v; want nil, nil", c, err)
	}
	if _, err := Parse("big.plist", make([]byte, MaxPlistSize+1)); err == nil {
		t.Error("oversized plist accepted")
	}
}

func FuzzParse(f *testing.F) {
	seed, err := os.ReadFile("testdata/Info.plist")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	var generic any
	if _, err := plist.Unmarshal(seed, &generic); err == nil {
		if bin, err := plist.Marshal(generic, plist.BinaryFormat); err == nil {
			f.Add(bin)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.plist", data)
		if err != nil || c == nil {
			return
		}
		for _, p := range c.PinnedDomains {
			c.Resolve("x." + p.Name)
		}
		if _, err := Marshal(c); err != nil {
			t.Fatalf("Marshal of a parsed config failed: %v", err)
		}
	})
}

// TestIdentityDecoder: identities are read as Apple Security's
// SecBase64Decode reads them (pinfmt.ATS): bytes outside the alphabet are
// skipped, an incomplete final group is dropped.
func TestIdentityDecoder(t *testing.T) {
	const pin = "r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E="
	id := func(v string) map[string]any { return map[string]any{"SPKI-SHA256-BASE64": v} }
	c := FromDict("Info.plist", map[string]any{"NSPinnedDomains": map[string]any{"example.com": map[string]any{
		"NSPinnedLeafIdentities": []any{id(pin[:10] + " \n" + pin[10:]), id(strings.TrimSuffix(pin, "="))}}}})
	l := c.PinnedDomains[0].Leaf
	if len(l.Valid) != 1 || len(l.Invalid) != 1 {
		t.Fatalf("leaf identities = %+v", l)
	}
	if !hasProblem(c, "NSPinnedDomains.example.com.NSPinnedLeafIdentities[1]", "is not valid base64: the system decodes it to 30 bytes") {
		t.Errorf("unpadded identity: %v", c.Problems)
	}
}
