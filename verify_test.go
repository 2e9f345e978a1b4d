package pin_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	legit := w.Legit(t, apiHost).Certs
	forged := w.Forged(t, apiHost).Certs
	unknown, _ := unknownKeyCert(t)
	legitChain := []*x509.Certificate{legit[0], w.Inter.Cert, w.Root.Cert}
	forgedChain := []*x509.Certificate{forged[0], w.Rogue.Cert}
	leafPin, interPin, rootPin := pin.FromCertificate(legit[0]), pin.FromCertificate(w.Inter.Cert), pin.FromCertificate(w.Root.Cert)
	backup := pin.FromCertificate(w.BackupKey)
	tests := []struct {
		name   string
		pins   []pin.Pin
		host   string
		chains [][]*x509.Certificate
		want   error
	}{
		{"leaf pinned", []pin.Pin{leafPin, backup}, apiHost, [][]*x509.Certificate{legitChain}, nil},
		{"intermediate pinned", []pin.Pin{interPin, backup}, apiHost, [][]*x509.Certificate{legitChain}, nil},
		{"root pinned", []pin.Pin{rootPin, backup}, apiHost, [][]*x509.Certificate{legitChain}, nil},
		{"second chain matches", []pin.Pin{interPin, backup}, apiHost, [][]*x509.Certificate{forgedChain, legitChain}, nil},
		{"mismatch", []pin.Pin{interPin, backup}, apiHost, [][]*x509.Certificate{forgedChain}, pin.ErrPinMismatch},
		{"backup alone does not match", []pin.Pin{backup, rootPin}, apiHost, [][]*x509.Certificate{forgedChain}, pin.ErrPinMismatch},
		{"no chains", []pin.Pin{interPin, backup}, apiHost, nil, pin.ErrNoVerifiedChain},
		{"empty chains", []pin.Pin{interPin, backup}, apiHost, [][]*x509.Certificate{}, pin.ErrNoVerifiedChain},
		{"unpinned host", []pin.Pin{interPin, backup}, "www.example.com", nil, nil},
		{"unknown key algorithm", []pin.Pin{pin.FromCertificate(unknown), backup}, apiHost, [][]*x509.Certificate{{forged[0], unknown}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newPolicy(t, pin.HostPins(apiHost, tt.pins...))
			err := p.Check(tt.host, tt.chains)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Check = %v, want %v", err, tt.want)
			}
			var pe *pin.Error
			if tt.want != nil && (!errors.As(err, &pe) || pe.Host != apiHost || pe.Rule != apiHost || len(pe.Served) != 0) {
				t.Fatalf("error = %#v, want *pin.Error for %s without served chain", err, apiHost)
			}
			if tt.want != nil && !strings.Contains(err.Error(), apiHost) {
				t.Fatalf("error %q does not name the host", err)
			}
		})
	}
}

// TestCheckIsPure: Check emits no events and ignores ReportOnly.
func TestCheckIsPure(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	var events atomic.Int32
	p := newPolicy(t, pin.ReportOnly(), pin.HostPins(apiHost, pin.FromCertificate(w.Inter.Cert)),
		pin.OnEvent(func(pin.Event) { events.Add(1) }))
	if err := p.Check(apiHost, nil); !errors.Is(err, pin.ErrNoVerifiedChain) {
		t.Fatalf("Check = %v", err)
	}
	if events.Load() != 0 {
		t.Fatalf("Check had side effects: %d events", events.Load())
	}
}

func TestTLSConfigDoesNotMutateBase(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	p := sitePolicy(t, w)
	var callerCalls atomic.Int32
	base := pintest.Client(w.Roots, apiHost)
	base.MinVersion = tls.VersionTLS12
	base.VerifyConnection = func(tls.ConnectionState) error { callerCalls.Add(1); return nil }
	cfg := p.TLSConfig(base)
	if cfg == base {
		t.Fatal("TLSConfig returned its argument")
	}
	if cfg.RootCAs != base.RootCAs || cfg.ServerName != apiHost || cfg.MinVersion != tls.VersionTLS12 {
		t.Fatal("TLSConfig lost fields of base")
	}
	forged := pintest.Serve(t, w.Forged(t, apiHost), nil)
	// The caller's callback is unchanged: on its own it accepts the forged chain.
	mustHandshake(t, base, forged.Addr, "base config")
	if callerCalls.Load() != 1 {
		t.Fatalf("base VerifyConnection called %d times, want 1", callerCalls.Load())
	}
	_, err := pintest.Handshake(cfg, forged.Addr)
	wantErrIs(t, err, pin.ErrPinMismatch)
	if callerCalls.Load() != 1 {
		t.Fatal("caller's VerifyConnection ran after a pin failure")
	}
	if base.VerifyPeerCertificate != nil || cfg.VerifyPeerCertificate != nil {
		t.Fatal("VerifyPeerCertificate must not be used")
	}
	if nilCfg := p.TLSConfig(nil); nilCfg.VerifyConnection == nil {
		t.Fatal("TLSConfig(nil) has no VerifyConnection")
	}
}

