package pinfmt

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Each decoder below follows one platform's source; the tests cite it. All
// are a single pass over the input with output bounded by its length.

var (
	errPadding   = errors.New("bad padding or length")
	errCharacter = errors.New("character outside the alphabet")
	errNothing   = errors.New("decodes to nothing")
)

// value returns the 6-bit value of c in the standard alphabet, or -1.
func value(c byte) int {
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

// decodeAndroid decodes as android.util.Base64.decode(s, DEFAULT): standard
// alphabet; every other byte (whitespace, '-', '_', '.', non-ASCII) is
// skipped; '=' only as final padding ("xx==" or "xxx="), after which only
// skipped bytes may follow; padding optional; one leftover character fails.
// Bits below the last whole byte are dropped, not checked.
func decodeAndroid(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)*3/4+3)
	state, v := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			switch state {
			case 2: // "xx=" needs a second '='
				state = 4
			case 3: // "xxx="
				out = append(out, byte(v>>10), byte(v>>2))
				state = 5
			case 4:
				out = append(out, byte(v>>4))
				state = 5
			default:
				return nil, errPadding
			}
			continue
		}
		d := value(c)
		if d < 0 {
			continue
		}
		if state >= 4 {
			return nil, errPadding
		}
		v = v<<6 | d
		if state++; state == 4 {
			out = append(out, byte(v>>16), byte(v>>8), byte(v))
			state, v = 0, 0
		}
	}
	switch state {
	case 1, 4:
		return nil, errPadding
	case 2:
		out = append(out, byte(v>>4))
	case 3:
		out = append(out, byte(v>>10), byte(v>>2))
	}
	return out, nil
}

// decodeOkio decodes as Okio's String.decodeBase64: trailing '=' and
// whitespace are cut, then both alphabets ('+' or '-', '/' or '_') are read,
// inner whitespace (space, tab, CR, LF) skipped, anything else — an inner
// '=' included — fails, as does one leftover character. Padding is
// optional and trailing bits are not checked.
func decodeOkio(s string) ([]byte, error) {
	limit := len(s)
	for limit > 0 && strings.IndexByte("= \n\r\t", s[limit-1]) >= 0 {
		limit--
	}
	out := make([]byte, 0, limit*3/4+2)
	n, word := 0, 0
	for i := 0; i < limit; i++ {
		c := s[i]
		bits := value(c)
		switch {
		case bits >= 0:
		case c == '-':
			bits = 62
		case c == '_':
			bits = 63
		case c == '\n' || c == '\r' || c == ' ' || c == '\t':
			continue
		default:
			return nil, errCharacter
		}
		word = word<<6 | bits
		if n++; n%4 == 0 {
			out = append(out, byte(word>>16), byte(word>>8), byte(word))
			word = 0
		}
	}
	switch n % 4 {
	case 1:
		return nil, errPadding
	case 2:
		out = append(out, byte(word>>4))
	case 3:
		out = append(out, byte(word>>10), byte(word>>2))
	}
	return out, nil
}

// decodeSecBase64 decodes as Apple Security's SecBase64Decode with
// kSecB64_F_STOP_ON_NOTHING, which CreateCFDataFromBase64CFString uses for
// SPKI-SHA256-BASE64: bytes outside the alphabet are skipped, '=' counts as
// a zero digit and as padding (a later digit resets the padding count), a
// group of four ending in padding ends decoding (the rest is ignored), and
// an incomplete final group is silently dropped. Empty output is a failure
// (the identity is dropped).
func decodeSecBase64(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)*3/4+3)
	var idx [4]int
	n, pads := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			idx[n], pads = 0, pads+1
		} else if d := value(c); d >= 0 {
			idx[n], pads = d, 0
		} else {
			continue
		}
		if n++; n < 4 {
			continue
		}
		n = 0
		out = append(out, byte(idx[0]<<2|idx[1]>>4))
		if pads != 2 {
			out = append(out, byte(idx[1]<<4|idx[2]>>2))
			if pads != 1 {
				out = append(out, byte(idx[2]<<6|idx[3]))
			}
		}
		if pads != 0 {
			break
		}
	}
	if len(out) == 0 {
		return nil, errNothing
	}
	return out, nil
}

// decodeFoundation decodes as Foundation's Data(base64Encoded:) /
// -[NSData initWithBase64EncodedString:options:0]: the length must be a
// multiple of four, every byte must be in the standard alphabet or '=',
// '=' only at the end (any number of them), and trailing bits are not
// checked.
func decodeFoundation(s string) ([]byte, error) {
	if len(s)%4 != 0 {
		return nil, errPadding
	}
	out := make([]byte, 0, len(s)*3/4)
	var cur byte
	index, pads := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			pads++
			continue
		}
		d := value(c)
		if d < 0 {
			return nil, errCharacter
		}
		if pads > 0 {
			return nil, errPadding
		}
		v := byte(d)
		switch index {
		case 0:
			cur = v << 2
		case 1:
			out = append(out, cur|v>>4)
			cur = v << 4
		case 2:
			out = append(out, cur|v>>2)
			cur = v << 6
		case 3:
			out = append(out, cur|v)
		}
		index = (index + 1) % 4
	}
	return out, nil
}

// parseStrict parses the pin library's form: "sha256/" then the padded
// standard alphabet, canonical (no trailing bits, no whitespace).
func parseStrict(s string) (Digest, error) {
	d := Digest{Alg: SHA256}
	b64, ok := strings.CutPrefix(s, "sha256/")
	if !ok {
		return Digest{}, strictPrefixError(s)
	}
	if i := strings.IndexFunc(b64, notStrict); i >= 0 {
		return d, newError(Strict, s, ErrBase64, fmt.Sprintf("invalid standard base64: character %q at offset %d", b64[i], i))
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(b64)
	if err != nil {
		return d, newError(Strict, s, ErrBase64, "invalid standard base64: "+err.Error())
	}
	if len(raw) != SHA256Len {
		return d, lengthError(Strict, s, len(raw), SHA256Len)
	}
	d.Raw = raw
	return d, nil
}

// notStrict reports whether r is outside the padded standard alphabet.
// encoding/base64 skips '\r' and '\n' even in strict mode; a pin never
// contains them.
func notStrict(r rune) bool {
	return r > 0x7f || (value(byte(r)) < 0 && r != '=')
}

// strictPrefixError explains why a string without the "sha256/" prefix is
// not a pin.
func strictPrefixError(s string) error {
	lower := strings.ToLower(s)
	switch {
	case s == "":
		return &Error{Platform: Strict, Err: ErrEmpty, msg: "empty pin: want sha256/<base64>"}
	case strings.HasPrefix(lower, "sha1/"):
		return newError(Strict, s, ErrPrefix, "SHA-1 pins are not supported, use sha256/<base64>")
	case strings.HasPrefix(lower, "sha256/"):
		return newError(Strict, s, ErrPrefix, "prefix must be lower-case \"sha256/\"")
	case IsHexDigest(s):
		return newError(Strict, s, ErrPrefix, "looks like hex; pins are sha256/<base64> of the SPKI")
	default:
		return newError(Strict, s, ErrPrefix, "missing \"sha256/\" prefix")
	}
}

// IsHexDigest reports whether s is a SHA-256 or SHA-1 digest written in
// hex (optionally with ':' between bytes), not base64.
func IsHexDigest(s string) bool {
	s = strings.ReplaceAll(s, ":", "")
	if len(s) != 2*SHA256Len && len(s) != 2*SHA1Len {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}
