package mitm

import (
	"net"
	"strconv"
)

// alertCodes names TLS alert descriptions (RFC 8446 §6, RFC 5246 §7.2).
var alertCodes = map[byte]string{
	0: "close_notify", 10: "unexpected_message", 20: "bad_record_mac", 21: "decryption_failed",
	22: "record_overflow", 30: "decompression_failure", 40: "handshake_failure", 42: "bad_certificate",
	43: "unsupported_certificate", 44: "certificate_revoked", 45: "certificate_expired",
	46: "certificate_unknown", 47: "illegal_parameter", 48: "unknown_ca", 49: "access_denied",
	50: "decode_error", 51: "decrypt_error", 60: "export_restriction", 70: "protocol_version",
	71: "insufficient_security", 80: "internal_error", 86: "inappropriate_fallback", 90: "user_canceled",
	100: "no_renegotiation", 109: "missing_extension", 110: "unsupported_extension",
	111: "certificate_unobtainable", 112: "unrecognized_name", 113: "bad_certificate_status_response",
	114: "bad_certificate_hash_value", 115: "unknown_psk_identity", 116: "certificate_required",
	120: "no_application_protocol", 121: "ech_required",
}

func alertName(code byte) string {
	if n, ok := alertCodes[code]; ok {
		return n
	}
	return "alert_" + strconv.Itoa(int(code))
}

// alertSniffer watches the bytes a client sends during the handshake for
// an alert sent in the clear. OpenSSL clients reject a TLS 1.3
// certificate before switching to the handshake keys, so their alert
// arrives unencrypted and crypto/tls reports only "bad record MAC". It
// walks the record headers as the bytes pass, without buffering them.
type alertSniffer struct {
	net.Conn
	hdr   [5]byte // record header being collected
	nhdr  int
	left  int  // body bytes left in the current record
	alert bool // the current record is a plaintext alert
	body  [2]byte
	nbody int
	found string // the first plaintext alert's name
	off   bool   // stop watching (after the handshake, or not TLS)
}

func (s *alertSniffer) Read(b []byte) (int, error) {
	n, err := s.Conn.Read(b)
	s.scan(b[:n])
	return n, err
}

// scan advances the record walk over p.
func (s *alertSniffer) scan(p []byte) {
	for len(p) > 0 && s.found == "" && !s.off {
		if s.left == 0 {
			k := copy(s.hdr[s.nhdr:], p)
			s.nhdr += k
			p = p[k:]
			if s.nhdr < len(s.hdr) {
				return
			}
			s.nhdr = 0
			if s.hdr[1] != 3 { // legacy_record_version is 3.x in every TLS record
				s.off = true
				return
			}
			s.left = int(s.hdr[3])<<8 | int(s.hdr[4])
			s.alert = s.hdr[0] == 21 && s.left == 2
			s.nbody = 0
			continue
		}
		k := min(len(p), s.left)
		if s.alert {
			s.nbody += copy(s.body[s.nbody:], p[:k])
			if s.nbody == len(s.body) {
				s.found = alertName(s.body[1])
			}
		}
		s.left -= k
		p = p[k:]
	}
}
