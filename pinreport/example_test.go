package pinreport_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/pinreport"
)

// A report-only policy whose pins do not match the server: the request
// goes through and the failure report reaches the collector.
func ExampleNew() {
	received := make(chan pinreport.Report, 1)
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var rep pinreport.Report
		body, _ := io.ReadAll(r.Body)
		if json.Unmarshal(body, &rep) == nil {
			received <- rep
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer collector.Close()
	site := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	site.Config.ErrorLog = log.New(io.Discard, "", 0)
	site.StartTLS()
	defer site.Close()

	reporter, err := pinreport.New(collector.URL + "/v1/reports")
	if err != nil {
		panic(err)
	}
	defer reporter.Close()
	p, err := pin.NewPolicy(
		pin.ReportOnly(),
		pin.Host("example.com", "sha256/BxT6OCtJAQAFcXVk0HtXpa8r2peknlx2Cjh2ajs2xZ4=",
			"sha256/u9oyhKFOW7NzDFSxHD28friQCxz9a4ZBmJ0MiRXHdCE="),
		pin.OnEvent(reporter.Handle),
	)
	if err != nil {
		panic(err)
	}
	base := site.Client().Transport.(*http.Transport) // trusts the test certificate, valid for example.com
	base.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, site.Listener.Addr().String())
	}
	resp, err := (&http.Client{Transport: p.Transport(base)}).Get("https://example.com/")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
	if err := reporter.Flush(context.Background()); err != nil {
		panic(err)
	}
	rep := <-received
	fmt.Println("report:", rep.Hostname, rep.NotedHostname, rep.Mode, len(rep.KnownPins), "pins")
	fmt.Printf("%+v\n", reporter.Stats())
	// Output:
	// 200 OK
	// report: example.com example.com report-only 2 pins
	// {Queued:1 Sent:1 Failed:0 Dropped:0 Deduplicated:0}
}
