package mitm

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pinkit/pinkit/internal/pintest"
)

// TestBadInput sends what a proxy meets in the wild and checks the log
// line each leaves.
func TestBadInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		run    func(t *testing.T, r *rig) string // returns what the client saw
		saw    string                            // substring of what the client saw
		kind   string
		detail string
	}{
		{"garbage bytes on the TLS port", func(t *testing.T, r *rig) string {
			return rawExchange(t, r.transparent, "\x00\x01garbage\xff\xfe\r\n\r\n", true)
		}, "", KindError, "not a TLS ClientHello"},
		{"plain HTTP on the TLS port", func(t *testing.T, r *rig) string {
			return rawExchange(t, r.transparent, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", false)
		}, "400 Bad Request", KindError, "plain HTTP sent to the TLS listener"},
		{"TLS without SNI", func(t *testing.T, r *rig) string {
			_, err := tlsDial(r.transparent, &tls.Config{InsecureSkipVerify: true}) // no ServerName: no SNI
			return fmt.Sprint(err)
		}, "", KindError, "no SNI"},
		{"CONNECT passthrough to a closed port", func(t *testing.T, r *rig) string {
			return rawExchange(t, r.explicit, "CONNECT closed.pinkit.test:443 HTTP/1.1\r\nHost: closed.pinkit.test:443\r\nConnection: close\r\n\r\n", false)
		}, "502 Bad Gateway", KindTunnel, "failed to dial upstream"},
		{"intercepted request to a closed upstream", func(t *testing.T, r *rig) string {
			body, _ := get(r.httpClient(t, trusting, "explicit"), "https://down.pinkit.test/x")
			return body
		}, "502 pinkit mitm: upstream:", KindRequest, "connection refused"},
		{"client disconnects mid-handshake", func(t *testing.T, r *rig) string {
			c, err := net.Dial("tcp", r.transparent)
			if err != nil {
				t.Fatal(err)
			}
			err = tls.Client(&hangUpAfterWrite{Conn: c}, &tls.Config{ServerName: testHost}).Handshake()
			return fmt.Sprint(err)
		}, "", KindHandshake, "client closed the connection"},
		{"client resets after the handshake (OkHttp pin failure)", func(t *testing.T, r *rig) string {
			c, err := net.Dial("tcp", r.transparent)
			if err != nil {
				t.Fatal(err)
			}
			tc := tls.Client(c, &tls.Config{ServerName: testHost, RootCAs: pintest.Pool(r.ca.Cert)})
			err = tc.Handshake()
			_ = c.(*net.TCPConn).SetLinger(0) // close with RST
			c.Close()
			return fmt.Sprint(err)
		}, "<nil>", KindHandshake, "closed after the handshake without a request"},
		{"CONNECT with non-TLS bytes is tunnelled", func(t *testing.T, r *rig) string {
			return rawExchange(t, r.explicit, "CONNECT "+testHost+":80 HTTP/1.1\r\nHost: x\r\n\r\nhello", true)
		}, "200 Connection established", KindTunnel, "not TLS, tunnelled as cleartext"},
		{"direct request to the proxy", func(t *testing.T, r *rig) string {
			return rawExchange(t, r.explicit, "GET /ca.pem HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false)
		}, "BEGIN CERTIFICATE", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			closed := closedAddr(t)
			r := newRig(t, AttackTrusted, func(c *Config) {
				c.Passthrough = []string{"closed.pinkit.test"}
				c.Upstreams["closed.pinkit.test"] = closed
				c.Upstreams["down.pinkit.test"] = closed
				c.Upstreams[testHost+":80"] = closed
			})
			saw := tc.run(t, r)
			if !strings.Contains(saw, tc.saw) {
				t.Errorf("client saw %q, want %q", saw, tc.saw)
			}
			if tc.kind == "" {
				return
			}
			ev := r.waitEvents(t, tc.kind, 1)
			if !strings.Contains(ev[0].Detail, tc.detail) {
				t.Errorf("%s event detail %q, want %q", tc.kind, ev[0].Detail, tc.detail)
			}
		})
	}
}

