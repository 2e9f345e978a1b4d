package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/pinkit/pinkit/check"
	"github.com/pinkit/pinkit/pinset"
)

// signedPrefix opens every signed pinkit document (a pin set or a root).
const signedPrefix = `{"signatures":`

// pinsetTargets verifies the signed pin set at path against the root chain
// of --pinset-root (as an app would, at now, with no version floor) and
// checks each of its hosts: a set is only checked once it is known to be
// one the apps would accept.
func pinsetTargets(path string, roots []string, now time.Time) ([]check.Target, error) {
	data, err := readCapped(path, pinset.MaxDocumentSize+1) // one byte more: too large is the verifier's to say
	if err != nil {
		return nil, err
	}
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

// isSignedFile reports whether the file at path starts like a signed
// document (canonical JSON always opens with its signatures).
func isSignedFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(signedPrefix))
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == signedPrefix
}

// readCapped reads at most limit bytes of the file at path.
func readCapped(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}
