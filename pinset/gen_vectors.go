//go:build ignore

// gen_vectors writes the test vectors of docs/pinset.md into
// testdata/vectors: one file per document (its exact bytes) and
// vectors.json, the manifest the Go tests and the Java verifier run.
// Keys are fixed (derived from their names), so only ECDSA signatures,
// which are randomised, change when the vectors are remade:
//
//	cd pinset && go run gen_vectors.go
package main

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/pinset"
)

const dir = "testdata/vectors"

// Vector is one entry of vectors.json.
type Vector struct {
	Name        string    `json:"name"`
	Rule        string    `json:"rule"`
	Kind        string    `json:"kind"` // "pinset" or "root"
	Trusted     string    `json:"trusted"`
	Document    string    `json:"document"`
	LastVersion int64     `json:"last_version"`
	Now         string    `json:"now"`
	Expect      string    `json:"expect"` // "accept" or "reject"
	Reason      string    `json:"reason,omitempty"`
	Fallback    string    `json:"fallback,omitempty"`
	Requires    []string  `json:"requires,omitempty"`
	Version     int64     `json:"version,omitempty"`
	Hosts       []VecHost `json:"hosts,omitempty"`
	Threshold   int       `json:"threshold,omitempty"`
	Keys        []string  `json:"keys,omitempty"`
}

// Scenario is a sequence of offers to one client, with the pins it must
// enforce after each: the client rules (freeze falls back to the shipped
// pins, a set replaces the previous one whole, a rejected set changes
// nothing).
type Scenario struct {
	Name    string `json:"name"`
	Rule    string `json:"rule"`
	Trusted string `json:"trusted"`
	Steps   []Step `json:"steps"`
}

