package collector

import (
	"strings"
	"unicode/utf8"
)

// decodeFast parses the common shape of a report body in one pass,
// without encoding/json (whose two scans were most of the decoding cost).
// It runs before checkShape and accepts only what checkShape accepts (one
// object, arrays of strings, each key once), giving up (false) on anything
// it is not sure about: a key not spelt exactly like a wireReport field
// (the reference decoder keeps unknown fields), a key given twice, null
// other than for a string, \u escapes, control characters, invalid UTF-8,
// numbers other than small non-negative integers, a value of the wrong
// type, data after the object.
// The caller then decodes with the reference decoder (decodeWire), which
// accepts or rejects with the precise error. When it returns true, w is
// what decodeWire gives, with no unknown fields (FuzzDecodeFast checks
// this).
func decodeFast(data []byte, w *wireReport) bool {
	p := fastParser{data: data}
	if !p.eat('{') {
		return false
	}
	if p.eat('}') {
		return p.end()
	}
	for {
		p.ws()
		key, ok := p.key()
		if !ok || !p.eat(':') || !p.field(w, key) {
			return false
		}
		if p.eat(',') {
			continue
		}
		return p.eat('}') && p.end()
	}
}

type fastParser struct {
	data []byte
	i    int
	seen uint32 // bit per wireReport field, to give up on repeated keys
}

// once marks field bit as seen; false if it was already.
func (p *fastParser) once(bit uint) bool {
	if p.seen&(1<<bit) != 0 {
		return false
	}
	p.seen |= 1 << bit
	return true
}

func (p *fastParser) ws() { p.i = skipSpace(p.data, p.i) }

