package nsc

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
)

// bigConfig has n domain-configs, each with a nested child and two pins.
func bigConfig(n int) []byte {
	var b strings.Builder
	b.WriteString("<network-security-config>\n")
	for i := range n {
		fmt.Fprintf(&b, `<domain-config><domain includeSubdomains="true">d%d.example.com</domain>
<pin-set expiration="2030-01-01"><pin digest="SHA-256">%s</pin><pin digest="SHA-256">%s</pin></pin-set>
<domain-config><domain>api.d%d.example.com</domain></domain-config></domain-config>
`, i, pinA, pinB, i)
	}
	b.WriteString("</network-security-config>\n")
	return []byte(b.String())
}

// BenchmarkXMLTokens is the baseline: encoding/xml tokenizing alone.
func BenchmarkXMLTokens(b *testing.B) {
	data := bigConfig(500)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := d.Token(); err != nil {
				break
			}
		}
	}
}

// BenchmarkParse parses, validates and builds the model of the same input.
func BenchmarkParse(b *testing.B) {
	data := bigConfig(500)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("big.xml", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolve(b *testing.B) {
	c, err := Parse("big.xml", bigConfig(500))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		c.Resolve("x.api.d250.example.com", ResolveOptions{TargetSDK: 30})
	}
}
