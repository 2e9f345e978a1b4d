package pinset

import (
	"crypto/ed25519"
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
)

// testKey returns a fixed Ed25519 key derived from name.
func testKey(t testing.TB, name string) *PrivateKey {
	t.Helper()
	seed := sha256.Sum256([]byte("pinset test key " + name))
	k, err := NewPrivateKey(ed25519.NewKeyFromSeed(seed[:]))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func testPin(name string) pin.Pin { return sha256.Sum256([]byte(name)) }

var (
	t0 = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
)

func testContent(version int64, hosts ...string) Content {
	c := Content{Version: version, Issued: t0, Expires: t0.Add(7 * 24 * time.Hour)}
	for _, h := range hosts {
		c.Hosts = append(c.Hosts, Host{Name: h, Pins: []Pin{{Label: "primary", SPKI: testPin(h + "1")}, {SPKI: testPin(h + "2")}}})
	}
	return c
}

func TestSignVerifyRoundTrip(t *testing.T) {
	a, b, c := testKey(t, "a"), testKey(t, "b"), testKey(t, "c")
	rootDoc, err := SignRoot(1, 2, []PublicKey{a.Public(), b.Public(), c.Public()}, a, b)
	if err != nil {
		t.Fatal(err)
	}
	root, err := LoadRoot(rootDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := SignPinSet(testContent(3, "api.example.com"), a, c)
	if err != nil {
		t.Fatal(err)
	}
	s, err := root.Verify(doc, 2, t0.Add(time.Hour))
	if err != nil {
		t.Fatalf("Verify: %v\n%s", err, doc)
	}
	if s.Version != 3 || len(s.Hosts) != 1 || s.Hosts[0].Pins[0].Label != "primary" {
		t.Errorf("got %+v", s)
	}
	if _, err := root.Verify(doc, 3, t0); ReasonOf(err) != ReasonRollback {
		t.Errorf("same version again: %v, want rollback", err)
	}
	one, _ := SignPinSet(testContent(4, "api.example.com"), a, a)
	if _, err := root.Verify(one, 0, t0); ReasonOf(err) != ReasonThreshold {
		t.Errorf("one key twice: %v, want threshold", err)
	}
	two, err := AddSignatures(one, b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := root.Verify(two, 0, t0); err != nil {
		t.Errorf("after AddSignatures: %v", err)
	}
	if !strings.HasPrefix(string(doc), `{"signatures":[{"keyid":"`) {
		t.Errorf("document starts %.40s", doc)
	}
}
