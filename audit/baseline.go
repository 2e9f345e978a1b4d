package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// Baseline is a set of finding fingerprints accepted earlier.
type Baseline struct {
	fingerprints map[string]bool
}

// NewBaseline returns a baseline holding the given fingerprints.
func NewBaseline(fingerprints ...string) *Baseline {
	b := &Baseline{fingerprints: map[string]bool{}}
	for _, f := range fingerprints {
		b.fingerprints[f] = true
	}
	return b
}

// Contains reports whether fingerprint is in the baseline.
func (b *Baseline) Contains(fingerprint string) bool {
	return b != nil && b.fingerprints[fingerprint]
}

// Len returns the number of fingerprints.
func (b *Baseline) Len() int {
	if b == nil {
		return 0
	}
	return len(b.fingerprints)
}

type baselineFile struct {
	SchemaVersion int      `json:"schema_version"`
	Fingerprints  []string `json:"fingerprints"`
	// Apps lets a JSON report (audit/report/json) serve as a baseline.
	Apps []struct {
		Findings []struct {
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	} `json:"apps"`
}

// maxBaselineSize bounds a baseline file.
const maxBaselineSize = 64 << 20

// ReadBaseline reads a baseline: either {"fingerprints": […]} as written by
// [WriteBaseline], or a JSON report from audit/report/json.
func ReadBaseline(r io.Reader) (*Baseline, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBaselineSize+1))
	if err != nil {
		return nil, fmt.Errorf("failed to read baseline: %w", err)
	}
	if len(data) > maxBaselineSize {
		return nil, fmt.Errorf("failed to read baseline: larger than %d bytes", maxBaselineSize)
	}
	var f baselineFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("failed to parse baseline: %w", err)
	}
	b := NewBaseline(f.Fingerprints...)
	for _, a := range f.Apps {
		for _, fd := range a.Findings {
			if fd.Fingerprint != "" {
				b.fingerprints[fd.Fingerprint] = true
			}
		}
	}
	return b, nil
}

// WriteBaseline writes the fingerprints of res's active findings as a
// baseline file.
func WriteBaseline(w io.Writer, res *Result) error {
	f := struct {
		SchemaVersion int      `json:"schema_version"`
		Fingerprints  []string `json:"fingerprints"`
	}{SchemaVersion: 1, Fingerprints: []string{}}
	seen := map[string]bool{}
	for _, a := range res.Apps {
		for _, fd := range a.Findings {
			if fd.Status != StatusSuppressed && !seen[fd.Fingerprint] {
				seen[fd.Fingerprint] = true
				f.Fingerprints = append(f.Fingerprints, fd.Fingerprint)
			}
		}
	}
	sort.Strings(f.Fingerprints)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("failed to write baseline: %w", err)
	}
	return nil
}
