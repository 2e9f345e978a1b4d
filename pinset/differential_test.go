package pinset

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDifferentialCorpus writes, when PINSET_DIFF_DIR is set, a vectors
// directory of mutated documents with the Go verifier's verdicts, for the
// Java verifier to check (.ci/run, java_vectors): the two must agree on
// every reason. Half the documents are re-signed after mutation by the
// vectors' keys, so schema and policy checks are reached, not only the
// parser. PINSET_DIFF_SEED replays a run (its seed is written to DIR/seed).
func TestDifferentialCorpus(t *testing.T) {
	out := os.Getenv("PINSET_DIFF_DIR")
	if out == "" {
		t.Skip("PINSET_DIFF_DIR not set")
	}
	rootDoc := readVectorFile(t, "root-1.json")
	root, err := LoadRoot(rootDoc)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(vectorDir, "pinset-*.json"))
	var seeds [][]byte
	for _, n := range names {
		seeds = append(seeds, readVectorFile(t, filepath.Base(n)))
	}
	seed := uint64(time.Now().UnixNano())
	if env := os.Getenv("PINSET_DIFF_SEED"); env != "" {
		if _, err := fmt.Sscan(env, &seed); err != nil {
			t.Fatalf("PINSET_DIFF_SEED: %v", err)
		}
	}
	if err := os.WriteFile(filepath.Join(out, "seed"), fmt.Appendf(nil, "%d\n", seed), 0o644); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(seed, 1))
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	signers := []*PrivateKey{vectorKey(t, "B"), vectorKey(t, "C")}
	var vecs []map[string]any
	for i := range 3000 {
		doc := mutate(r, seeds[r.IntN(len(seeds))])
		if i%2 == 1 {
			doc = resign(t, doc, signers)
		}
		name := fmt.Sprintf("m%04d.json", i)
		if err := os.WriteFile(filepath.Join(out, name), doc, 0o644); err != nil {
			t.Fatal(err)
		}
		vecs = append(vecs, verdict(root, name, doc, now))
	}
	data, err := json.Marshal(map[string]any{"vectors": vecs})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "vectors.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "root-1.json"), rootDoc, 0o644); err != nil {
		t.Fatal(err)
	}
}

var mutationTokens = []string{"{", "}", "[", "]", ",", ":", `"`, `\`, `\u0000`, `\ud800`, "1", "-0", "1.5", "1e3",
	" ", "\n", "null", "true", `"x"`, "\xff", "é", "\u2028", `\/`, `"a":1`, "0", `"A"`, "-"}

// mutate deletes, inserts or replaces a few bytes or tokens of doc.
func mutate(r *rand.Rand, doc []byte) []byte {
	s := string(doc)
	for range 1 + r.IntN(3) {
		p := r.IntN(len(s) + 1)
		switch r.IntN(3) {
		case 0:
			if p < len(s) {
				s = s[:p] + s[p+1:]
			}
		case 1:
			s = s[:p] + mutationTokens[r.IntN(len(mutationTokens))] + s[p:]
		default:
			if p < len(s) {
				s = s[:p] + string(rune(r.IntN(128))) + s[p+1:]
			}
		}
	}
	return []byte(s)
}

// resign re-encodes the signed member canonically when it parses, and
// signs it with keys.
func resign(t *testing.T, doc []byte, keys []*PrivateKey) []byte {
	d := string(doc)
	i := strings.Index(d, `"signed":`)
	if i < 0 || len(d) < i+10 {
		return doc
	}
	payload := d[i+len(`"signed":`) : len(d)-1]
	if v, err := parseJSON([]byte(payload)); err == nil {
		if enc, err := canonical(nil, v); err == nil {
			payload = string(enc)
		}
	}
	var sigs []string
	for _, k := range keys {
		sig, err := k.Sign([]byte(payload))
		if err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, `{"keyid":"`+k.Public().ID+`","sig":"`+base64.StdEncoding.EncodeToString(sig)+`"}`)
	}
	return []byte(`{"signatures":[` + strings.Join(sigs, ",") + `],"signed":` + payload + `}`)
}

// verdict is the vectors.json entry for doc with the Go verifier's result.
func verdict(root *Root, name string, doc []byte, now time.Time) map[string]any {
	v := map[string]any{"name": name, "rule": "Go and Java agree", "kind": "pinset", "trusted": "root-1.json",
		"document": name, "last_version": 0, "now": now.Format(time.RFC3339)}
	set, err := root.Verify(doc, 0, now)
	if err != nil {
		v["expect"], v["reason"] = "reject", string(ReasonOf(err))
		return v
	}
	var hosts []map[string]any
	for _, h := range set.Hosts {
		var pins []string
		for _, p := range h.Pins {
			pins = append(pins, p.SPKI.String())
		}
		hosts = append(hosts, map[string]any{"name": h.Name, "include-subdomains": h.IncludeSubdomains, "pins": pins})
	}
	v["expect"], v["version"], v["hosts"] = "accept", set.Version, hosts
	return v
}

// vectorKey is gen_vectors.go's P-256 key of that name.
func vectorKey(t *testing.T, name string) *PrivateKey {
	d := sha256.Sum256([]byte("pinkit vector key " + name))
	k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), d[:])
	if err != nil {
		t.Fatal(err)
	}
	pk, err := NewPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return pk
}
