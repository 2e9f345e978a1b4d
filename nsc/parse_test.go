package nsc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	pinA = "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="
	pinB = "PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="
)

func parseFile(t *testing.T, name string) *Config {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(name, data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return c
}

func TestParseNested(t *testing.T) {
	t.Parallel()
	c := parseFile(t, "nested.xml")
	if !c.Valid() || len(c.Problems) != 0 {
		t.Fatalf("problems: %v", c.Problems)
	}
	if c.Line != 3 {
		t.Errorf("root line = %d, want 3", c.Line)
	}
	if len(c.DomainConfigs) != 2 {
		t.Fatalf("top-level domain-configs = %d, want 2", len(c.DomainConfigs))
	}
	ex := c.DomainConfigs[0]
	if ex.Line != 4 || ex.Domains[0] != (Domain{Name: "example.com", IncludeSubdomains: true, Line: 5}) {
		t.Errorf("example.com config = line %d %+v", ex.Line, ex.Domains)
	}
	if ex.PinSet == nil || ex.PinSet.Line != 6 || ex.PinSet.Expiration != "2030-01-01" || len(ex.PinSet.Pins) != 2 {
		t.Fatalf("pin-set = %+v", ex.PinSet)
	}
	if p := ex.PinSet.Pins[1]; p.Line != 8 || p.Value != pinB || p.Digest != "SHA-256" {
		t.Errorf("second pin = %+v", p)
	}
	if len(ex.Children) != 3 || ex.Children[0].Parent != ex || len(ex.Children[2].Children) != 1 {
		t.Fatalf("children wrong: %d", len(ex.Children))
	}
	if ps := ex.Children[1].PinSet; ps == nil || len(ps.Pins) != 0 {
		t.Errorf("empty pin-set not kept: %+v", ps)
	}
	org := c.DomainConfigs[1]
	if len(org.Unknown) != 1 || org.Unknown[0].Name != "trustkit-config" {
		t.Fatalf("unknown children = %+v", org.Unknown)
	}
	if v, _ := org.Unknown[0].Attr("reportUri"); v != "https://reports.example.org/" {
		t.Errorf("trustkit reportUri = %q", v)
	}
	if c.BaseConfig == nil || *c.BaseConfig.CleartextPermitted != true || c.BaseConfig.Kind != KindBase {
		t.Errorf("base-config = %+v", c.BaseConfig)
	}
	if d := c.DebugOverrides; d == nil || len(d.TrustAnchors.Certificates) != 2 || *d.TrustAnchors.Certificates[1].OverridePins {
		t.Errorf("debug-overrides = %+v", d)
	}
	n := 0
	c.Walk(func(*DomainConfig) { n++ })
	if n != 7 {
		t.Errorf("Walk visited %d domain-configs, want 7", n)
	}
}

func TestParseInvalidFile(t *testing.T) {
	t.Parallel()
	c := parseFile(t, "invalid.xml")
	if c.Valid() {
		t.Fatal("invalid.xml is valid")
	}
	want := []struct {
		line int
		msg  string
	}{
		{4, "<domain> not allowed in <base-config>"},
		{5, "<pin-set> not allowed in <base-config>"},
		{11, `domain "example.com" already specified on line 10`},
		{13, "no digest attribute"},
		{14, `digest="SHA-1" is not supported`},
		{15, "<pin> is empty"},
		{16, "invalid base64"},
		{19, "<domain-config> has no <domain> element"},
	}
	if len(c.Problems) != len(want) {
		t.Fatalf("got %d problems, want %d: %v", len(c.Problems), len(want), c.Problems)
	}
	for i, w := range want {
		p := c.Problems[i]
		if p.Line != w.line || !strings.Contains(p.Message, w.msg) || p.File != "invalid.xml" {
			t.Errorf("problem %d = %v, want line %d %q", i, p, w.line, w.msg)
		}
	}
}

func TestParseProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, xml string
		want      string // "" means valid
		debugOnly bool
	}{
		{"wrong root", `<network-security-configs/>`, "want <network-security-config>", false},
		{"empty config", `<network-security-config/>`, "", false},
		{"unpadded 43 chars", `<network-security-config><domain-config><domain>a.com</domain><pin-set><pin digest="SHA-256">` + strings.TrimSuffix(pinA, "=") + `</pin></pin-set></domain-config></network-security-config>`, "", false},
		{"whitespace and junk skipped", `<network-security-config><domain-config><domain>a.com</domain><pin-set><pin digest="sha-256">ypeBEsob vcr6wjGz
 miPcTaeG7/gUfE5yuYB3ha/uSLs=</pin></pin-set></domain-config></network-security-config>`, "", false},
		{"31 bytes", `<network-security-config><domain-config><domain>a.com</domain><pin-set><pin digest="SHA-256">ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSA==</pin></pin-set></domain-config></network-security-config>`, "decodes to 31 bytes", false},
		{"bad padding", `<network-security-config><domain-config><domain>a.com</domain><pin-set><pin digest="SHA-256">ypeB=Esobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs</pin></pin-set></domain-config></network-security-config>`, "invalid base64", false},
		{"bad expiration", `<network-security-config><domain-config><domain>a.com</domain><pin-set expiration="2025-13-01"/></domain-config></network-security-config>`, "expiration", false},
		{"two pin-sets", `<network-security-config><domain-config><domain>a.com</domain><pin-set/><pin-set/></domain-config></network-security-config>`, "multiple <pin-set>", false},
		{"two base-configs", `<network-security-config><base-config/><base-config/></network-security-config>`, "only one <base-config>", false},
		{"domain with child", `<network-security-config><domain-config><domain>a.com<x/></domain></domain-config></network-security-config>`, "contains child elements", false},
		{"empty domain", `<network-security-config><domain-config><domain> </domain></domain-config></network-security-config>`, "no domain name", false},
		{"duplicate across nesting", `<network-security-config><domain-config><domain>A.com</domain><domain-config><domain>a.COM</domain></domain-config></domain-config></network-security-config>`, "already specified", false},
		{"certificates without src", `<network-security-config><base-config><trust-anchors><certificates/></trust-anchors></base-config></network-security-config>`, "no src", false},
		{"bad src", `<network-security-config><base-config><trust-anchors><certificates src="wat"/></trust-anchors></base-config></network-security-config>`, "want system, user", false},
		{"unresolved boolean reference", `<network-security-config><base-config cleartextTrafficPermitted="@0x7f050001"/></network-security-config>`, "", false},
		{"bad boolean", `<network-security-config><base-config cleartextTrafficPermitted="yes"/></network-security-config>`, "not a boolean", false},
		{"nested in base", `<network-security-config><base-config><domain-config><domain>a.com</domain></domain-config></base-config></network-security-config>`, "nested <domain-config> not allowed", false},
		{"pin-set in debug-overrides", `<network-security-config><debug-overrides><pin-set/></debug-overrides></network-security-config>`, "not allowed in <debug-overrides>", true},
		{"unknown elements skipped", `<network-security-config xmlns:tools="http://schemas.android.com/tools"><foo/><domain-config tools:ignore="x" bar="1"><domain>a.com</domain><trustkit-config/><pin-set><pin digest="SHA-256">` + pinA + `</pin><note/></pin-set></domain-config></network-security-config>`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Parse("t.xml", []byte(tt.xml))
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if !c.Valid() {
					t.Fatalf("unexpected problems: %v", c.Problems)
				}
				return
			}
			if len(c.Problems) == 0 || !strings.Contains(c.Problems[0].Message, tt.want) {
				t.Fatalf("problems = %v, want %q", c.Problems, tt.want)
			}
			if c.Problems[0].DebugOnly != tt.debugOnly || c.Valid() == !tt.debugOnly || c.ValidFor(true) {
				t.Errorf("DebugOnly = %v, Valid = %v", c.Problems[0].DebugOnly, c.Valid())
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100)
	for name, in := range map[string]string{
		"not xml":     "hello",
		"unclosed":    "<network-security-config>",
		"two roots":   "<a/><b/>",
		"deep":        deep,
		"empty":       "",
		"bad charset": `<?xml version="1.0" encoding="ebcdic"?><a/>`,
	} {
		if _, err := Parse("x.xml", []byte(in)); err == nil || !strings.Contains(err.Error(), "x.xml") {
			t.Errorf("%s: err = %v, want an error naming the file", name, err)
		}
	}
	if _, err := FromNode("x.xml", nil); err == nil {
		t.Error("FromNode(nil) succeeded")
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"nested.xml", "simple.xml", "invalid.xml"} {
		t.Run(name, func(t *testing.T) {
			c := parseFile(t, name)
			out, err := Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			c2, err := Parse(name, out)
			if err != nil {
				t.Fatalf("reparse: %v\n%s", err, out)
			}
			if a, b := dump(c), dump(c2); a != b {
				t.Errorf("round trip differs:\n%s\n---\n%s\nxml:\n%s", a, b, out)
			}
			if c.Valid() != c2.Valid() {
				t.Errorf("validity changed: %v", c2.Problems)
			}
		})
	}
}

