package pinfmt

import (
	"fmt"
	"strings"
)

// placeholderWords are stand-ins people write where a pin belongs.
var placeholderWords = []string{"your", "placeholder", "example", "replace", "changeme", "todo", "fixme",
	"xxxx", "dummy", "sample", "insert"}

// maxPeriod is the longest repeating unit (in characters of the text or
// bytes of the digest) that [Placeholder] treats as a pattern.
const maxPeriod = 8

// Placeholder says why a pin value looks like a stand-in rather than a
// real digest, or returns "". value is the text as written without any
// OkHttp "sha256/" or "sha1/" prefix (a value that still starts with one is
// reported: that is OkHttp syntax pasted into a bare-base64 format); raw is
// the decoded digest, or nil when the value did not decode. It detects
// placeholder words and YOUR_PIN-style names, hex where base64 belongs, a
// digest whose bytes repeat (all zero, all equal, or any pattern of at most
// 8 bytes), text made of a pattern of at most 8 characters repeated (the
// last repetition may be cut short), and a run of 10 equal characters.
func Placeholder(value string, raw []byte) string {
	lower := strings.ToLower(value)
	switch {
	case strings.HasPrefix(lower, "sha256/"):
		return "starts with \"sha256/\" (OkHttp syntax): this format wants the bare base64"
	case strings.HasPrefix(lower, "sha1/"):
		return "starts with \"sha1/\" (an OkHttp SHA-1 pin): this format wants the bare base64 of a SHA-256"
	}
	for _, w := range placeholderWords {
		if strings.Contains(lower, w) {
			return "contains \"" + w + "\""
		}
	}
	if isName(value) {
		return "a name (like YOUR_PIN), not a digest"
	}
	if IsHexDigest(value) {
		return "hex digits, not base64"
	}
	if reason := rawPattern(raw); reason != "" {
		return reason
	}
	if longestRun(value) >= 10 {
		return "long run of one repeated character"
	}
	if p := textPeriod(strings.TrimRight(value, "=")); p > 0 {
		return fmt.Sprintf("the pattern %q repeated", value[:p])
	}
	return ""
}

// rawPattern reports a digest whose bytes repeat.
func rawPattern(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	switch p := period(raw); {
	case p == 1 && raw[0] == 0:
		return "every byte is the same (an all-zero digest)"
	case p == 1:
		return "every byte is the same"
	case p > 0:
		return fmt.Sprintf("the digest repeats every %d bytes", p)
	}
	return ""
}

// textPeriod returns the period of s when s is at least two whole
// repetitions and 12 characters long, else 0.
func textPeriod(s string) int {
	if len(s) < 12 {
		return 0
	}
	return period([]byte(s))
}

// period returns the smallest p ≤ maxPeriod with b[i] == b[i-p] for every
// i ≥ p and len(b) ≥ 2p, or 0.
func period[T ~[]byte](b T) int {
	for p := 1; p <= maxPeriod && 2*p <= len(b); p++ {
		ok := true
		for i := p; i < len(b) && ok; i++ {
			ok = b[i] == b[i-p]
		}
		if ok {
			return p
		}
	}
	return 0
}

// isName reports whether s is an UPPER_SNAKE identifier such as YOUR_PIN
// or BACKUP_PIN_HERE: letters, digits and at least one '_', no lower case.
func isName(s string) bool {
	if !strings.Contains(s, "_") {
		return false
	}
	letters := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z':
			letters++
		case c >= '0' && c <= '9' || c == '_':
		default:
			return false
		}
	}
	return letters >= 3
}

func longestRun(s string) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] {
			run++
		} else {
			run = 1
		}
		best = max(best, run)
	}
	return best
}
