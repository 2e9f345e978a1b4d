package check

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
)

const host = "api.pinned.test"

var now2026 = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func p(c *x509.Certificate, label string, backup bool) Pin {
	return Pin{Pin: pin.FromCertificate(c), Label: label, Backup: backup}
}

func opts(w *pintest.World) Options {
	return Options{Roots: w.Roots, RootsName: "test roots", Now: now2026, Timeout: 5 * time.Second}
}

func one(t *testing.T, tg Target, o Options) Result {
	t.Helper()
	res := Run(context.Background(), []Target{tg}, o)
	if len(res) != 1 {
		t.Fatalf("%d results", len(res))
	}
	return res[0]
}

func hasNote(r Result, s string) bool {
	return slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, s) })
}

// TestRootNotServed: the server sends leaf + intermediate; the pinned root
// comes from the trust store (as on Android) and still matches.
func TestRootNotServed(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	srv := pintest.Serve(t, w.Legit(t, host), nil)
	r := one(t, Target{Host: host, Addr: srv.Addr, IncludeSubdomains: true,
		Pins: []Pin{p(w.Root.Cert, "root", false), p(w.BackupKey, "backup", true)}}, opts(w))
	if r.Status != StatusOK || len(r.Matches) != 1 || r.Matches[0].Role != "root" || !hasNote(r, "only "+host+" was checked") {
		t.Fatalf("got %+v", r)
	}
	if last := r.Chain[len(r.Chain)-1]; last.Served || last.Role != "root" || !slices.Equal(last.Pinned, []string{"root"}) {
		t.Errorf("root in chain = %+v; want not served, pinned", last)
	}
	if !r.Chain[0].Served || !slices.Equal(r.Backups, []string{"backup"}) || r.Roots != "test roots" {
		t.Errorf("served leaf %v, backups %v, roots %q", r.Chain[0].Served, r.Backups, r.Roots)
	}
	if !r.BrickDate.Equal(pintest.NotAfter) || !hasNote(r, "a root CA is pinned") {
		t.Errorf("brick date %v (%s), notes %v", r.BrickDate, r.BrickReason, r.Notes)
	}
}

// TestRotatedLeaf: the leaf key was rotated; the old leaf pin and a
// backup that never went live do not match: bricked now.
func TestRotatedLeaf(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	old := w.Inter.Leaf(t, pintest.Key(t, pintest.P256, 7), host)
	srv := pintest.Serve(t, w.Legit(t, host), nil)
	r := one(t, Target{Host: host, Addr: srv.Addr, Pins: []Pin{p(old, "old leaf", false), p(w.BackupKey, "backup", true)}}, opts(w))
	if r.Status != StatusBricked || len(r.Matches) != 0 || !r.Failing() {
		t.Fatalf("got %+v", r)
	}
	if !hasNote(r, "no pin matches the verified chain") || !r.BrickDate.IsZero() {
		t.Errorf("notes %v, brick date %v", r.Notes, r.BrickDate)
	}
}

// TestMissingIntermediate: only the leaf is served, so the chain does not
// verify anywhere, even though the pinned intermediate is the issuer.
func TestMissingIntermediate(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	full := w.Legit(t, host)
	srv := pintest.Serve(t, pintest.Chain{Certs: full.Certs[:1], Key: full.Key}, nil)
	r := one(t, Target{Host: host, Addr: srv.Addr, Pins: []Pin{p(w.Inter.Cert, "inter", false), p(w.BackupKey, "backup", true)}}, opts(w))
	if r.Status != StatusBricked || r.VerifyError == "" || len(r.Chain) != 1 {
		t.Fatalf("got %+v", r)
	}
	if !hasNote(r, "does not verify against the test roots") {
		t.Errorf("notes %v", r.Notes)
	}
}

// TestExpiringChain: checked two weeks before the intermediate expires,
// with only the intermediate matching: within the 30-day window.
func TestExpiringChain(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	srv := pintest.Serve(t, w.Legit(t, host), nil)
	o := opts(w)
	o.Now = pintest.NotAfter.Add(-14 * 24 * time.Hour)
	r := one(t, Target{Host: host, Addr: srv.Addr, Pins: []Pin{p(w.Inter.Cert, "inter", false), p(w.BackupKey, "backup", true)}}, o)
	if r.Status != StatusWarn || !r.BrickDate.Equal(pintest.NotAfter) || !r.Failing() {
		t.Fatalf("got %s, brick %v", r.Status, r.BrickDate)
	}
	if !strings.Contains(r.BrickReason, "the only matching pin inter (intermediate") || !hasNote(r, "only an intermediate is pinned") {
		t.Errorf("reason %q, notes %v", r.BrickReason, r.Notes)
	}
	o.Warn = 7 * 24 * time.Hour
	if r := one(t, Target{Host: host, Addr: srv.Addr, Pins: []Pin{p(w.Inter.Cert, "inter", false), p(w.BackupKey, "b", true)}}, o); r.Status != StatusOK {
		t.Errorf("with a 7-day window: %s", r.Status)
	}
}

