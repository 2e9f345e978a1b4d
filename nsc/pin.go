package nsc

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pinkit/pinkit/internal/pinfmt"
)

// Check reports why the platform would reject the pin, or nil: the digest
// must be "SHA-256" (case-insensitive) and the value must decode, as
// [pinfmt.NSC] (android.util.Base64's lenient DEFAULT decoder), to 32 bytes.
func (p Pin) Check() error {
	if p.Digest == "" {
		return errors.New("<pin> has no digest attribute")
	}
	if !strings.EqualFold(p.Digest, "SHA-256") {
		return fmt.Errorf("<pin> digest=%q is not supported, want SHA-256", p.Digest)
	}
	_, err := pinfmt.Parse(pinfmt.NSC, p.Value)
	return err
}

// Bytes returns the decoded digest, or nil when [Pin.Check] fails.
func (p Pin) Bytes() []byte {
	if p.Check() != nil {
		return nil
	}
	d, _ := pinfmt.Parse(pinfmt.NSC, p.Value)
	return d.Raw
}

// parseExpiration parses a pin-set expiration date "yyyy-MM-dd" as a
// non-lenient java.text.SimpleDateFormat would, returning the date at 00:00 UTC.
func parseExpiration(v string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006-1-2", "2006-01-2", "2006-1-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(v)); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("not a valid yyyy-MM-dd date")
}

// ExpirationDate returns the expiration day of the pin set and whether it
// has a valid one. The time is 00:00 UTC on that day.
func (ps *PinSet) ExpirationDate() (time.Time, bool) {
	if ps == nil || ps.Expiration == "" {
		return time.Time{}, false
	}
	t, err := parseExpiration(ps.Expiration)
	return t, err == nil
}

// Expired reports whether the pin set's pins are ignored at now: the
// platform stops enforcing them from 00:00 device-local time (now's
// location) at the start of the expiration day.
func (ps *PinSet) Expired(now time.Time) bool {
	d, ok := ps.ExpirationDate()
	if !ok {
		return false
	}
	start := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, now.Location())
	return !now.Before(start)
}