// rawExchange writes msg to addr and returns what comes back until the
// proxy closes or, with half, until the first read.
func rawExchange(t *testing.T, addr, msg string, half bool) string {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(3 * time.Second))
	if _, err := io.WriteString(c, msg); err != nil {
		t.Fatal(err)
	}
	if half {
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
	}
	b, _ := io.ReadAll(c)
	return string(b)
}

func tlsDial(addr string, cfg *tls.Config) (*tls.Conn, error) {
	d := &tls.Dialer{NetDialer: &net.Dialer{Timeout: 2 * time.Second}, Config: cfg}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return c.(*tls.Conn), nil
}

// closedAddr returns a loopback address nobody listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// hangUpAfterWrite closes the connection right after the ClientHello.
type hangUpAfterWrite struct{ net.Conn }

func (h *hangUpAfterWrite) Write(b []byte) (int, error) {
	n, err := h.Conn.Write(b)
	h.Conn.Close()
	return n, err
}

// TestConcurrentNoLeak runs 200 concurrent connections of every kind and
// checks that the proxy ends with no extra goroutines. It is not parallel:
// goroutine counts are process-wide.
func TestConcurrentNoLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	func() {
		r := newRig(t, AttackRotate, nil)
		trustingClient := r.httpClient(t, trusting, "explicit")
		pinningClient := r.httpClient(t, pinning, "transparent")
		var wg sync.WaitGroup
		errs := make(chan error, 200)
		for i := 0; i < 200; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				switch i % 4 {
				case 0:
					_, _ = get(trustingClient, "https://"+testHost+"/")
				case 1:
					if _, err := get(pinningClient, "https://"+testHost+"/"); err == nil {
						errs <- fmt.Errorf("pinning client got through")
					}
				case 2:
					rawExchange(t, r.transparent, "garbage\r\n", true)
				case 3:
					c, err := net.Dial("tcp", r.explicit)
					if err == nil {
						fmt.Fprintf(c, "CONNECT %s:443 HTTP/1.1\r\nHost: x\r\n\r\n", testHost)
						_, _ = http.ReadResponse(bufio.NewReader(c), nil)
						c.Close() // mid-handshake: before any ClientHello
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		hs := r.waitEvents(t, KindHandshake, 100)
		t.Logf("%d handshake events", len(hs))
		trustingClient.CloseIdleConnections()
		pinningClient.CloseIdleConnections()
		r.p.Close()
		r.upstream.Close()
	}()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("goroutines: %d before, %d after\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
}

// TestCloseInterruptsStalledClients: Close (Ctrl-C) returns at once even
// with clients stalled before their ClientHello, after their handshake,
// or in a passthrough tunnel, and leaves no goroutine behind.
func TestCloseInterruptsStalledClients(t *testing.T) {
	before := runtime.NumGoroutine()
	r := newRig(t, AttackTrusted, func(c *Config) {
		c.Passthrough = []string{"pass.pinkit.test"}
		c.Upstreams["pass.pinkit.test"] = c.Upstreams[testHost]
	})
	var conns []net.Conn
	dial := func(addr, msg string) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		_, _ = io.WriteString(c, msg)
	}
	for i := 0; i < 5; i++ {
		dial(r.transparent, "")                                                                                // never sends a ClientHello
		dial(r.explicit, "CONNECT "+testHost+":443 HTTP/1.1\r\nHost: x\r\n\r\n")                               // CONNECT, then nothing
		dial(r.explicit, "CONNECT pass.pinkit.test:443 HTTP/1.1\r\nHost: x\r\n\r\n")                           // open tunnel
		tc, err := tlsDial(r.transparent, &tls.Config{ServerName: testHost, RootCAs: pintest.Pool(r.ca.Cert)}) // handshake, no request
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, tc)
	}
	r.waitEvents(t, KindTunnel, 5)
	start := time.Now()
	r.p.Close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v with stalled clients", d)
	}
	for _, c := range conns {
		c.Close()
	}
	r.upstream.Close()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("goroutines: %d before, %d after\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
}
