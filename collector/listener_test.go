package collector

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// serveLimited serves a trivial handler behind a ConnLimiter.
func serveLimited(t *testing.T, max, perClient int) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl := NewConnLimiter(ln, max, perClient)
	srv := &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") }),
		ConnState:         cl.ConnState,
		ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute,
	}
	go srv.Serve(cl)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// keepAlive opens a connection, makes one request on it and leaves it
// idle; it reports whether the request was answered.
func keepAlive(t *testing.T, addr string) (net.Conn, bool) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return c, false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return c, resp.StatusCode == 200
}

// TestConnLimiterPerClient: one client cannot hold more than perClient
// connections; the next one is closed at once.
func TestConnLimiterPerClient(t *testing.T) {
	t.Parallel()
	addr := serveLimited(t, 100, 3)
	for i := range 3 {
		if _, ok := keepAlive(t, addr); !ok {
			t.Fatalf("connection %d refused under the cap", i)
		}
	}
	if _, ok := keepAlive(t, addr); ok {
		t.Fatal("a fourth connection from the same client was served")
	}
}

// TestConnLimiterEvictsIdle: with the total cap held by idle keep-alives,
// a new client is still served (an idle one is closed for it).
func TestConnLimiterEvictsIdle(t *testing.T) {
	t.Parallel()
	addr := serveLimited(t, 4, 100)
	var idle []net.Conn
	for i := range 4 {
		c, ok := keepAlive(t, addr)
		if !ok {
			t.Fatalf("connection %d refused under the cap", i)
		}
		idle = append(idle, c)
	}
	done := make(chan bool, 1)
	go func() {
		_, ok := keepAlive(t, addr)
		done <- ok
	}()
	select {
	case ok := <-done:
		if !ok {
			t.Fatal("the new connection was not served")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the new connection waited for idle keep-alives to time out")
	}
	closed := 0
	for _, c := range idle {
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		if _, err := c.Read(make([]byte, 1)); err == io.EOF {
			closed++
		}
	}
	if closed == 0 {
		t.Error("no idle connection was closed")
	}
}
