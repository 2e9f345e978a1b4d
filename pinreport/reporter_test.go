package pinreport_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
	"github.com/pinkit/pinkit/pinreport"
)

// collector is an httptest report collector that keeps what it receives.
type collector struct {
	mu      sync.Mutex
	reports []map[string]any
	status  int
	block   chan struct{} // when non-nil, requests wait on it
}

func (c *collector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if c.block != nil {
		<-c.block
	}
	var rep map[string]any
	body, _ := io.ReadAll(r.Body)
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &rep) != nil {
		http.Error(w, "bad report", http.StatusBadRequest)
		return
	}
	c.mu.Lock()
	c.reports = append(c.reports, rep)
	status := c.status
	c.mu.Unlock()
	if status == 0 {
		status = http.StatusAccepted
	}
	w.WriteHeader(status)
}

func (c *collector) received() []map[string]any {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.reports)
}

func flush(t *testing.T, r *pinreport.Reporter) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

func pemCerts(t *testing.T, v any) []*x509.Certificate {
	t.Helper()
	list, ok := v.([]any)
	if !ok {
		t.Fatalf("chain is %T, want a list", v)
	}
	var out []*x509.Certificate
	for _, s := range list {
		b, rest := pem.Decode([]byte(s.(string)))
		if b == nil || b.Type != "CERTIFICATE" || len(rest) != 0 {
			t.Fatalf("chain entry is not one PEM certificate: %q", s)
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

var reportTime = time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("UTC+2", 7200))

// TestReportOnlyReport: report-only mode allows the connection and an
// httptest collector receives an RFC 7469 report with pinkit's fields.
func TestReportOnlyReport(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	col := &collector{}
	srvCol := httptest.NewServer(col)
	t.Cleanup(srvCol.Close)
	pins := pinsOf(w.Inter.Cert, w.BackupKey)
	r := newReporter(t, srvCol.URL+"/v1/reports")
	p := newPolicy(t, pin.ReportOnly(), pin.HostPins(apiHost, pins...), pin.OnEvent(r.Handle),
		pin.App("com.example.app"), pin.Expires(time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)),
		pin.Clock(func() time.Time { return reportTime }))
	forged := w.Forged(t, apiHost)
	srv := pintest.Serve(t, forged, nil)
	mustHandshake(t, p.TLSConfig(pintest.Client(w.Roots, apiHost)), srv.Addr, "report-only must allow")
	flush(t, r)
	got := col.received()
	if len(got) != 1 {
		t.Fatalf("collector got %d reports, want 1", len(got))
	}
	rep := got[0]
	want := map[string]any{
		"date-time":                 "2026-03-04T03:06:07Z",
		"hostname":                  apiHost,
		"port":                      float64(443),
		"effective-expiration-date": "2030-01-02T00:00:00Z",
		"include-subdomains":        false,
		"noted-hostname":            apiHost,
		"app":                       "com.example.app",
		"policy-hash":               p.Hash(),
		"mode":                      "report-only",
	}
	for k, v := range want {
		if rep[k] != v {
			t.Errorf("%s = %#v, want %#v", k, rep[k], v)
		}
	}
	served := pemCerts(t, rep["served-certificate-chain"])
	if len(served) != 1 || !served[0].Equal(forged.Certs[0]) {
		t.Errorf("served-certificate-chain = %d certs, want the forged leaf", len(served))
	}
	validated := pemCerts(t, rep["validated-certificate-chain"])
	if len(validated) != 2 || !validated[0].Equal(forged.Certs[0]) || !validated[1].Equal(w.Rogue.Cert) {
		t.Errorf("validated-certificate-chain has %d certs, want leaf and rogue root", len(validated))
	}
	var known []string
	for _, k := range rep["known-pins"].([]any) {
		known = append(known, k.(string))
	}
	for _, pn := range pins {
		if !slices.Contains(known, `pin-sha256="`+pn.Base64()+`"`) {
			t.Errorf("known-pins %q lacks %s", known, pn)
		}
	}
	if s := r.Stats(); s.Queued != 1 || s.Sent != 1 {
		t.Errorf("stats = %+v", s)
	}
}

func TestEnforceReportDomainAndDedup(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	col := &collector{}
	srvCol := httptest.NewServer(col)
	t.Cleanup(srvCol.Close)
	var now atomic.Pointer[time.Time]
	start := reportTime
	now.Store(&start)
	var failures atomic.Int32
	r := newReporter(t, srvCol.URL)
	p := newPolicy(t, pin.DomainPins("example.com", pinsOf(w.Inter.Cert, w.BackupKey)...),
		pin.OnEvent(r.Handle), pin.Clock(func() time.Time { return *now.Load() }),
		pin.OnEvent(func(e pin.Event) {
			if e.Kind == pin.EventPinFailure {
				failures.Add(1)
			}
		}))
	srv := pintest.Serve(t, w.Forged(t, apiHost), nil)
	cfg := p.TLSConfig(pintest.Client(w.Roots, apiHost))
	for range 3 {
		_, err := pintest.Handshake(cfg, srv.Addr)
		wantErrIs(t, err, pin.ErrPinMismatch)
	}
	flush(t, r)
	if s := r.Stats(); s.Sent != 1 || s.Deduplicated != 2 || failures.Load() != 3 {
		t.Fatalf("stats = %+v, failure events = %d; want 1 sent, 2 deduplicated, 3 events", s, failures.Load())
	}
	rep := col.received()[0]
	if rep["include-subdomains"] != true || rep["noted-hostname"] != "example.com" ||
		rep["hostname"] != apiHost || rep["mode"] != "enforce" || rep["effective-expiration-date"] != nil {
		t.Fatalf("report = %v", rep)
	}
	later := start.Add(25 * time.Hour)
	now.Store(&later)
	_, err := pintest.Handshake(cfg, srv.Addr)
	wantErrIs(t, err, pin.ErrPinMismatch)
	flush(t, r)
	if n := len(col.received()); n != 2 {
		t.Fatalf("after 25 h the collector has %d reports, want 2", n)
	}
}

// TestReportQueueFullNeverBlocks: with the collector stuck, handshakes go
// on; reports beyond the queue are dropped and counted.
func TestReportQueueFullNeverBlocks(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	col := &collector{block: make(chan struct{})}
	srvCol := httptest.NewServer(col)
	t.Cleanup(srvCol.Close)
	var dropped atomic.Int32
	r, err := pinreport.New(srvCol.URL, pinreport.QueueSize(2), pinreport.OnProblem(func(pr pinreport.Problem) {
		if pr.Kind == pinreport.ProblemDropped {
			dropped.Add(1)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	p := newPolicy(t, pin.DomainPins("example.com", pinsOf(w.Inter.Cert, w.BackupKey)...), pin.OnEvent(r.Handle))
	const n = 50
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range n {
			_ = p.VerifyConnection(failState(w, t, fmt.Sprintf("h%d.example.com", i)))
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("VerifyConnection blocked on a stuck collector")
	}
	s := r.Stats()
	if s.Queued < 2 || s.Queued > 3 || s.Dropped != n-s.Queued || uint64(dropped.Load()) != s.Dropped {
		t.Fatalf("stats = %+v, dropped events = %d", s, dropped.Load())
	}
	close(col.block)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if s := r.Stats(); s.Sent != s.Queued || len(col.received()) != int(s.Queued) {
		t.Fatalf("after Close: stats = %+v, collector has %d", s, len(col.received()))
	}
	// After Close handshakes still work and reports are dropped.
	before := r.Stats().Dropped
	if err := p.VerifyConnection(failState(w, t, "late.example.com")); err == nil {
		t.Fatal("policy stopped enforcing after its reporter closed")
	}
	if r.Stats().Dropped != before+1 {
		t.Fatal("report after Close was not counted as dropped")
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestReportSendFailure(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	col := &collector{status: http.StatusInternalServerError}
	srvCol := httptest.NewServer(col)
	t.Cleanup(srvCol.Close)
	failed := make(chan pinreport.Problem, 1)
	r := newReporter(t, srvCol.URL, pinreport.OnProblem(func(pr pinreport.Problem) {
		if pr.Kind == pinreport.ProblemSendFailed {
			failed <- pr
		}
	}))
	p := newPolicy(t, pin.DomainPins("example.com", pinsOf(w.Inter.Cert, w.BackupKey)...), pin.OnEvent(r.Handle))
	_ = p.VerifyConnection(failState(w, t, apiHost))
	flush(t, r)
	select {
	case e := <-failed:
		if e.Host != apiHost || e.Err == nil {
			t.Fatalf("event = %+v", e)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no report-failed event")
	}
	if s := r.Stats(); s.Failed != 1 || s.Sent != 0 {
		t.Fatalf("stats = %+v", s)
	}
}

// TestReportToPinnedHostNoLoop is ANCHORS #10: the report URI is on the
// pinned host itself, whose pins fail. The report goes out once through
// the report client, which does not apply the policy, so no failure
// report is ever triggered by sending a report.
func TestReportToPinnedHostNoLoop(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	const reportHost = "reports.example.com"
	col := &collector{}
	srvCol := httptest.NewUnstartedServer(col)
	srvCol.TLS = &tls.Config{Certificates: []tls.Certificate{w.Forged(t, reportHost).TLSCertificate()}}
	srvCol.StartTLS()
	t.Cleanup(srvCol.Close)
	reportClient := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		DialContext:     pintest.DialTo(srvCol.Listener.Addr().String()),
		TLSClientConfig: &tls.Config{RootCAs: w.Roots},
	}}
	var failures atomic.Int32
	r := newReporter(t, "https://"+reportHost+"/v1/reports", pinreport.Client(reportClient))
	p := newPolicy(t, pin.DomainPins("example.com", pinsOf(w.Inter.Cert, w.BackupKey)...),
		pin.OnEvent(r.Handle), pin.OnEvent(func(e pin.Event) {
			if e.Kind == pin.EventPinFailure {
				failures.Add(1)
			}
		}))
	tr := p.Transport(&http.Transport{DialContext: pintest.DialTo(srvCol.Listener.Addr().String()),
		TLSClientConfig: &tls.Config{RootCAs: w.Roots}})
	if err := get(t, tr, "https://"+reportHost+"/"); err == nil {
		t.Fatal("pinned request to the report host succeeded")
	}
	flush(t, r)
	time.Sleep(50 * time.Millisecond) // a loop would show up as more reports
	flush(t, r)
	if n, f := len(col.received()), failures.Load(); n != 1 || f != 1 {
		t.Fatalf("collector has %d reports and %d pin failures, want 1 and 1", n, f)
	}
}

// TestReportPortFromCustomDialer: when the connection comes through a
// caller's DialTLSContext, the report names the dialled port.
func TestReportPortFromCustomDialer(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	col := &collector{}
	srvCol := httptest.NewServer(col)
	t.Cleanup(srvCol.Close)
	r := newReporter(t, srvCol.URL)
	p := newPolicy(t, pin.ReportOnly(), pin.HostPins(apiHost, pin.FromCertificate(w.Inter.Cert)), pin.OnEvent(r.Handle))
	forged := pintest.HTTPServer(t, w.Forged(t, apiHost))
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		d := &tls.Dialer{Config: &tls.Config{RootCAs: w.Roots, ServerName: apiHost}}
		return d.DialContext(ctx, network, forged.Listener.Addr().String())
	}
	if err := get(t, p.Transport(&http.Transport{DialTLSContext: dial}), "https://"+apiHost+":8443/"); err != nil {
		t.Fatalf("report-only GET = %v", err)
	}
	flush(t, r)
	got := col.received()
	if len(got) != 1 || got[0]["port"] != float64(8443) {
		t.Fatalf("reports = %v, want one with port 8443", got)
	}
}

// TestReportOnlyInsecureSkipVerify: without a verified chain report-only
// mode still reports (with an empty validated chain) and allows.
func TestReportOnlyInsecureSkipVerify(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	col := &collector{}
	srvCol := httptest.NewServer(col)
	t.Cleanup(srvCol.Close)
	r := newReporter(t, srvCol.URL)
	p := newPolicy(t, pin.ReportOnly(), pin.HostPins(apiHost, pin.FromCertificate(w.Inter.Cert)), pin.OnEvent(r.Handle))
	srv := pintest.Serve(t, w.Attacker(t, apiHost), nil)
	// Models a broken client on purpose.
	mustHandshake(t, p.TLSConfig(&tls.Config{InsecureSkipVerify: true, ServerName: apiHost}), srv.Addr, "report-only")
	flush(t, r)
	got := col.received()
	if len(got) != 1 || len(got[0]["validated-certificate-chain"].([]any)) != 0 ||
		len(got[0]["served-certificate-chain"].([]any)) != 1 {
		t.Fatalf("reports = %v", got)
	}
}