// eat skips whitespace and then c, if c is next.
func (p *fastParser) eat(c byte) bool {
	p.ws()
	if p.i < len(p.data) && p.data[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *fastParser) end() bool {
	p.ws()
	return p.i == len(p.data)
}

// key returns a key made of printable ASCII without escapes.
func (p *fastParser) key() ([]byte, bool) {
	if p.i >= len(p.data) || p.data[p.i] != '"' {
		return nil, false
	}
	for j := p.i + 1; j < len(p.data); j++ {
		switch c := p.data[j]; {
		case c == '"':
			k := p.data[p.i+1 : j]
			p.i = j + 1
			return k, true
		case c < 0x20 || c >= utf8.RuneSelf || c == '\\':
			return nil, false
		}
	}
	return nil, false
}

// field decodes the value of key into w. Keep in sync with wireField
// (TestDecodeFastCoversFields).
func (p *fastParser) field(w *wireReport, key []byte) bool {
	switch string(key) {
	case "date-time":
		return p.once(0) && p.str(&w.DateTime)
	case "hostname":
		return p.once(1) && p.str(&w.Hostname)
	case "port":
		return p.once(2) && p.integer(&w.Port)
	case "effective-expiration-date":
		return p.once(3) && p.str(&w.EffectiveExpirationDate)
	case "include-subdomains":
		return p.once(4) && p.boolean(&w.IncludeSubdomains)
	case "noted-hostname":
		return p.once(5) && p.str(&w.NotedHostname)
	case "served-certificate-chain":
		return p.once(6) && p.list(&w.ServedCertificateChain)
	case "validated-certificate-chain":
		return p.once(7) && p.list(&w.ValidatedCertificateChain)
	case "known-pins":
		return p.once(8) && p.list(&w.KnownPins)
	}
	return p.clientField(w, key)
}

// clientField is field for the TrustKit and pinkit keys.
func (p *fastParser) clientField(w *wireReport, key []byte) bool {
	switch string(key) {
	case "app":
		return p.once(9) && p.str(&w.App)
	case "policy-hash":
		return p.once(10) && p.str(&w.PolicyHash)
	case "mode":
		return p.once(11) && p.str(&w.Mode)
	case "app-bundle-id":
		return p.once(12) && p.str(&w.AppBundleID)
	case "app-version":
		return p.once(13) && p.str(&w.AppVersion)
	case "app-platform":
		return p.once(14) && p.str(&w.AppPlatform)
	case "app-platform-version":
		return p.once(15) && p.str(&w.AppPlatformVersion)
	case "app-vendor-id":
		return p.once(16) && p.str(&w.AppVendorID)
	case "trustkit-version":
		return p.once(17) && p.str(&w.TrustKitVersion)
	case "enforce-pinning":
		var b bool
		if !p.once(18) || !p.boolean(&b) {
			return false
		}
		w.EnforcePinning = &b
		return true
	case "validation-result":
		return p.once(19) && p.integer(&w.ValidationResult)
	case "known-pins-expiration-date":
		return p.once(20) && p.str(&w.KnownPinsExpirationDate)
	}
	return false
}

// str decodes a string into dst; JSON null leaves dst as it is, as
// encoding/json does (TrustKit iOS sends null dates).
func (p *fastParser) str(dst *string) bool {
	p.ws()
	if rest := p.data[p.i:]; len(rest) >= 4 && string(rest[:4]) == "null" {
		p.i += 4
		return true
	}
	s, ok := p.string()
	*dst = s
	return ok
}

// integer takes 0 or a positive integer of at most 9 digits.
func (p *fastParser) integer(dst *int) bool {
	p.ws()
	n, j := 0, p.i
	for ; j < len(p.data) && p.data[j] >= '0' && p.data[j] <= '9'; j++ {
		n = n*10 + int(p.data[j]-'0')
	}
	digits := j - p.i
	if digits == 0 || digits > 9 || (digits > 1 && p.data[p.i] == '0') {
		return false
	}
	p.i = j
	*dst = n
	return true
}

func (p *fastParser) boolean(dst *bool) bool {
	p.ws()
	rest := p.data[p.i:]
	switch {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		*dst, p.i = true, p.i+4
	case len(rest) >= 5 && string(rest[:5]) == "false":
		*dst, p.i = false, p.i+5
	default:
		return false
	}
	return true
}

func (p *fastParser) list(dst *[]string) bool {
	if !p.eat('[') {
		return false
	}
	out := []string{}
	if p.eat(']') {
		*dst = out
		return true
	}
	for {
		p.ws()
		s, ok := p.string()
		if !ok {
			return false
		}
		out = append(out, s)
		if p.eat(',') {
			continue
		}
		if !p.eat(']') {
			return false
		}
		*dst = out
		return true
	}
}

// string decodes the JSON string at p.i. Escapes other than \" \\ \/ \b
// \f \n \r \t give up, as do control characters and invalid UTF-8.
func (p *fastParser) string() (string, bool) {
	d := p.data
	if p.i >= len(d) || d[p.i] != '"' {
		return "", false
	}
	start := p.i + 1
	escaped := false
	j := start
	for j < len(d) {
		c := d[j]
		switch {
		case c == '"':
			p.i = j + 1
			if !escaped {
				return string(d[start:j]), true
			}
			return unescape(d[start:j]), true
		case c == '\\':
			if j+1 >= len(d) || unescapeByte(d[j+1]) == 0 {
				return "", false
			}
			escaped = true
			j += 2
		case c < 0x20:
			return "", false
		case c < utf8.RuneSelf:
			j++
		default:
			r, size := utf8.DecodeRune(d[j:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			j += size
		}
	}
	return "", false
}

// unescapeByte maps the letter after a backslash to the byte it stands
// for, or 0 when decodeFast does not handle it.
func unescapeByte(c byte) byte {
	switch c {
	case '"', '\\', '/':
		return c
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return 0
}

// unescape decodes s, whose escapes string() has checked.
func unescape(s []byte) string {
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		k := 0
		for k < len(s) && s[k] != '\\' {
			k++
		}
		b.Write(s[:k])
		if k == len(s) {
			break
		}
		b.WriteByte(unescapeByte(s[k+1]))
		s = s[k+2:]
	}
	return b.String()
}
