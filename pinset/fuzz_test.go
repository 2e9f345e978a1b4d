package pinset

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// seedVectors adds every vector document to f.
func seedVectors(f *testing.F) {
	names, err := filepath.Glob(filepath.Join(vectorDir, "*.json"))
	if err != nil || len(names) == 0 {
		f.Fatalf("no vectors: %v", err)
	}
	for _, n := range names {
		if filepath.Base(n) == "vectors.json" {
			continue
		}
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"a":[1,{"b":"\u00e9\ud83d\ude00"}],"c":null}`))
}

// FuzzParseJSON checks the strict reader against encoding/json: whatever it
// accepts is valid JSON, and a document it calls canonical re-encodes to
// itself.
func FuzzParseJSON(f *testing.F) {
	seedVectors(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := parseJSON(data)
		if err != nil {
			if ReasonOf(err) == "" {
				t.Fatalf("error without a reason: %v", err)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		enc, err := canonical(nil, v)
		if err != nil {
			return
		}
		again, err := parseCanonical(enc)
		if err != nil && ReasonOf(err) != ReasonSchema {
			t.Fatalf("canonical encoding %q does not parse as canonical: %v", enc, err)
		}
		if err == nil {
			if enc2, _ := canonical(nil, again); !bytes.Equal(enc, enc2) {
				t.Fatalf("canonical form is not stable: %q then %q", enc, enc2)
			}
		}
	})
}

// FuzzVerify runs untrusted documents through the pin-set and root
// verifiers: they must not panic, must reject with a reason, and may accept
// only what is signed by the vectors' root.
func FuzzVerify(f *testing.F) {
	seedVectors(f)
	root1, err := os.ReadFile(filepath.Join(vectorDir, "root-1.json"))
	if err != nil {
		f.Fatal(err)
	}
	root, err := LoadRoot(root1)
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := root.Verify(data, 0, now)
		if err != nil && ReasonOf(err) == "" {
			t.Fatalf("pin set rejected without a reason: %v", err)
		}
		if err == nil {
			if _, err := set.Policy(); err != nil {
				t.Fatalf("accepted a set that is not a policy: %v", err)
			}
			if !bytes.Equal(set.Raw, data) {
				t.Fatal("Raw differs from the input")
			}
		}
		if _, err := root.VerifyRotation(data); err != nil && ReasonOf(err) == "" {
			t.Fatalf("root rejected without a reason: %v", err)
		}
		_, _ = LoadRoot(data)
	})
}
