package mitm

import (
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"time"
)

// Outcome is how a client ended a TLS connection with a forged certificate.
type Outcome string

// The outcomes.
const (
	// OutcomeAccepted: the handshake completed and the client sent data.
	OutcomeAccepted Outcome = "accepted"
	// OutcomeRejected: the client sent a TLS alert during the handshake,
	// or completed it and closed without sending a byte (clients that
	// check pins after the handshake, such as curl --pinnedpubkey and
	// OkHttp's CertificatePinner, do that).
	OutcomeRejected Outcome = "rejected"
	// OutcomeClosed: the connection ended before the handshake finished,
	// without an alert (EOF, reset, timeout, protocol error).
	OutcomeClosed Outcome = "closed"
)

// Event kinds.
const (
	KindHandshake = "handshake" // one TLS connection with a forged certificate
	KindRequest   = "request"   // one request forwarded upstream
	KindTunnel    = "tunnel"    // a passthrough or non-TLS tunnel
	KindError     = "error"     // a connection the proxy could not handle
)

// Event is one line of the proxy's log, and of the JSON Lines events file.
type Event struct {
	Time   time.Time `json:"time"`
	Kind   string    `json:"kind"`
	Conn   uint64    `json:"conn"`
	Mode   string    `json:"mode"` // explicit or transparent
	Client string    `json:"client,omitempty"`
	Host   string    `json:"host,omitempty"`
	Port   string    `json:"port,omitempty"`
	// Handshake events.
	Attack  Attack  `json:"attack,omitempty"`
	Outcome Outcome `json:"outcome,omitempty"`
	Alert   string  `json:"alert,omitempty"` // RFC 8446 alert name the client sent
	// Request events.
	Method    string `json:"method,omitempty"`
	Path      string `json:"path,omitempty"` // without the query, which may hold secrets
	Status    int    `json:"status,omitempty"`
	Cleartext bool   `json:"cleartext,omitempty"`
	Detail    string `json:"detail,omitempty"`
}

// alertNames maps crypto/tls's alert texts to RFC 8446 §6 names.
var alertNames = map[string]string{
	"close notify":                    "close_notify",
	"unexpected message":              "unexpected_message",
	"bad record MAC":                  "bad_record_mac",
	"decryption failed":               "decryption_failed",
	"record overflow":                 "record_overflow",
	"decompression failure":           "decompression_failure",
	"handshake failure":               "handshake_failure",
	"bad certificate":                 "bad_certificate",
	"unsupported certificate":         "unsupported_certificate",
	"revoked certificate":             "certificate_revoked",
	"expired certificate":             "certificate_expired",
	"unknown certificate":             "certificate_unknown",
	"illegal parameter":               "illegal_parameter",
	"unknown certificate authority":   "unknown_ca",
	"access denied":                   "access_denied",
	"error decoding message":          "decode_error",
	"error decrypting message":        "decrypt_error",
	"export restriction":              "export_restriction",
	"protocol version not supported":  "protocol_version",
	"insufficient security level":     "insufficient_security",
	"internal error":                  "internal_error",
	"inappropriate fallback":          "inappropriate_fallback",
	"user canceled":                   "user_canceled",
	"no renegotiation":                "no_renegotiation",
	"missing extension":               "missing_extension",
	"unsupported extension":           "unsupported_extension",
	"certificate unobtainable":        "certificate_unobtainable",
	"unrecognized name":               "unrecognized_name",
	"bad certificate status response": "bad_certificate_status_response",
	"bad certificate hash value":      "bad_certificate_hash_value",
	"unknown PSK identity":            "unknown_psk_identity",
	"certificate required":            "certificate_required",
	"no application protocol":         "no_application_protocol",
	"encrypted client hello required": "ech_required",
}

// remoteAlert returns the RFC name of the alert a peer sent, when err is
// crypto/tls's "remote error: tls: …".
func remoteAlert(err error) (string, bool) {
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "remote error" || op.Err == nil {
		return "", false
	}
	text := strings.TrimPrefix(op.Err.Error(), "tls: ")
	if name, ok := alertNames[text]; ok {
		return name, true
	}
	// "alert(N)" for codes crypto/tls has no name for.
	return strings.ReplaceAll(strings.Trim(text, ")"), "(", "_"), true
}

// classifyHandshake turns a server-side handshake error into an outcome.
func classifyHandshake(err error) (Outcome, string, string) {
	if alert, ok := remoteAlert(err); ok {
		return OutcomeRejected, alert, ""
	}
	return OutcomeClosed, "", closeReason(err)
}

// closeReason describes why a connection ended, in a few words.
func closeReason(err error) string {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "client closed the connection"
	case errors.Is(err, syscall.ECONNRESET):
		// A client that closes with our ServerHello unread resets.
		return "client closed the connection (reset)"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "timed out"
	case errors.Is(err, net.ErrClosed):
		return "proxy shutting down"
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	return err.Error()
}