func TestTLSConfigChainsCallerVerifyConnection(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	p := sitePolicy(t, w)
	errCaller := errors.New("caller says no")
	var sawDidResume atomic.Int32
	base := pintest.Client(w.Roots, apiHost)
	base.VerifyConnection = func(cs tls.ConnectionState) error {
		sawDidResume.Add(1)
		return errCaller
	}
	srv := pintest.Serve(t, w.Legit(t, apiHost), nil)
	if _, err := pintest.Handshake(p.TLSConfig(base), srv.Addr); !errors.Is(err, errCaller) {
		t.Fatalf("err = %v, want the caller's error", err)
	}
	if sawDidResume.Load() != 1 {
		t.Fatal("caller's VerifyConnection was not called")
	}
}

func TestVerifyConnectionWithoutServerName(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	p := sitePolicy(t, w)
	if err := p.VerifyConnection(tls.ConnectionState{}); err != nil {
		t.Fatalf("VerifyConnection without a server name = %v, want nil (unpinned)", err)
	}
	err := p.VerifyConnection(tls.ConnectionState{ServerName: apiHost, PeerCertificates: w.Forged(t, apiHost).Certs})
	var pe *pin.Error
	if !errors.As(err, &pe) || len(pe.Served) != 1 || !errors.Is(err, pin.ErrNoVerifiedChain) {
		t.Fatalf("err = %v, want *pin.Error with the served chain", err)
	}
}

func get(t *testing.T, tr *http.Transport, url string) error {
	t.Helper()
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "ok" {
		t.Fatalf("body = %q", body)
	}
	return nil
}

func TestTransport(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	p := sitePolicy(t, w)
	legit := pintest.HTTPServer(t, w.Legit(t, apiHost))
	forged := pintest.HTTPServer(t, w.Forged(t, apiHost))
	for _, tt := range []struct {
		name string
		addr string
		want error
	}{{"legit", legit.Listener.Addr().String(), nil}, {"forged", forged.Listener.Addr().String(), pin.ErrPinMismatch}} {
		base := &http.Transport{
			DialContext:     pintest.DialTo(tt.addr),
			TLSClientConfig: &tls.Config{RootCAs: w.Roots},
		}
		baseTLS := base.TLSClientConfig
		tr := p.Transport(base)
		err := get(t, tr, "https://"+apiHost+"/")
		if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
			t.Fatalf("%s: GET = %v, want %v", tt.name, err, tt.want)
		}
		if base.TLSClientConfig != baseTLS || baseTLS.VerifyConnection != nil {
			t.Fatalf("%s: Transport modified its base", tt.name)
		}
		tr.CloseIdleConnections()
	}
	def := http.DefaultTransport.(*http.Transport)
	if tr := p.Transport(nil); tr == def || tr.TLSClientConfig == nil || tr.TLSClientConfig == def.TLSClientConfig ||
		(def.TLSClientConfig != nil && def.TLSClientConfig.VerifyConnection != nil) {
		t.Fatal("Transport(nil) must clone http.DefaultTransport without touching it")
	}
}

// TestTransportCustomDialTLS: a caller's DialTLSContext bypasses
// TLSClientConfig, so its connections are checked after the handshake.
func TestTransportCustomDialTLS(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	p := sitePolicy(t, w)
	forged := pintest.HTTPServer(t, w.Forged(t, apiHost))
	legit := pintest.HTTPServer(t, w.Legit(t, apiHost))
	dialTLS := func(addr string) func(ctx context.Context, network, _ string) (net.Conn, error) {
		return func(ctx context.Context, network, _ string) (net.Conn, error) {
			d := &tls.Dialer{Config: &tls.Config{RootCAs: w.Roots, ServerName: apiHost}}
			return d.DialContext(ctx, network, addr)
		}
	}
	tr := p.Transport(&http.Transport{DialTLSContext: dialTLS(forged.Listener.Addr().String())})
	if err := get(t, tr, "https://"+apiHost+"/"); !errors.Is(err, pin.ErrPinMismatch) {
		t.Fatalf("GET via custom DialTLSContext = %v, want ErrPinMismatch", err)
	}
	tr = p.Transport(&http.Transport{DialTLSContext: dialTLS(legit.Listener.Addr().String())})
	if err := get(t, tr, "https://"+apiHost+"/"); err != nil {
		t.Fatalf("GET legit via custom DialTLSContext = %v", err)
	}
	// A dialer returning a connection without TLS state fails closed.
	plain := pintest.DialTo(legit.Listener.Addr().String())
	tr = p.Transport(&http.Transport{DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return plain(ctx, network, addr)
	}})
	if err := get(t, tr, "https://"+apiHost+"/"); !errors.Is(err, pin.ErrNoVerifiedChain) {
		t.Fatalf("GET via non-TLS dialer = %v, want ErrNoVerifiedChain", err)
	}
}

