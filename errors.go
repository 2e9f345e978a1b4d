package pin

import (
	"crypto/x509"
	"errors"
)

// ErrPinMismatch means no certificate of any verified chain carries a
// public key whose pin is in the host's pin set.
var ErrPinMismatch = errors.New("no pin matches the verified certificate chains")

// ErrNoVerifiedChain means the host is pinned but crypto/tls built no
// verified chain, for example because InsecureSkipVerify is set. Pins are
// never matched against unverified certificates, so this fails closed.
var ErrNoVerifiedChain = errors.New("no verified certificate chain (is InsecureSkipVerify set?)")

// Error describes a pin validation failure for one connection. Err is
// [ErrPinMismatch] or [ErrNoVerifiedChain]; use [errors.Is] to test it.
type Error struct {
	// Host is the normalised host name the client connected to.
	Host string
	// Rule is the host or domain of the matching rule ("example.com").
	Rule string
	// Served is the chain the server sent, leaf first. It is empty when
	// the error comes from [Policy.Check].
	Served []*x509.Certificate
	// Verified holds the chains crypto/tls verified.
	Verified [][]*x509.Certificate
	// Err is the reason.
	Err error
}

// Error implements the error interface.
func (e *Error) Error() string {
	return "pin: failed to verify " + e.Host + " (rule " + e.Rule + "): " + e.Err.Error()
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }
