package check

import (
	"bytes"
	"context"
	"crypto/x509"
	"fmt"
	"slices"
	"time"

	pin "github.com/pinkit/pinkit"
)

// Status is the verdict for one host.
type Status string

// Statuses, from best to worst.
const (
	StatusOK       Status = "ok"       // a pin matches and the brick date is beyond the warning window
	StatusUnpinned Status = "unpinned" // no pins to check (HOST input) or the pin set has expired
	StatusWarn     Status = "warn"     // bricks within the warning window
	StatusBricked  Status = "bricked"  // no pin matches the verified chain, or it does not verify
	StatusError    Status = "error"    // could not connect
)

// Cert is one certificate of the chain checked.
type Cert struct {
	Role     string    `json:"role"` // leaf, intermediate or root
	Subject  string    `json:"subject"`
	Issuer   string    `json:"issuer"`
	NotAfter time.Time `json:"not_after"`
	Pin      string    `json:"pin"`
	// Served is false for a root that came from the trust store.
	Served bool `json:"served"`
	// Pinned names the pins that match this certificate's key.
	Pinned []string `json:"pinned,omitempty"`
}

// Match is a pin that matches a certificate of a verified chain.
type Match struct {
	Pin      string    `json:"pin"`
	Label    string    `json:"label,omitempty"`
	Role     string    `json:"role"`
	Subject  string    `json:"subject"`
	NotAfter time.Time `json:"not_after"`
}

// Result is what [Run] found for one target.
type Result struct {
	Host   string `json:"host"`
	Addr   string `json:"addr"`
	Source string `json:"source,omitempty"`
	Status Status `json:"status"`
	// Roots names the root store the chain was verified against.
	Roots string `json:"roots"`
	// Error is why the host could not be checked (Status error).
	Error string `json:"error,omitempty"`
	// VerifyError is why the served chain did not verify.
	VerifyError string `json:"verify_error,omitempty"`
	// Chain is the first verified chain, or the served one when none.
	Chain   []Cert  `json:"chain,omitempty"`
	Matches []Match `json:"matches,omitempty"`
	// Backups are the real backups: pins not in any verified or served
	// chain and not placeholders.
	Backups []string `json:"backups,omitempty"`
	// BrickDate is when the pins stop matching or expire; zero when no
	// pin matches now.
	BrickDate   time.Time `json:"brick_date,omitzero"`
	BrickReason string    `json:"brick_reason,omitempty"`
	ReportOnly  bool      `json:"report_only,omitempty"`
	// Notes explain the verdict: pin kinds, backups that are no backups.
	Notes []string `json:"notes,omitempty"`
	// Duration is the connect + handshake time.
	Duration time.Duration `json:"duration_ns"`
}

// Failing reports whether the result should fail a release: bricked now
// or within the warning window.
func (r Result) Failing() bool { return r.Status == StatusBricked || r.Status == StatusWarn }

func checkOne(ctx context.Context, t Target, o *Options) Result {
	t.Addr = defaultAddr(t)
	r := Result{Host: t.Host, Addr: t.Addr, Source: t.Source, Roots: o.RootsName, ReportOnly: t.ReportOnly}
	start := time.Now()
	cs, served, verifyErr, err := handshake(ctx, t, o)
	r.Duration = time.Since(start)
	if err != nil {
		r.Status, r.Error = StatusError, err.Error()
		return r
	}
	if verifyErr != nil {
		r.VerifyError = verifyErr.Error()
		r.Chain = describe([][]*x509.Certificate{served}, served, t.Pins)
		r.Status = StatusBricked
		r.Notes = append(r.Notes, fmt.Sprintf("the served chain does not verify against the %s roots: "+
			"no platform connects (a missing intermediate, an untrusted or expired certificate, or a wrong name)", o.RootsName))
		r.Backups = backups(t.Pins, nil, served, &r)
		return r
	}
	chains := cs.VerifiedChains
	r.Chain = describe(chains[:1], served, t.Pins)
	r.Matches = matches(chains, t.Pins)
	r.Backups = backups(t.Pins, chains, served, &r)
	judge(&r, t, o)
	return r
}

// role names position i of a chain of n certificates.
func role(i, n int, c *x509.Certificate) string {
	switch {
	case i == 0:
		return "leaf"
	case i == n-1 && bytes.Equal(c.RawIssuer, c.RawSubject):
		return "root"
	}
	return "intermediate"
}

// describe lists the certificates of the first chain with the pins that
// match them.
func describe(chains [][]*x509.Certificate, served []*x509.Certificate, pins []Pin) []Cert {
	var out []Cert
	chain := chains[0]
	for i, c := range chain {
		p := pin.FromCertificate(c)
		ce := Cert{Role: role(i, len(chain), c), Subject: c.Subject.String(), Issuer: c.Issuer.String(),
			NotAfter: c.NotAfter.UTC(), Pin: p.String(), Served: isServed(c, served)}
		for _, pn := range pins {
			if pn.Pin == p {
				ce.Pinned = append(ce.Pinned, pn.Name())
			}
		}
		out = append(out, ce)
	}
	return out
}

func isServed(c *x509.Certificate, served []*x509.Certificate) bool {
	return slices.ContainsFunc(served, func(s *x509.Certificate) bool { return bytes.Equal(s.Raw, c.Raw) })
}

// matches lists each pin that matches a certificate of any verified chain,
// with the latest NotAfter among the certificates carrying that key.
func matches(chains [][]*x509.Certificate, pins []Pin) []Match {
	var out []Match
	for _, pn := range pins {
		var m *Match
		for _, chain := range chains {
			for i, c := range chain {
				if pin.FromCertificate(c) != pn.Pin {
					continue
				}
				if m == nil || c.NotAfter.After(m.NotAfter) {
					m = &Match{Pin: pn.Pin.String(), Label: pn.Label, Role: role(i, len(chain), c),
						Subject: c.Subject.String(), NotAfter: c.NotAfter.UTC()}
				}
			}
		}
		if m != nil {
			out = append(out, *m)
		}
	}
	return out
}

// backups returns the pins that are real backups and notes the pins that
// are declared backups but are none.
func backups(pins []Pin, chains [][]*x509.Certificate, served []*x509.Certificate, r *Result) []string {
	live := map[pin.Pin]bool{}
	for _, c := range served {
		live[pin.FromCertificate(c)] = true
	}
	for _, chain := range chains {
		for _, c := range chain {
			live[pin.FromCertificate(c)] = true
		}
	}
	var out []string
	for _, p := range pins {
		switch {
		case p.Placeholder != "":
			r.Notes = append(r.Notes, fmt.Sprintf("pin %s is a placeholder (%s): no backup", p.Name(), p.Placeholder))
		case live[p.Pin] && p.Backup:
			r.Notes = append(r.Notes, fmt.Sprintf("backup pin %s is in the live chain: a key you serve is no backup", p.Name()))
		case !live[p.Pin]:
			out = append(out, p.Name())
		}
	}
	if len(pins) > 0 && len(out) == 0 {
		r.Notes = append(r.Notes, "no real backup pin (a key held but not served): the next key rotation bricks the app")
	}
	return out
}
