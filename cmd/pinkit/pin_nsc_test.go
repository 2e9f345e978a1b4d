package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/nsc"
)

// TestWriteNSCWellFormed: the fragment is well-formed XML whatever the
// subject holds (a comment may not contain "--" nor control characters),
// and, put into a config, parses back to the same pins.
func TestWriteNSCWellFormed(t *testing.T) {
	t.Parallel()
	pins := []string{"sha256/8GCzywD7XRceTdgigJvveaKEAb6Iuqgyls2k9zn+jkk=", "sha256/+bEPGNlvZar4W9Zu2QEbmr+eCgWupydMPihaQUe+hRE="}
	certs := []certInfo{
		{Role: "leaf", Subject: "CN=a---b-,O=x--y\x01z", Pin: pins[0]},
		{Role: "intermediate", Subject: "CN=end-", Pin: pins[1]},
		{Role: "root", Subject: "CN=dup", Pin: pins[1]},
	}
	var b bytes.Buffer
	if err := writeNSC(&b, certs); err != nil {
		t.Fatal(err)
	}
	frag := b.String()
	dec := xml.NewDecoder(strings.NewReader(frag))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, frag)
		}
		if c, ok := tok.(xml.Comment); ok && (strings.Contains(string(c), "--") || strings.ContainsRune(string(c), 1)) {
			t.Errorf("comment %q", c)
		}
	}
	doc := `<network-security-config><domain-config><domain>example.com</domain>` + frag + `</domain-config></network-security-config>`
	cfg, err := nsc.Parse("nsc.xml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.DomainConfigs[0].PinSet.Pins
	if len(got) != 2 || "sha256/"+got[0].Value != pins[0] || "sha256/"+got[1].Value != pins[1] || got[0].Digest != "SHA-256" {
		t.Errorf("pins parsed back = %+v\n%s", got, frag)
	}
}
