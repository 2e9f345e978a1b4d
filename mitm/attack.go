package mitm

import (
	"fmt"
	"strings"
)

// Attack is the certificate the proxy presents on a TLS connection.
type Attack string

// The attacks. Each one is a question about the client:
const (
	// AttackTrusted forges a leaf for the requested name signed by the
	// proxy CA. A client that trusts the CA accepts it unless it pins.
	AttackTrusted Attack = "trusted"
	// AttackUntrusted presents a self-signed leaf for the requested name.
	// Only a client that does not validate certificates accepts it.
	AttackUntrusted Attack = "untrusted"
	// AttackWrongHost presents a leaf signed by the proxy CA for another
	// name. Only a client that skips the hostname check accepts it.
	AttackWrongHost Attack = "wrong-host"
	// AttackExpired presents a leaf signed by the proxy CA for the
	// requested name that expired yesterday.
	AttackExpired Attack = "expired"
	// AttackRotate cycles trusted, untrusted, expired and wrong-host per
	// host across connections, so that one app run covers all of them.
	AttackRotate Attack = "rotate"
)

// Attacks lists the accepted values of [ParseAttack].
var Attacks = []Attack{AttackTrusted, AttackUntrusted, AttackWrongHost, AttackExpired, AttackRotate}

// rotation is the order AttackRotate cycles through: trusted first,
// because it is the one the verdict needs most.
var rotation = []Attack{AttackTrusted, AttackUntrusted, AttackExpired, AttackWrongHost}

// WrongHostName is the name the wrong-host leaf is issued for.
const WrongHostName = "wrong-host.pinkit.invalid"

// ParseAttack parses an attack name.
func ParseAttack(s string) (Attack, error) {
	for _, a := range Attacks {
		if string(a) == s {
			return a, nil
		}
	}
	names := make([]string, len(Attacks))
	for i, a := range Attacks {
		names[i] = string(a)
	}
	return "", fmt.Errorf("unknown attack %q, want one of %s", s, strings.Join(names, ", "))
}
