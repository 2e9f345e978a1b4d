package collector

import (
	"context"
	"net/http"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
	"github.com/pinkit/pinkit/pinreport"
)

// TestPinReporterEndToEnd: a Go client using the pin library in
// report-only mode meets a forged chain (a rogue but trusted CA); the
// connection is allowed, the library reports it, the report lands in the
// collector and the stats name the rogue CA as the served issuer.
func TestPinReporterEndToEnd(t *testing.T) {
	t.Parallel()
	srv, _ := newTestServer(t, "sqlite", Config{Rate: 100, Burst: 100})
	w := pintest.NewWorld(t)
	const host = "api.example.com"
	site := pintest.HTTPServer(t, w.Forged(t, host))

	reporter, err := pinreport.New(srv.URL + "/v1/reports")
	if err != nil {
		t.Fatal(err)
	}
	defer reporter.Close()
	policy, err := pin.NewPolicy(
		pin.HostPins(host, pin.FromCertificate(w.Inter.Cert), pin.FromCertificate(w.BackupKey)),
		pin.ReportOnly(), pin.OnEvent(reporter.Handle), pin.App("com.example.e2e"),
	)
	if err != nil {
		t.Fatal(err)
	}
	base := &http.Transport{DialContext: pintest.DialTo(site.Listener.Addr().String())}
	tr := policy.Transport(base)
	tr.TLSClientConfig.RootCAs = w.Roots
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	resp, err := client.Get("https://" + host + "/")
	if err != nil {
		t.Fatalf("report-only policy blocked the connection: %v", err)
	}
	resp.Body.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := reporter.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if rs := reporter.Stats(); rs.Sent != 1 {
		t.Fatalf("report stats = %+v, want 1 sent", rs)
	}
	var page Page
	getJSON(t, srv.URL+"/v1/reports?host="+host, testToken, &page)
	if len(page.Reports) != 1 {
		t.Fatalf("collector holds %d reports, want 1", len(page.Reports))
	}
	r := page.Reports[0]
	if r.Format != FormatPinkit || r.AppID != "com.example.e2e" || r.Mode != "report-only" ||
		r.PolicyHash != policy.Hash() || len(r.ServedChain) != 1 || len(r.KnownPins) != 2 {
		t.Errorf("stored report = %+v", r)
	}
	var st Stats
	getJSON(t, srv.URL+"/v1/stats?since=1h", testToken, &st)
	if st.Failures != 1 || len(st.Hosts) != 1 || st.Hosts[0].Key != host ||
		len(st.Issuers) != 1 || st.Issuers[0].Key != "CN=pintest rogue CA, O=pintest" {
		t.Errorf("stats = %+v", st)
	}
}
