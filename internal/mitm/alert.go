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

// maxSniff bounds what alertSniffer keeps of a handshake.
const maxSniff = 64 << 10

// alertSniffer keeps the bytes a client sends during the handshake, so
// that an alert sent in the clear can be found. OpenSSL clients reject a
// TLS 1.3 certificate before switching to the handshake keys, so their
// alert arrives unencrypted and crypto/tls reports only "bad record MAC".
type alertSniffer struct {
	net.Conn
	buf []byte
	off bool // stop keeping bytes (after the handshake)
}

func (s *alertSniffer) Read(b []byte) (int, error) {
	n, err := s.Conn.Read(b)
	if room := maxSniff - len(s.buf); room > 0 && !s.off {
		s.buf = append(s.buf, b[:min(n, room)]...)
	}
	return n, err
}

// plaintextAlert walks the TLS records of a client's byte stream and
// returns the description of the first unencrypted alert record.
func plaintextAlert(stream []byte) (string, bool) {
	for len(stream) >= 5 {
		typ, n := stream[0], int(stream[3])<<8|int(stream[4])
		if stream[1] != 3 || len(stream) < 5+n {
			return "", false
		}
		if typ == 21 && n == 2 {
			return alertName(stream[6]), true
		}
		stream = stream[5+n:]
	}
	return "", false
}
