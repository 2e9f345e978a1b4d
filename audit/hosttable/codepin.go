package hosttable

import "strings"

// CheckCodePin parses an OkHttp CertificatePinner pin string ("sha256/…" or
// "sha1/…") and returns its algorithm ("sha256", "sha1", or "" when the
// prefix is unknown) and whether the value is well-formed: decodable by
// okio's base64 (standard or URL-safe alphabet, padding and whitespace
// optional) to 32 bytes for sha256 or 20 for sha1.
func CheckCodePin(pin string) (alg string, valid bool) {
	var want int
	var b64 string
	switch {
	case strings.HasPrefix(pin, "sha256/"):
		alg, want, b64 = "sha256", 32, pin[len("sha256/"):]
	case strings.HasPrefix(pin, "sha1/"):
		alg, want, b64 = "sha1", 20, pin[len("sha1/"):]
	default:
		return "", false
	}
	raw, ok := decodeOkioBase64(b64)
	return alg, ok && len(raw) == want
}

// decodeOkioBase64 decodes as okio's String.decodeBase64 does.
func decodeOkioBase64(s string) ([]byte, bool) {
	limit := len(s)
	for limit > 0 && strings.IndexByte("= \n\r\t", s[limit-1]) >= 0 {
		limit--
	}
	out := make([]byte, 0, limit*3/4+2)
	n, word := 0, 0
	for i := 0; i < limit; i++ {
		c := s[i]
		var bits int
		switch {
		case c >= 'A' && c <= 'Z':
			bits = int(c - 'A')
		case c >= 'a' && c <= 'z':
			bits = int(c-'a') + 26
		case c >= '0' && c <= '9':
			bits = int(c-'0') + 52
		case c == '+' || c == '-':
			bits = 62
		case c == '/' || c == '_':
			bits = 63
		case c == '\n' || c == '\r' || c == ' ' || c == '\t':
			continue
		default:
			return nil, false
		}
		word = word<<6 | bits
		if n++; n%4 == 0 {
			out = append(out, byte(word>>16), byte(word>>8), byte(word))
			word = 0
		}
	}
	switch n % 4 {
	case 1:
		return nil, false
	case 2:
		out = append(out, byte(word>>4))
	case 3:
		out = append(out, byte(word>>10), byte(word>>2))
	}
	return out, true
}

// PlaceholderReason says why a pin value (base64 text, without any
// "sha256/" prefix) looks like a placeholder rather than a real digest, or
// returns "". raw is the decoded value (nil when it did not decode).
func PlaceholderReason(value string, raw []byte) string {
	lower := strings.ToLower(value)
	for _, w := range []string{"your", "placeholder", "example", "replace", "changeme", "todo", "fixme", "xxxx", "dummy", "sample", "insert"} {
		if strings.Contains(lower, w) {
			return "contains \"" + w + "\""
		}
	}
	if isHexDigest(value) {
		return "hex digits, not base64"
	}
	if len(raw) > 0 && allEqual(raw) {
		return "every byte is the same"
	}
	if longestRun(value) >= 10 {
		return "long run of one repeated character"
	}
	return ""
}

func isHexDigest(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
			return false
		}
	}
	return true
}

func allEqual(b []byte) bool {
	for _, c := range b {
		if c != b[0] {
			return false
		}
	}
	return true
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
