package pinfmt

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

func TestPlaceholder(t *testing.T) {
	t.Parallel()
	period6 := strings.Repeat("ABCDEF", 7) + "A=" // 43 characters, the last repetition cut short
	tests := []struct {
		name, value, want string // want: a substring of the reason, "" for a real pin
	}{
		{"real A", pinA, ""},
		{"real B", pinB, ""},
		{"real, unpadded", strings.TrimSuffix(pinA, "="), ""},
		{"all zero", strings.Repeat("A", 43) + "=", "every byte is the same"},
		{"one repeated character", strings.Repeat("B", 43) + "=", "repeats every 3 bytes"},
		{"repeated, not decodable", strings.Repeat("Z", 13), "repeated character"},
		{"period 6, cut short", period6, `pattern "ABCDEF"`},
		{"period 2 (3 bytes)", strings.Repeat("Ab", 21) + "A=", "repeats every 3 bytes"},
		{"period 8", strings.Repeat("aBcDeFgH", 5) + "aBc=", "repeats every 6 bytes"},
		{"period 7", strings.Repeat("aBcDeFg", 6) + "a=", `pattern "aBcDeFg"`},
		{"YOUR_PIN", "YOUR_PIN_HERE", `contains "your"`},
		{"name", "BACKUP_PIN", "a name"},
		{"placeholder word", "placeholder-pin-value", `contains "placeholder"`},
		{"hex", strings.Repeat("0f", 32), "hex digits"},
		{"hex sha1", strings.Repeat("0f", 20), "hex digits"},
		{"hex with colons", strings.TrimSuffix(strings.Repeat("A1:", 32), ":"), "hex digits"},
		{"sha256 prefix", "sha256/" + pinA, `starts with "sha256/"`},
		{"SHA256 prefix", "SHA256/" + pinA, `starts with "sha256/"`},
		{"sha1 prefix", "sha1/" + strings.Repeat("A", 27) + "=", `starts with "sha1/"`},
		{"short and periodic is too short to judge", "ABAB", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		raw, _ := decodeAndroid(tt.value)
		got := Placeholder(tt.value, raw)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: Placeholder(%q) = %q; want %q", tt.name, tt.value, got, tt.want)
		}
	}
}

// TestPlaceholderRawPeriod: a digest whose bytes repeat is caught even when
// its base64 text has a period longer than 8.
func TestPlaceholderRawPeriod(t *testing.T) {
	t.Parallel()
	for p := 1; p <= maxPeriod; p++ {
		raw := make([]byte, SHA256Len)
		for i := range raw {
			raw[i] = byte(i%p*53 + 1)
		}
		s := base64.StdEncoding.EncodeToString(raw)
		if Placeholder(s, raw) == "" {
			t.Errorf("period %d: %q not a placeholder", p, s)
		}
	}
}

// TestPlaceholderRealDigests: real SHA-256 digests are never placeholders.
func TestPlaceholderRealDigests(t *testing.T) {
	t.Parallel()
	for i := range 500 {
		sum := sha256.Sum256([]byte(fmt.Sprint("key-", i)))
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding} {
			if s := enc.EncodeToString(sum[:]); Placeholder(s, sum[:]) != "" {
				t.Errorf("real digest %q: %s", s, Placeholder(s, sum[:]))
			}
		}
	}
}

func TestJudge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p           Platform
		in          string
		usable, err bool
		placeholder string
	}{
		{NSC, pinA, true, false, ""},
		{NSC, strings.TrimSuffix(pinA, "="), true, false, ""},
		{NSC, "sha256/" + pinA, false, true, `starts with "sha256/"`},
		{OkHttp, "sha256/" + pinA, true, false, ""},
		{OkHttp, "sha256/" + strings.Repeat("A", 43) + "=", false, false, "every byte is the same"},
		{OkHttp, "sha1/" + strings.Repeat("A", 27) + "=", false, false, "every byte is the same"},
		{OkHttp, "md5/" + pinA, false, true, ""},
		{ATS, strings.Repeat("ABCDEF", 7) + "A=", false, false, `pattern "ABCDEF"`},
		{Strict, "sha256/" + strings.Repeat("A", 43) + "=", false, false, "every byte is the same"},
	}
	for _, tt := range tests {
		v := Judge(tt.p, tt.in)
		if v.Usable() != tt.usable || (v.Err != nil) != tt.err || (tt.placeholder == "") != (v.Placeholder == "") ||
			!strings.Contains(v.Placeholder, tt.placeholder) {
			t.Errorf("Judge(%s, %q) = %+v", tt.p, tt.in, v)
		}
	}
}
