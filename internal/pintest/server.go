package pintest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Server is a TLS server on 127.0.0.1 that serves a fixed chain, answers
// each completed handshake with "ok\n" (so TLS 1.3 clients receive session
// tickets) and closes the connection.
type Server struct {
	Addr string
	ln   net.Listener
	wg   sync.WaitGroup

	mu         sync.Mutex
	handshakes int
	resumed    int
}

// Serve starts a Server for chain. configure, if not nil, may adjust the
// server's tls.Config (for example MaxVersion) before it starts. The server
// stops when the test ends.
func Serve(tb testing.TB, chain Chain, configure func(*tls.Config)) *Server {
	tb.Helper()
	cfg := &tls.Config{Certificates: []tls.Certificate{chain.TLSCertificate()}}
	if configure != nil {
		configure(cfg)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		tb.Fatalf("pintest: failed to listen: %v", err)
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln}
	s.wg.Add(1)
	go s.accept()
	tb.Cleanup(s.Close)
	return s
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go s.handle(c.(*tls.Conn))
	}
}

func (s *Server) handle(c *tls.Conn) {
	defer s.wg.Done()
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if err := c.Handshake(); err != nil {
		return
	}
	s.mu.Lock()
	s.handshakes++
	if c.ConnectionState().DidResume {
		s.resumed++
	}
	s.mu.Unlock()
	_, _ = io.WriteString(c, "ok\n")
	_, _ = io.Copy(io.Discard, c) // until the client closes
}

// Handshakes returns how many handshakes completed on the server side and
// how many of them resumed a session.
func (s *Server) Handshakes() (total, resumed int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.handshakes, s.resumed
}

// Close stops the server and waits for its connections.
func (s *Server) Close() {
	s.ln.Close()
	s.wg.Wait()
}

// Client returns a client config that trusts roots and verifies serverName.
func Client(roots *x509.CertPool, serverName string) *tls.Config {
	return &tls.Config{RootCAs: roots, ServerName: serverName}
}

// Handshake dials addr with cfg, completes the handshake, reads the
// server's greeting (which delivers TLS 1.3 session tickets) and closes.
// It returns the client's connection state.
func Handshake(cfg *tls.Config, addr string) (tls.ConnectionState, error) {
	d := &tls.Dialer{NetDialer: &net.Dialer{Timeout: 10 * time.Second}, Config: cfg}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return tls.ConnectionState{}, err
	}
	defer conn.Close()
	tc := conn.(*tls.Conn)
	_ = tc.SetDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 3)
	if _, err := io.ReadFull(tc, buf); err != nil {
		return tc.ConnectionState(), err
	}
	return tc.ConnectionState(), nil
}

// HTTPServer starts an HTTPS server on 127.0.0.1 serving chain and
// answering every request with 200 "ok". It stops when the test ends.
func HTTPServer(tb testing.TB, chain Chain) *httptest.Server {
	tb.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{chain.TLSCertificate()}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // rejected handshakes are expected
	srv.StartTLS()
	tb.Cleanup(srv.Close)
	return srv
}

// DialTo returns a DialContext function that connects every address to
// addr, so that an http.Transport can reach a test server under any name.
func DialTo(addr string) func(ctx context.Context, network, _ string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 10 * time.Second}
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}
}
