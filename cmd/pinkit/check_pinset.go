package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/pinkit/pinkit/check"
)

// isSignedPinSet reports whether data is a signed document (a pin set or a
// root): canonical JSON always starts with its signatures.
func isSignedPinSet(data []byte) bool {
	return bytes.HasPrefix(data, []byte(`{"signatures":`))
}

// pinsetTargets verifies the signed pin set in data against the root chain
// of --pinset-root (as an app would, at now, with no version floor) and
// checks each of its hosts: a set is only checked once it is known to be
// one the apps would accept.
func pinsetTargets(path string, data []byte, roots []string, now time.Time) ([]check.Target, error) {
	if len(roots) == 0 {
		return nil, withHint(errors.New(path+": a signed pin set needs --pinset-root"),
			"pass the root document the apps ship: --pinset-root root.json")
	}
	root, err := loadRootChain(roots)
	if err != nil {
		return nil, err
	}
	if now.IsZero() {
		now = time.Now()
	}
	set, err := root.Verify(data, 0, now)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []check.Target
	for _, h := range set.Hosts {
		// No Expires: when a signed set expires, apps fall back to the
		// pins they ship (docs/pinset.md); it is no brick date.
		t := check.Target{Host: h.Name, IncludeSubdomains: h.IncludeSubdomains,
			Source: fmt.Sprintf("%s (pin set version %d, expires %s)", path, set.Version, set.Expires.Format(time.DateOnly))}
		for _, p := range h.Pins {
			t.Pins = append(t.Pins, check.Pin{Pin: p.SPKI, Label: p.Label})
		}
		out = append(out, t)
	}
	return out, nil
}

// isSignedFile reports whether the file at path is a signed document.
func isSignedFile(path string) bool {
	_, ok := readSignedPinSet(path)
	return ok
}

// readSignedPinSet returns the file's bytes when it is a signed document.
func readSignedPinSet(path string) ([]byte, bool) {
	data, err := os.ReadFile(path)
	if err != nil || !isSignedPinSet(data) {
		return nil, false
	}
	return data, true
}
