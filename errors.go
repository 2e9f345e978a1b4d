package pin

import (
	"crypto/x509"
	"errors"

	"github.com/pinkit/pinkit/internal/hostname"
)

// ErrPinMismatch means no certificate of any verified chain carries a
// public key whose pin is in the host's pin set.
var ErrPinMismatch = errors.New("no pin matches the verified certificate chains")

// ErrNoVerifiedChain means the host is pinned but crypto/tls built no
// verified chain, for example because InsecureSkipVerify is set. Pins are
// never matched against unverified certificates, so this fails closed.
var ErrNoVerifiedChain = errors.New("no verified certificate chain (is InsecureSkipVerify set?)")

// ErrInvalidHost means the host name of a connection or of a
// [Policy.Check] call is not a host name (it holds a port, brackets,
// whitespace, a control character, an empty or over-long label…), so it
// cannot be compared with the policy's rules. It fails closed: a name the
// policy cannot read is never treated as unpinned.
var ErrInvalidHost = hostname.ErrInvalid

// Error describes a pin validation failure for one connection. Err is
// [ErrPinMismatch], [ErrNoVerifiedChain] or (wrapped) [ErrInvalidHost]; use
// [errors.Is] to test it.
type Error struct {
	// Host is the normalised host name the client connected to, or the
	// name as given when it does not normalise (Err wraps
	// [ErrInvalidHost]; the name may hold control characters).
	Host string
	// Rule is the host or domain of the matching rule ("example.com"),
	// empty when Err wraps [ErrInvalidHost].
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
	if e.Rule == "" {
		return "pin: failed to verify host: " + e.Err.Error() // Err quotes the name
	}
	return "pin: failed to verify " + e.Host + " (rule " + e.Rule + "): " + e.Err.Error()
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }
