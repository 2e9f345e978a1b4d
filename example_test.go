package pin_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"

	pin "github.com/pinkit/pinkit"
)

// backupPin stands for the pin of a key that is not deployed yet.
const backupPin = "sha256/BxT6OCtJAQAFcXVk0HtXpa8r2peknlx2Cjh2ajs2xZ4="

// exampleServer starts an HTTPS server whose certificate is valid for
// example.com, and a base transport that trusts it and dials it for any
// host name.
func exampleServer() (*httptest.Server, *http.Transport) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "hello")
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // rejected handshakes are the point
	srv.StartTLS()
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	addr := srv.Listener.Addr().String()
	base := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}
	return srv, base
}

func ExampleParsePin() {
	p, err := pin.ParsePin("sha256/BxT6OCtJAQAFcXVk0HtXpa8r2peknlx2Cjh2ajs2xZ4=")
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Base64())
	fmt.Println(p.Hex())

	_, err = pin.ParsePin("sha1/AAAAAAAAAAAAAAAAAAAAAAAAAAA=")
	fmt.Println(err)
	// Output:
	// BxT6OCtJAQAFcXVk0HtXpa8r2peknlx2Cjh2ajs2xZ4=
	// 0714fa382b49010005717564d07b57a5af2bda97a49e5c760a38766a3b36c59e
	// pin "sha1/AAAAAAAAAAAAAAAAAAAAAAAAAAA=": SHA-1 pins are not supported, use sha256/<base64>
}

func ExampleNewPolicy() {
	_, err := pin.NewPolicy(
		pin.Host("api.example.com", backupPin), // no backup pin
		pin.Domain("appspot.com", backupPin, "sha256/u9oyhKFOW7NzDFSxHD28friQCxz9a4ZBmJ0MiRXHdCE="),
	)
	fmt.Println(err)
	// Output:
	// failed to build pin policy: Host("api.example.com"): only 1 pin: an enforcing rule needs at least 2 (a backup pin for a key that is not yet deployed), or use ReportOnly
	// Domain: domain "appspot.com" is a public suffix (private section of the Public Suffix List); pin the registrable domain below it instead
}

func ExamplePolicy_Transport() {
	srv, base := exampleServer()
	defer srv.Close()

	served := pin.FromCertificate(srv.Certificate())
	p, err := pin.NewPolicy(pin.HostPins("example.com", served, pin.MustParsePin(backupPin)))
	if err != nil {
		panic(err)
	}
	client := &http.Client{Transport: p.Transport(base)}
	resp, err := client.Get("https://example.com/")
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.Status, string(body))

	// The same server under a policy that pins other keys.
	other, _ := pin.NewPolicy(pin.Host("example.com", backupPin,
		"sha256/u9oyhKFOW7NzDFSxHD28friQCxz9a4ZBmJ0MiRXHdCE="))
	client = &http.Client{Transport: other.Transport(base)}
	_, err = client.Get("https://example.com/")
	fmt.Println(errors.Is(err, pin.ErrPinMismatch))
	// Output:
	// 200 OK hello
	// true
}

func ExampleReportOnly() {
	srv, base := exampleServer()
	defer srv.Close()

	p, err := pin.NewPolicy(
		pin.ReportOnly(),
		pin.Domain("example.com", backupPin),
		pin.OnEvent(func(e pin.Event) { fmt.Println(e.Kind, e.Host, errors.Is(e.Err, pin.ErrPinMismatch)) }),
	)
	if err != nil {
		panic(err)
	}
	client := &http.Client{Transport: p.Transport(base)}
	resp, err := client.Get("https://example.com/")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
	// Output:
	// pin-failure example.com true
	// 200 OK
}

func ExamplePolicy_Check() {
	srv, _ := exampleServer()
	defer srv.Close()
	cert := srv.Certificate()

	p, _ := pin.NewPolicy(pin.Host("example.com", backupPin,
		"sha256/u9oyhKFOW7NzDFSxHD28friQCxz9a4ZBmJ0MiRXHdCE="))
	chains, err := cert.Verify(x509.VerifyOptions{Roots: poolOf(cert), DNSName: "example.com"})
	if err != nil {
		panic(err)
	}
	err = p.Check("example.com", chains)
	var pe *pin.Error
	fmt.Println(errors.As(err, &pe), pe.Host, errors.Is(err, pin.ErrPinMismatch))
	fmt.Println(p.Check("unpinned.example.net", chains))
	// Output:
	// true example.com true
	// <nil>
}

func poolOf(certs ...*x509.Certificate) *x509.CertPool {
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool
}
