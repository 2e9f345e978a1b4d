package pin_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
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

// TestCheckIsPure: Check emits no events, sends no reports and ignores
// ReportOnly.
func TestCheckIsPure(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	var events atomic.Int32
	p := newPolicy(t, pin.ReportOnly(), pin.HostPins(apiHost, pin.FromCertificate(w.Inter.Cert)),
		pin.ReportTo("http://127.0.0.1:1/never"), pin.OnEvent(func(pin.Event) { events.Add(1) }))
	if err := p.Check(apiHost, nil); !errors.Is(err, pin.ErrNoVerifiedChain) {
		t.Fatalf("Check = %v", err)
	}
	if events.Load() != 0 || p.ReportStats() != (pin.ReportStats{}) {
		t.Fatalf("Check had side effects: %d events, %+v", events.Load(), p.ReportStats())
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
	p := sitePolicy(t, w, pin.ReportTo("http://127.0.0.1:1/"), pin.ReportQueue(1))
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
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestEventKindString(t *testing.T) {
	t.Parallel()
	for k, want := range map[pin.EventKind]string{
		pin.EventPinFailure: "pin-failure", pin.EventPinExpired: "pin-expired",
		pin.EventReportDropped: "report-dropped", pin.EventReportFailed: "report-failed", 0: "unknown",
	} {
		if k.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(k), k.String(), want)
		}
	}
}
