package policy

import (
	"testing"
	"time"

	"github.com/pinkit/pinkit/pinset"
)

// TestPinSetHosts: the policy's domains sign as a pin-set document, and
// the set verifies back to the same hosts and an equal pin policy.
func TestPinSetHosts(t *testing.T) {
	t.Parallel()
	f := loadExample(t)
	key, err := pinset.GenerateKey(pinset.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	hosts := f.PinSetHosts()
	doc, err := pinset.SignPinSet(pinset.Content{Version: 1, Issued: testNow, Expires: testNow.Add(24 * time.Hour), Hosts: hosts}, key)
	if err != nil {
		t.Fatalf("SignPinSet: %v", err)
	}
	if len(doc) == 0 || len(hosts) != 2 || hosts[1].Name != "example.org" || !hosts[1].IncludeSubdomains ||
		hosts[0].Pins[2].Label != "offline backup key" || hosts[0].Pins[2].SPKI != f.Domains[0].Pins[2].Digest {
		t.Errorf("hosts = %+v", hosts)
	}
	set := &pinset.PinSet{Hosts: hosts}
	a, err := set.Policy()
	if err != nil {
		t.Fatal(err)
	}
	b, err := (&File{Domains: f.Domains}).build()
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash() != b.Hash() {
		t.Errorf("pin-set policy hash %s, policy file %s", a.Hash(), b.Hash())
	}
}