// Step follows the rotation to Root (if set) or offers Document (if set) at Now; Active is the hosts then
// enforced, or null for the shipped pins.
type Step struct {
	Root     string    `json:"root,omitempty"`
	Document string    `json:"document,omitempty"`
	Now      string    `json:"now"`
	Expect   string    `json:"expect,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	Active   []VecHost `json:"active"`
}

var scenarioList []Scenario

// VecHost is an expected host of an accepted set.
type VecHost struct {
	Name              string   `json:"name"`
	IncludeSubdomains bool     `json:"include-subdomains"`
	Pins              []string `json:"pins"`
}

var (
	now     = time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	issued  = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	expires = time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)
	vectors []Vector
)

func edKey(name string) *pinset.PrivateKey {
	seed := sha256.Sum256([]byte("pinkit vector key " + name))
	return must(pinset.NewPrivateKey(ed25519.NewKeyFromSeed(seed[:])))
}

func p256Key(name string) *pinset.PrivateKey {
	d := sha256.Sum256([]byte("pinkit vector key " + name))
	return must(pinset.NewPrivateKey(must(ecdsa.ParseRawPrivateKey(elliptic.P256(), d[:]))))
}

func must[T any](v T, err error) T {
	if err != nil {
		log.Fatal(err)
	}
	return v
}

func testPin(s string) pin.Pin { return sha256.Sum256([]byte("pinkit vector spki " + s)) }

func hosts(names ...string) []pinset.Host {
	var hs []pinset.Host
	for _, n := range names {
		sub := strings.HasPrefix(n, ".")
		n = strings.TrimPrefix(n, ".")
		hs = append(hs, pinset.Host{Name: n, IncludeSubdomains: sub, Pins: []pinset.Pin{
			{Label: "current", SPKI: testPin(n + " current")}, {Label: "backup", SPKI: testPin(n + " backup")},
		}})
	}
	return hs
}

func expectHosts(hs []pinset.Host) []VecHost {
	var out []VecHost
	for _, h := range hs {
		v := VecHost{Name: h.Name, IncludeSubdomains: h.IncludeSubdomains}
		for _, p := range h.Pins {
			v.Pins = append(v.Pins, p.SPKI.String())
		}
		out = append(out, v)
	}
	return out
}

func write(name string, data []byte) string {
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		log.Fatal(err)
	}
	return name
}

// payload returns the bytes of the signed member of a document.
func payload(doc []byte) string {
	s := string(doc)
	i := strings.Index(s, `"signed":`)
	return s[i+len(`"signed":`) : len(s)-1]
}

// envelope signs payload with keys and wraps it, like pinset does, but for
// payloads pinset would refuse to write.
func envelope(payload string, keys ...*pinset.PrivateKey) []byte {
	var sigs []string
	for _, k := range keys {
		sig := must(k.Sign([]byte(payload)))
		sigs = append(sigs, sigEntry(k.Public().ID, sig))
	}
	return []byte(`{"signatures":[` + strings.Join(sigs, ",") + `],"signed":` + payload + `}`)
}

func sigEntry(id string, sig []byte) string {
	return `{"keyid":"` + id + `","sig":"` + base64.StdEncoding.EncodeToString(sig) + `"}`
}

func add(v Vector) {
	if v.Now == "" {
		v.Now = now.Format(time.RFC3339)
	}
	if v.Trusted == "" {
		v.Trusted = "root-1.json"
	}
	if v.Kind == "" {
		v.Kind = "pinset"
	}
	vectors = append(vectors, v)
}

func main() {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	a, b, c, d, e := edKey("A"), p256Key("B"), p256Key("C"), p256Key("D"), p256Key("E")
	x := p256Key("X (unknown)")
	root1 := must(pinset.SignRoot(1, 2, []pinset.PublicKey{a.Public(), b.Public(), c.Public()}, b, c))
	write("root-1.json", root1)
	root2 := must(pinset.SignRoot(2, 2, []pinset.PublicKey{d.Public(), e.Public()}, b, c, d, e))
	write("root-2.json", root2)

	pinsets(a, b, c, d, e, x)
	versions(b, c)
	malformed(b, c)
	policies(b, c)
	roots(a, b, c, d, e, root1)

	scenarios(b, c)
	manifest := must(json.MarshalIndent(map[string]any{
		"comment":   "pinkit pin-set test vectors; see docs/pinset.md. Remade by pinset/gen_vectors.go.",
		"vectors":   vectors,
		"scenarios": scenarioList,
	}, "", "  "))
	write("vectors.json", append(manifest, '\n'))
	fmt.Printf("wrote %d vectors to %s\n", len(vectors), dir)
}

func content(version int64, names ...string) pinset.Content {
	return pinset.Content{Version: version, Issued: issued, Expires: expires, Hosts: hosts(names...)}
}

func pinsets(a, b, c, d, e, x *pinset.PrivateKey) {
	valid := must(pinset.SignPinSet(content(5, "api.example.com", ".cdn.example.net"), b, c))
	write("pinset-valid.json", valid)
	add(Vector{Name: "valid-p256", Rule: "threshold met by distinct known keys (2 of 3, ECDSA P-256)",
		Document: "pinset-valid.json", LastVersion: 4, Expect: "accept", Version: 5,
		Hosts: expectHosts(hosts("api.example.com", ".cdn.example.net"))})
	mixed := must(pinset.SignPinSet(content(5, "api.example.com"), a, b))
	add(Vector{Name: "valid-ed25519-p256", Rule: "threshold met by an Ed25519 and a P-256 key",
		Document: write("pinset-ed25519.json", mixed), Expect: "accept", Version: 5, Requires: []string{"ed25519"},
		Hosts: expectHosts(hosts("api.example.com"))})
	add(Vector{Name: "first-set", Rule: "any version is greater than none (last accepted 0)",
		Document: "pinset-valid.json", LastVersion: 0, Expect: "accept", Version: 5,
		Hosts: expectHosts(hosts("api.example.com", ".cdn.example.net"))})

	p := payload(valid)
	add(Vector{Name: "threshold-one-key", Rule: "one signature of a 2-of-3 root is not enough",
		Document: write("pinset-one-key.json", envelope(p, b)), Expect: "reject", Reason: "threshold"})
	add(Vector{Name: "threshold-unknown-key", Rule: "a signature by a key outside the root does not count",
		Document: write("pinset-unknown-key.json", envelope(p, b, x)), Expect: "reject", Reason: "threshold"})
	add(Vector{Name: "threshold-duplicate-key", Rule: "two signatures by one key count once",
		Document: write("pinset-duplicate-key.json", envelope(p, b, b)), Expect: "reject", Reason: "threshold"})
	add(Vector{Name: "threshold-no-signatures", Rule: "no signatures",
		Document: write("pinset-unsigned.json", []byte(`{"signatures":[],"signed":`+p+`}`)), Expect: "reject", Reason: "threshold"})
	other := payload(must(pinset.SignPinSet(content(6, "api.example.com"), b)))
	wrongSig := `{"signatures":[` + sigEntry(b.Public().ID, must(b.Sign([]byte(p)))) + "," +
		sigEntry(c.Public().ID, must(c.Sign([]byte(other)))) + `],"signed":` + p + `}`
	add(Vector{Name: "threshold-signature-of-other-document", Rule: "a signature over other bytes (mix-and-match) does not count",
		Document: write("pinset-mix-and-match.json", []byte(wrongSig)), Expect: "reject", Reason: "threshold"})
	impostor := `{"signatures":[` + sigEntry(b.Public().ID, must(b.Sign([]byte(p)))) + "," +
		sigEntry(c.Public().ID, must(x.Sign([]byte(p)))) + `],"signed":` + p + `}`
	add(Vector{Name: "threshold-keyid-of-other-key", Rule: "a signature by an unknown key under a known key ID does not count",
		Document: write("pinset-impostor.json", []byte(impostor)), Expect: "reject", Reason: "threshold"})
	psychic := `{"signatures":[` + sigEntry(b.Public().ID, must(b.Sign([]byte(p)))) + "," +
		sigEntry(c.Public().ID, []byte{0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00}) + `],"signed":` + p + `}`
	add(Vector{Name: "threshold-psychic-signature", Rule: "an ECDSA signature with r = s = 0 (CVE-2022-21449) does not count",
		Document: write("pinset-psychic.json", []byte(psychic)), Expect: "reject", Reason: "threshold"})
	notDER := `{"signatures":[` + sigEntry(b.Public().ID, must(b.Sign([]byte(p)))) + "," +
		sigEntry(c.Public().ID, append(must(c.Sign([]byte(p))), 0)) + `],"signed":` + p + `}`
	add(Vector{Name: "threshold-signature-not-der", Rule: "an ECDSA signature with a byte after its DER does not count",
		Document: write("pinset-not-der.json", []byte(notDER)), Expect: "reject", Reason: "threshold"})
	add(Vector{Name: "threshold-rotated-out-keys", Rule: "after a rotation the old keys no longer sign",
		Trusted: "root-2.json", Document: "pinset-valid.json", Expect: "reject", Reason: "threshold"})
	rotated := must(pinset.SignPinSet(content(7, "api.example.com"), d, e))
	add(Vector{Name: "valid-after-rotation", Rule: "the new keys of a rotated root sign",
		Trusted: "root-2.json", Document: write("pinset-rotated.json", rotated), LastVersion: 5, Expect: "accept", Version: 7,
		Hosts: expectHosts(hosts("api.example.com"))})

}

func versions(b, c *pinset.PrivateKey) {
	add(Vector{Name: "rollback-same-version", Rule: "version must be strictly greater than the last accepted",
		Document: "pinset-valid.json", LastVersion: 5, Expect: "reject", Reason: "rollback"})
	add(Vector{Name: "rollback-older-version", Rule: "an older, validly signed set is a replay",
		Document: "pinset-valid.json", LastVersion: 9, Expect: "reject", Reason: "rollback"})
	add(Vector{Name: "expired", Rule: "expired by the verifier's clock: the shipped pins apply, never no pinning",
		Document: "pinset-valid.json", Now: "2026-12-09T00:00:00Z", Expect: "reject", Reason: "expired", Fallback: "shipped"})
	add(Vector{Name: "expired-at-the-instant", Rule: "a set is expired from the second of its expires time on",
		Document: "pinset-valid.json", Now: "2026-12-08T00:00:00Z", Expect: "reject", Reason: "expired", Fallback: "shipped"})
	add(Vector{Name: "valid-last-second", Rule: "one second before expires the set is valid",
		Document: "pinset-valid.json", Now: "2026-12-07T23:59:59Z", Expect: "accept", Version: 5,
		Hosts: expectHosts(hosts("api.example.com", ".cdn.example.net"))})
	removed := must(pinset.SignPinSet(content(6, "api.example.com"), b, c))
	add(Vector{Name: "host-removed-by-signed-set", Rule: "a signed set replaces the previous one entirely: cdn.example.net is gone",
		Document: write("pinset-host-removed.json", removed), LastVersion: 5, Expect: "accept", Version: 6,
		Hosts: expectHosts(hosts("api.example.com"))})
}

// mutate re-signs the valid set's payload after replacing old with new.
func mutate(b, c *pinset.PrivateKey, old, new string) []byte {
	valid := must(os.ReadFile(filepath.Join(dir, "pinset-valid.json")))
	p := payload(valid)
	if !strings.Contains(p, old) {
		log.Fatalf("payload has no %q", old)
	}
	return envelope(strings.Replace(p, old, new, 1), b, c)
}

func malformed(b, c *pinset.PrivateKey) {
	valid := string(must(os.ReadFile(filepath.Join(dir, "pinset-valid.json"))))
	p := payload([]byte(valid))
	reject := func(name, rule, reason string, doc []byte) {
		add(Vector{Name: name, Rule: rule, Document: write("pinset-"+name+".json", doc), LastVersion: 4, Expect: "reject", Reason: reason})
	}
	reject("unknown-field-signed", "an unknown member of signed (Wultra's depth), even validly signed", "unknown-field",
		mutate(b, c, `{"expires"`, `{"depth":0,"expires"`))
	reject("unknown-field-envelope", "a member outside signed (unsigned data) is refused", "unknown-field",
		[]byte(strings.Replace(valid, `{"signatures"`, `{"hosts":[],"signatures"`, 1)))
	reject("unknown-field-host", "an unknown member of a host (an enforce switch)", "unknown-field",
		mutate(b, c, `{"include-subdomains":false,"name":"api.example.com"`, `{"enforce":false,"include-subdomains":false,"name":"api.example.com"`))
	reject("unknown-field-pin", "an unknown member of a pin", "unknown-field",
		mutate(b, c, `{"label":"backup"`, `{"digest":"SHA-256","label":"backup"`))
	reject("duplicate-key-signed", "version twice in signed", "duplicate-key",
		mutate(b, c, `"version":5}`, `"version":5,"version":99}`))
	reject("duplicate-key-envelope", "signed twice: which one was verified?", "duplicate-key",
		[]byte(valid[:len(valid)-1]+`,"signed":`+p+`}`))
	reject("trailing-data", "a second document after the first", "trailing-data", []byte(valid+`{}`))
	reject("trailing-garbage", "bytes after the document", "trailing-data", []byte(valid+`x`))
	reject("trailing-newline", "a newline after the document is not canonical", "non-canonical", []byte(valid+"\n"))
	reject("non-canonical-whitespace", "a space between tokens", "non-canonical", []byte(strings.Replace(valid, `":`, `": `, 1)))
	reject("non-canonical-key-order", "signed members out of order", "non-canonical",
		mutate(b, c, `"type":"pinkit-pinset","version":5}`, `"version":5,"type":"pinkit-pinset"}`))
	reject("non-canonical-number", "5.0 is not an integer in canonical form", "non-canonical",
		mutate(b, c, `"version":5}`, `"version":5.0}`))
	reject("syntax-leading-zero", "05 is not JSON", "syntax",
		mutate(b, c, `"version":5}`, `"version":05}`))
	reject("non-canonical-exponent", "5e0 is not an integer in canonical form", "non-canonical",
		mutate(b, c, `"version":5}`, `"version":5e0}`))
	reject("non-canonical-minus-zero", "-0 is not canonical", "non-canonical",
		mutate(b, c, `"version":5}`, `"version":-0}`))
	reject("non-canonical-escape", `\u0061 for "a" is not canonical`, "non-canonical",
		mutate(b, c, `"name":"api.`, `"name":"\u0061pi.`))
	reject("non-canonical-escaped-slash", `\/ is not canonical`, "non-canonical",
		mutate(b, c, `"spki":"sha256/`, `"spki":"sha256\/`))
	reject("syntax-truncated", "a truncated document", "syntax", []byte(valid[:len(valid)/2]))
	reject("syntax-invalid-utf8", "invalid UTF-8 in a label", "syntax",
		mutate(b, c, `"label":"backup"`, "\"label\":\"back\xffup\""))
	reject("syntax-trailing-comma", "a comma before ]", "syntax", []byte(strings.Replace(valid, `}],"signed"`, `},],"signed"`, 1)))
	deep := strings.Repeat("[", 17) + strings.Repeat("]", 17)
	reject("too-deep", "nesting deeper than 16 is refused before anything else", "too-deep",
		mutate(b, c, `{"expires"`, `{"a":`+deep+`,"expires"`))
	reject("wrong-type", "a root document is not a pin set", "wrong-type",
		must(os.ReadFile(filepath.Join(dir, "root-1.json"))))
	reject("schema-version-zero", "version starts at 1", "schema", mutate(b, c, `"version":5}`, `"version":0}`))
	reject("schema-version-string", "version is an integer", "schema", mutate(b, c, `"version":5}`, `"version":"5"}`))
	reject("schema-version-too-big", "integers beyond 2^53-1 are not canonical", "non-canonical",
		mutate(b, c, `"version":5}`, `"version":9007199254740992}`))
	reject("schema-missing-expires", "expires is required (freeze protection)", "schema",
		mutate(b, c, `"expires":"2026-12-08T00:00:00Z",`, ``))
	reject("schema-time-format", "times are YYYY-MM-DDTHH:MM:SSZ", "schema",
		mutate(b, c, `"expires":"2026-12-08T00:00:00Z"`, `"expires":"2026-12-08"`))
	reject("schema-issued-after-expires", "issued must not be after expires", "schema",
		mutate(b, c, `"issued":"2026-12-01T00:00:00Z"`, `"issued":"2026-12-09T00:00:00Z"`))
	reject("schema-include-subdomains-string", "include-subdomains is a boolean", "schema",
		mutate(b, c, `"include-subdomains":false`, `"include-subdomains":"false"`))
}

func policies(b, c *pinset.PrivateKey) {
	reject := func(name, rule string, doc []byte) {
		add(Vector{Name: name, Rule: rule, Document: write("pinset-"+name+".json", doc), LastVersion: 4, Expect: "reject", Reason: "invalid-policy"})
	}
	one := testPin("api.example.com current").String()
	reject("policy-one-pin", "a host needs at least 2 pins (a backup)",
		mutate(b, c, `,{"label":"backup","spki":"`+testPin("api.example.com backup").String()+`"}`, ``))
	reject("policy-duplicate-pin", "two equal pins are one pin",
		mutate(b, c, testPin("api.example.com backup").String(), one))
	reject("policy-bad-pin", "a pin is sha256/ and base64 of 32 bytes",
		mutate(b, c, one, "sha256/AAAA"))
	reject("policy-hex-pin", "a hex digest is not a pin",
		mutate(b, c, one, testPin("api.example.com current").Hex()))
	reject("policy-upper-case-name", "host names are normalised (lower case)",
		mutate(b, c, `"name":"api.example.com"`, `"name":"API.example.com"`))
	reject("policy-trailing-dot", "host names have no trailing dot",
		mutate(b, c, `"name":"api.example.com"`, `"name":"api.example.com."`))
	reject("policy-ip-address", "an IP address is not a host name",
		mutate(b, c, `"name":"api.example.com"`, `"name":"192.0.2.1"`))
	reject("policy-wildcard", "wildcards are written include-subdomains",
		mutate(b, c, `"name":"api.example.com"`, `"name":"*.example.com"`))
	reject("policy-no-hosts", "a set pins at least one host", envelope(
		`{"expires":"2026-12-08T00:00:00Z","hosts":[],"issued":"2026-12-01T00:00:00Z","type":"pinkit-pinset","version":5}`, b, c))
	valid := string(must(os.ReadFile(filepath.Join(dir, "pinset-valid.json"))))
	p := payload([]byte(valid))
	i := strings.Index(p, `"hosts":[`) + len(`"hosts":[`)
	j := strings.Index(p, `},{"include-subdomains":true`)
	first := p[i:j] + "}"
	reject("policy-duplicate-host", "a host listed twice",
		envelope(strings.Replace(p, `"hosts":[`, `"hosts":[`+first+",", 1), b, c))
}

func roots(a, b, c, d, e *pinset.PrivateKey, root1 []byte) {
	add(Vector{Name: "rotation-valid", Rule: "signed by the old threshold (B, C) and the new (D, E)", Kind: "root",
		Document: "root-2.json", Expect: "accept", Version: 2, Threshold: 2, Keys: []string{d.Public().ID, e.Public().ID}})
	keys := []pinset.PublicKey{d.Public(), e.Public()}
	add(Vector{Name: "rotation-old-keys-only", Rule: "the new keys must sign too", Kind: "root",
		Document: write("root-2-old-only.json", must(pinset.SignRoot(2, 2, keys, b, c))), Expect: "reject", Reason: "threshold"})
	add(Vector{Name: "rotation-new-keys-only", Rule: "the old threshold must sign (a stolen new key set is not enough)", Kind: "root",
		Document: write("root-2-new-only.json", must(pinset.SignRoot(2, 2, keys, d, e))), Expect: "reject", Reason: "threshold"})
	add(Vector{Name: "rotation-rollback", Rule: "a root version not above the trusted one", Kind: "root",
		Document: "root-1.json", Expect: "reject", Reason: "rollback"})
	add(Vector{Name: "rotation-version-gap", Rule: "each rotation adds exactly one", Kind: "root",
		Document: write("root-3-gap.json", must(pinset.SignRoot(3, 2, keys, b, c, d, e))), Expect: "reject", Reason: "version-gap"})
	p := payload(root1)
	badID := strings.Replace(p, `"keyid":"`+b.Public().ID, `"keyid":"`+c.Public().ID, 1)
	add(Vector{Name: "root-keyid-mismatch", Rule: "a key ID is the SHA-256 of the key", Kind: "root",
		Document: write("root-keyid-mismatch.json", envelope(strings.Replace(badID, `"version":1`, `"version":2`, 1), b, c)),
		Expect:   "reject", Reason: "invalid-root"})
	dup := strings.Replace(p, `"keys":[`, `"keys":[`+keyEntry(b)+",", 1)
	add(Vector{Name: "root-duplicate-key", Rule: "one key listed twice would count twice", Kind: "root",
		Document: write("root-duplicate-key.json", envelope(strings.Replace(dup, `"version":1`, `"version":2`, 1), b, c)),
		Expect:   "reject", Reason: "invalid-root"})
	over := strings.Replace(strings.Replace(p, `"threshold":2`, `"threshold":4`, 1), `"version":1`, `"version":2`, 1)
	add(Vector{Name: "root-threshold-above-keys", Rule: "a threshold no key set can meet", Kind: "root",
		Document: write("root-threshold-above-keys.json", envelope(over, a, b, c)), Expect: "reject", Reason: "invalid-root"})
	zero := strings.Replace(strings.Replace(p, `"threshold":2`, `"threshold":0`, 1), `"version":1`, `"version":2`, 1)
	add(Vector{Name: "root-threshold-zero", Rule: "a threshold of 0 would need no signature", Kind: "root",
		Document: write("root-threshold-zero.json", envelope(zero, b, c)), Expect: "reject", Reason: "schema"})
	add(Vector{Name: "root-wrong-type", Rule: "a pin set is not a root", Kind: "root",
		Document: "pinset-valid.json", Expect: "reject", Reason: "wrong-type"})
}

func keyEntry(k *pinset.PrivateKey) string {
	return string(must(k.Public().MarshalJSON()))
}

func scenarios(b, c *pinset.PrivateKey) {
	both := expectHosts(hosts("api.example.com", ".cdn.example.net"))
	api := expectHosts(hosts("api.example.com"))
	scenarioList = append(scenarioList, Scenario{Name: "freeze-falls-back-to-shipped-pins",
		Rule: "when updates stop, the set expires into the shipped pins, never into no pinning", Trusted: "root-1.json",
		Steps: []Step{
			{Now: "2026-12-02T00:00:00Z"},
			{Document: "pinset-valid.json", Now: "2026-12-02T00:00:00Z", Expect: "accept", Active: both},
			{Now: "2026-12-07T23:59:59Z", Active: both},
			{Now: "2026-12-08T00:00:00Z"},
			{Document: "pinset-one-key.json", Now: "2026-12-08T00:00:01Z", Expect: "reject", Reason: "threshold"},
		}})
	scenarioList = append(scenarioList, Scenario{Name: "no-merge",
		Rule: "a signed set replaces the previous one whole; a rejected one changes nothing", Trusted: "root-1.json",
		Steps: []Step{
			{Document: "pinset-valid.json", Now: "2026-12-02T00:00:00Z", Expect: "accept", Active: both},
			{Document: "pinset-one-key.json", Now: "2026-12-02T00:00:00Z", Expect: "reject", Reason: "threshold", Active: both},
			{Document: "pinset-unknown-field-host.json", Now: "2026-12-02T00:00:00Z", Expect: "reject", Reason: "unknown-field", Active: both},
			{Document: "pinset-host-removed.json", Now: "2026-12-02T00:00:00Z", Expect: "accept", Active: api},
			{Document: "pinset-valid.json", Now: "2026-12-02T00:00:00Z", Expect: "reject", Reason: "rollback", Active: api},
		}})
	scenarioList = append(scenarioList, Scenario{Name: "rotation-drops-old-set",
		Rule: "after a key rotation the set signed by the old keys no longer applies; the new keys' set does", Trusted: "root-1.json",
		Steps: []Step{
			{Document: "pinset-valid.json", Now: "2026-12-02T00:00:00Z", Expect: "accept", Active: both},
			{Root: "root-2.json", Now: "2026-12-02T00:00:00Z"},
			{Document: "pinset-valid.json", Now: "2026-12-02T00:00:00Z", Expect: "unchanged"},
			{Document: "pinset-rotated.json", Now: "2026-12-02T00:00:00Z", Expect: "accept", Active: api},
		}})
}
