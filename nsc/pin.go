package nsc

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// DigestLen is the length of a SHA-256 pin digest in bytes.
const DigestLen = 32

// Check reports why the platform would reject the pin, or nil: the digest
// must be "SHA-256" (case-insensitive) and the value must decode, with
// android.util.Base64's lenient DEFAULT decoder, to 32 bytes.
func (p Pin) Check() error {
	if p.Digest == "" {
		return errors.New("<pin> has no digest attribute")
	}
	if !strings.EqualFold(p.Digest, "SHA-256") {
		return fmt.Errorf("<pin> digest=%q is not supported, want SHA-256", p.Digest)
	}
	if p.Value == "" {
		return errors.New("<pin> is empty")
	}
	raw, err := DecodeBase64(p.Value)
	if err != nil {
		return fmt.Errorf("<pin> %q: invalid base64: %w", p.Value, err)
	}
	if len(raw) != DigestLen {
		return fmt.Errorf("<pin> %q: decodes to %d bytes, want %d (SHA-256)", p.Value, len(raw), DigestLen)
	}
	return nil
}

// Bytes returns the decoded digest, or nil when [Pin.Check] fails.
func (p Pin) Bytes() []byte {
	if p.Check() != nil {
		return nil
	}
	raw, _ := DecodeBase64(p.Value)
	return raw
}

var errBase64 = errors.New("bad padding or length")

// DecodeBase64 decodes s as android.util.Base64.decode(s, DEFAULT) does:
// standard alphabet, padding optional, characters outside the alphabet
// (whitespace, '-', '_', '.') skipped, and '=' only valid as final padding.
func DecodeBase64(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)*3/4+3)
	state, value := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			switch state {
			case 2: // "xx=" needs a second '='
				state = 4
			case 3: // "xxx="
				out = append(out, byte(value>>10), byte(value>>2))
				state = 5
			case 4:
				out = append(out, byte(value>>4))
				state = 5
			default:
				return nil, errBase64
			}
			continue
		}
		d := b64Value(c)
		if d < 0 {
			continue
		}
		if state >= 4 {
			return nil, errBase64
		}
		value = value<<6 | d
		if state++; state == 4 {
			out = append(out, byte(value>>16), byte(value>>8), byte(value))
			state, value = 0, 0
		}
	}
	switch state {
	case 1, 4:
		return nil, errBase64
	case 2:
		out = append(out, byte(value>>4))
	case 3:
		out = append(out, byte(value>>10), byte(value>>2))
	}
	return out, nil
}

func b64Value(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
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