func TestConcurrentHandshakes(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	p := sitePolicy(t, w)
	legit := pintest.Serve(t, w.Legit(t, apiHost), nil)
	forged := pintest.Serve(t, w.Forged(t, apiHost), nil)
	cfg := p.TLSConfig(pintest.Client(w.Roots, apiHost))
	errs := make(chan error, 16)
	for i := range 16 {
		go func() {
			addr := legit.Addr
			if i%2 == 1 {
				addr = forged.Addr
			}
			_, err := pintest.Handshake(cfg, addr)
			if (i%2 == 1) != errors.Is(err, pin.ErrPinMismatch) {
				errs <- err
				return
			}
			errs <- nil
		}()
	}
	for range 16 {
		if err := <-errs; err != nil {
			t.Errorf("unexpected handshake result: %v", err)
		}
	}
}

func TestZeroPolicyPinsNothing(t *testing.T) {
	t.Parallel()
	var p pin.Policy
	if err := p.Check(apiHost, nil); err != nil {
		t.Fatalf("zero Policy Check = %v", err)
	}
	if err := p.VerifyConnection(tls.ConnectionState{ServerName: apiHost}); err != nil {
		t.Fatalf("zero Policy VerifyConnection = %v", err)
	}
}

func TestEventKindString(t *testing.T) {
	t.Parallel()
	for k, want := range map[pin.EventKind]string{
		pin.EventPinFailure: "pin-failure", pin.EventPinExpired: "pin-expired", 0: "unknown",
	} {
		if k.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(k), k.String(), want)
		}
	}
}

// TestEventCarriesReportFields: a failure event holds what a report needs,
// and every OnEvent callback gets it.
func TestEventCarriesReportFields(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	expires := time.Date(2030, 1, 2, 15, 0, 0, 0, time.UTC)
	var first, second []pin.Event
	pins := pinsOf(w.Inter.Cert, w.BackupKey)
	p := newPolicy(t, pin.ReportOnly(), pin.DomainPins("example.com", pins...), pin.App("com.example.app"),
		pin.Expires(expires), pin.Clock(func() time.Time { return time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC) }),
		pin.OnEvent(func(e pin.Event) { first = append(first, e) }),
		pin.OnEvent(func(e pin.Event) { second = append(second, e) }))
	cs := failState(w, t, "API.example.com.")
	if err := p.VerifyConnection(cs); err != nil {
		t.Fatalf("report-only VerifyConnection = %v", err)
	}
	if len(first) != 1 || len(second) != 1 {
		t.Fatalf("callbacks got %d and %d events, want 1 each", len(first), len(second))
	}
	e := first[0]
	if e.Kind != pin.EventPinFailure || e.Host != apiHost || e.Port != 0 || e.NotedHostname != "example.com" ||
		!e.IncludeSubdomains || e.Mode != pin.ModeReportOnly || e.PolicyHash != p.Hash() || e.App != "com.example.app" ||
		!e.Expires.Equal(time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)) || !errors.Is(e.Err, pin.ErrPinMismatch) {
		t.Fatalf("event = %+v", e)
	}
	if len(e.Served) != len(cs.PeerCertificates) || len(e.Verified) != 1 || len(e.KnownPins) != 2 {
		t.Fatalf("event chains/pins = %d/%d/%d", len(e.Served), len(e.Verified), len(e.KnownPins))
	}
	for _, pn := range pins {
		if !slices.Contains(e.KnownPins, pn) {
			t.Errorf("known pins %v lack %s", e.KnownPins, pn)
		}
	}
}

func TestMode(t *testing.T) {
	t.Parallel()
	enforce := newPolicy(t, pin.Host("a.example.com", pinA, pinB))
	soft := newPolicy(t, pin.ReportOnly(), pin.Host("a.example.com", pinA))
	if enforce.Mode() != pin.ModeEnforce || soft.Mode() != pin.ModeReportOnly {
		t.Fatalf("modes = %v, %v", enforce.Mode(), soft.Mode())
	}
	if pin.ModeEnforce.String() != "enforce" || pin.ModeReportOnly.String() != "report-only" {
		t.Fatalf("mode names = %q, %q", pin.ModeEnforce, pin.ModeReportOnly)
	}
}

// failState is a connection state that fails the site policy for host:
// a leaf forged for apiHost by the rogue CA, verified up to that CA.
func failState(w *pintest.World, t *testing.T, host string) tls.ConnectionState {
	forged := w.Forged(t, apiHost).Certs
	return tls.ConnectionState{ServerName: host, PeerCertificates: forged,
		VerifiedChains: [][]*x509.Certificate{{forged[0], w.Rogue.Cert}}}
}