// TestPinSetExpiry: a pin-set expiry before the certificates' is the brick
// date; after it the host is no longer pinned.
func TestPinSetExpiry(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	srv := pintest.Serve(t, w.Legit(t, host), nil)
	exp := now2026.Add(10 * 24 * time.Hour)
	tg := Target{Host: host, Addr: srv.Addr, Expires: exp, Pins: []Pin{p(w.Root.Cert, "root", false), p(w.BackupKey, "b", true)}}
	r := one(t, tg, opts(w))
	if r.Status != StatusWarn || !r.BrickDate.Equal(exp) || !strings.Contains(r.BrickReason, "pin set expires") {
		t.Errorf("got %s %v %q", r.Status, r.BrickDate, r.BrickReason)
	}
	tg.Expires = now2026
	if r := one(t, tg, opts(w)); r.Status != StatusUnpinned || !hasNote(r, "expired") {
		t.Errorf("expired set: %s %v", r.Status, r.Notes)
	}
}

// TestNoRealBackup: a "backup" that is served and a placeholder are no
// backups.
func TestNoRealBackup(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	chain := w.Legit(t, host)
	srv := pintest.Serve(t, chain, nil)
	ph := Pin{Pin: pin.Pin{}, Label: "todo", Placeholder: "every byte is the same (an all-zero digest)"}
	r := one(t, Target{Host: host, Addr: srv.Addr, Pins: []Pin{p(w.Inter.Cert, "inter", false), p(chain.Certs[0], "leaf", true), ph}}, opts(w))
	if len(r.Backups) != 0 || !hasNote(r, "backup pin leaf is in the live chain") || !hasNote(r, "placeholder") ||
		!hasNote(r, "no real backup pin") {
		t.Errorf("backups %v, notes %v", r.Backups, r.Notes)
	}
	if r.Status != StatusOK || len(r.Matches) != 2 {
		t.Errorf("status %s, matches %v", r.Status, r.Matches)
	}
}

// TestReportOnly: a mismatch in report-only mode is a warning, not a brick.
func TestReportOnly(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	srv := pintest.Serve(t, w.Forged(t, host), nil)
	r := one(t, Target{Host: host, Addr: srv.Addr, ReportOnly: true, Pins: []Pin{p(w.Inter.Cert, "inter", false), p(w.BackupKey, "b", true)}}, opts(w))
	if r.Status != StatusWarn || !hasNote(r, "report-only") {
		t.Errorf("got %s %v", r.Status, r.Notes)
	}
}

// TestConnectError: nothing listening is an error, not a verdict.
func TestConnectError(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	r := one(t, Target{Host: host, Addr: addr, Pins: []Pin{p(w.Inter.Cert, "inter", false)}}, opts(w))
	if r.Status != StatusError || r.Error == "" || r.Failing() {
		t.Errorf("got %+v", r)
	}
}

// TestTimeout: a server that never answers the handshake is cut off by
// the per-host timeout.
func TestTimeout(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	o := opts(w)
	o.Timeout = 200 * time.Millisecond
	r := one(t, Target{Host: host, Addr: ln.Addr().String(), Pins: []Pin{p(w.Inter.Cert, "inter", false)}}, o)
	if r.Status != StatusError {
		t.Errorf("got %+v", r)
	}
}

// TestOrderAndBound: results come back in target order, with at most
// Jobs handshakes in flight.
func TestOrderAndBound(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	var mu = make(chan struct{}, 1)
	inFlight, peak := 0, 0
	chain := w.Legit(t, host)
	cert := chain.TLSCertificate()
	srv := pintest.Serve(t, chain, func(c *tls.Config) {
		c.GetCertificate = func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			mu <- struct{}{}
			inFlight++
			peak = max(peak, inFlight)
			<-mu
			time.Sleep(20 * time.Millisecond)
			mu <- struct{}{}
			inFlight--
			<-mu
			return &cert, nil
		}
	})
	var targets []Target
	for i := range 12 {
		targets = append(targets, Target{Host: host, Addr: srv.Addr, Source: fmt.Sprint(i), Pins: []Pin{p(w.Root.Cert, "root", false)}})
	}
	o := opts(w)
	o.Jobs = 3
	for i, r := range Run(context.Background(), targets, o) {
		if r.Source != fmt.Sprint(i) || r.Status != StatusOK {
			t.Errorf("result %d: source %s status %s %s", i, r.Source, r.Status, r.Error)
		}
	}
	if peak > 3 || peak < 2 {
		t.Errorf("peak concurrent handshakes %d, want 2..3", peak)
	}
}
