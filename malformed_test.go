package pin_test

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
)

// malformedHosts are names a handshake or a caller may hand to the policy
// that are not host names. Each once compared unequal to every rule and so
// passed as unpinned (issue 11: fail open).
var malformedHosts = []string{
	apiHost + ":443",
	"[" + apiHost + "]",
	" " + apiHost,
	apiHost + " ",
	apiHost + "\x00",
	apiHost + "\n",
	"api..example.com",
	"*.example.com",
	"exa mple.com",
	".",
	strings.Repeat("a", 64) + ".example.com",
}

// TestCheckMalformedHostFailsClosed: a host name that does not normalise
// is an error wrapping ErrInvalidHost, even when a well-formed name would
// be unpinned, and even with a chain that matches the pins.
func TestCheckMalformedHostFailsClosed(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	legit := w.Legit(t, apiHost).Certs
	chains := [][]*x509.Certificate{{legit[0], w.Inter.Cert, w.Root.Cert}}
	p := newPolicy(t, pin.HostPins(apiHost, pin.FromCertificate(w.Inter.Cert), pin.FromCertificate(w.BackupKey)))
	for _, host := range malformedHosts {
		err := p.Check(host, chains)
		var pe *pin.Error
		if !errors.Is(err, pin.ErrInvalidHost) || !errors.As(err, &pe) || pe.Host != host || pe.Rule != "" {
			t.Errorf("Check(%q) = %v, want a *pin.Error wrapping ErrInvalidHost", host, err)
			continue
		}
		if msg := err.Error(); strings.ContainsAny(msg, "\x00\n") {
			t.Errorf("Check(%q) error %q holds a control character", host, msg)
		}
	}
	if err := p.Check("", chains); err != nil {
		t.Errorf("Check(\"\") = %v, want nil (no host name: not pinned)", err)
	}
}

// TestVerifyConnectionMalformedHostFailsClosed: the same at handshake
// time, with an event; report-only mode reports and allows.
func TestVerifyConnectionMalformedHostFailsClosed(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	pins := []pin.Pin{pin.FromCertificate(w.Inter.Cert), pin.FromCertificate(w.BackupKey)}
	legit := w.Legit(t, apiHost).Certs
	cs := tls.ConnectionState{PeerCertificates: legit,
		VerifiedChains: [][]*x509.Certificate{{legit[0], w.Inter.Cert, w.Root.Cert}}}
	for _, reportOnly := range []bool{false, true} {
		var failures atomic.Int32
		opts := []pin.Option{pin.HostPins(apiHost, pins...), pin.OnEvent(func(e pin.Event) {
			if e.Kind == pin.EventPinFailure && errors.Is(e.Err, pin.ErrInvalidHost) {
				failures.Add(1)
			}
		})}
		if reportOnly {
			opts = append(opts, pin.ReportOnly())
		}
		p := newPolicy(t, opts...)
		for _, host := range malformedHosts {
			cs.ServerName = host
			err := p.VerifyConnection(cs)
			if reportOnly && err != nil || !reportOnly && !errors.Is(err, pin.ErrInvalidHost) {
				t.Errorf("report-only %v: VerifyConnection(%q) = %v", reportOnly, host, err)
			}
		}
		if got := int(failures.Load()); got != len(malformedHosts) {
			t.Errorf("report-only %v: %d pin-failure events, want %d", reportOnly, got, len(malformedHosts))
		}
	}
}
