package pinset

import (
	"errors"
	"fmt"
)

// Reason is a stable code saying why a document was rejected. The same
// codes are used by the Java reference verifier and the test vectors in
// testdata/vectors; docs/pinset.md defines the order in which they are
// checked, so that every verifier reports the same reason.
type Reason string

// The reasons, in the order the checks run.
const (
	ReasonTooLarge      Reason = "too-large"      // more than MaxDocumentSize bytes
	ReasonSyntax        Reason = "syntax"         // not JSON, or not UTF-8
	ReasonTooDeep       Reason = "too-deep"       // nesting deeper than 16
	ReasonDuplicateKey  Reason = "duplicate-key"  // a key twice in one object
	ReasonTrailingData  Reason = "trailing-data"  // bytes after the document
	ReasonNonCanonical  Reason = "non-canonical"  // valid JSON, not in canonical form
	ReasonWrongType     Reason = "wrong-type"     // signed.type is not the expected document type
	ReasonUnknownField  Reason = "unknown-field"  // a member the schema does not name
	ReasonSchema        Reason = "schema"         // missing member, wrong JSON type, bad value
	ReasonInvalidRoot   Reason = "invalid-root"   // root keys or threshold unusable
	ReasonThreshold     Reason = "threshold"      // too few valid signatures by distinct known keys
	ReasonRollback      Reason = "rollback"       // version not greater than the last accepted
	ReasonVersionGap    Reason = "version-gap"    // a root version skipped
	ReasonExpired       Reason = "expired"        // expires is not after the verifier's clock
	ReasonInvalidPolicy Reason = "invalid-policy" // the hosts are not a valid pin policy
)

// Error is a rejected document: a Reason and a human-readable detail.
type Error struct {
	Reason Reason
	Detail string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return "pinset: " + string(e.Reason) + ": " + e.Detail
}

func newError(r Reason, format string, args ...any) *Error {
	return &Error{Reason: r, Detail: fmt.Sprintf(format, args...)}
}

// ReasonOf returns the Reason of an *Error in err's chain, or "" when
// there is none.
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}