// dump renders a config without line numbers.
func dump(c *Config) string {
	var b strings.Builder
	var entry func(string, *DomainConfig, string)
	entry = func(kind string, dc *DomainConfig, indent string) {
		if dc == nil {
			return
		}
		b.WriteString(indent + kind)
		if dc.CleartextPermitted != nil {
			b.WriteString(" cleartext=" + boolStr(*dc.CleartextPermitted))
		}
		b.WriteString("\n")
		for _, d := range dc.Domains {
			b.WriteString(indent + " domain " + d.Name + " sub=" + boolStr(d.IncludeSubdomains) + "\n")
		}
		if dc.TrustAnchors != nil {
			for _, ct := range dc.TrustAnchors.Certificates {
				b.WriteString(indent + " anchor " + ct.Src)
				if ct.OverridePins != nil {
					b.WriteString(" override=" + boolStr(*ct.OverridePins))
				}
				b.WriteString("\n")
			}
		}
		if dc.PinSet != nil {
			b.WriteString(indent + " pin-set exp=" + dc.PinSet.Expiration + "\n")
			for _, p := range dc.PinSet.Pins {
				b.WriteString(indent + "  pin " + p.Digest + " " + p.Value + "\n")
			}
		}
		for _, u := range dc.Unknown {
			b.WriteString(indent + " unknown " + u.Name + "\n")
		}
		for _, ch := range dc.Children {
			entry("domain-config", ch, indent+"  ")
		}
	}
	entry("base-config", c.BaseConfig, "")
	for _, dc := range c.DomainConfigs {
		entry("domain-config", dc, "")
	}
	entry("debug-overrides", c.DebugOverrides, "")
	return b.String()
}

func boolStr(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"nested.xml", "simple.xml", "invalid.xml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<network-security-config><domain-config><domain>a</domain></domain-config></network-security-config>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.xml", data)
		if err != nil {
			return
		}
		for _, h := range []string{"a", "example.com", "api.example.com", ""} {
			c.Resolve(h, ResolveOptions{TargetSDK: 23, Debuggable: true})
		}
		out, err := Marshal(c)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		if _, err := Parse("fuzz.xml", out); err != nil {
			t.Fatalf("reparse of Marshal output failed: %v\n%s", err, out)
		}
	})
}
