package collector

import (
	"net"
	"net/http"
	"sync"

	"golang.org/x/net/netutil"
)

// ConnLimiter caps the connections a collector holds open: in total
// (golang.org/x/net/netutil.LimitListener) and per client IP, so that one
// client's idle keep-alives cannot exhaust the file descriptors. When the
// total cap is reached, idle keep-alive connections are closed to make
// room for new clients. Install both halves:
//
//	cl := collector.NewConnLimiter(ln, 4096, 64)
//	srv := &http.Server{ConnState: cl.ConnState, …}
//	srv.Serve(cl)
type ConnLimiter struct {
	net.Listener
	max, perClient int
	mu             sync.Mutex
	open           int
	perIP          map[string]int
	idle           map[net.Conn]struct{}
}

// NewConnLimiter wraps ln: at most max connections open, at most
// perClient from one IP address (further ones are closed at once).
func NewConnLimiter(ln net.Listener, max, perClient int) *ConnLimiter {
	return &ConnLimiter{Listener: netutil.LimitListener(ln, max), max: max, perClient: perClient,
		perIP: map[string]int{}, idle: map[net.Conn]struct{}{}}
}

// Accept waits for a connection within the caps.
func (l *ConnLimiter) Accept() (net.Conn, error) {
	for {
		l.mu.Lock()
		full := l.open >= l.max
		l.mu.Unlock()
		if full {
			l.closeIdle()
		}
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip := remoteIP(c)
		l.mu.Lock()
		if l.perIP[ip] >= l.perClient {
			l.mu.Unlock()
			c.Close()
			continue
		}
		l.perIP[ip]++
		l.open++
		l.mu.Unlock()
		return &limitedConn{Conn: c, l: l, ip: ip}, nil
	}
}

// ConnState is the http.Server hook that tells the limiter which
// connections are idle keep-alives.
// A connection that turns idle while the limiter is full is closed: an
// Accept may be waiting for its slot.
func (l *ConnLimiter) ConnState(c net.Conn, s http.ConnState) {
	l.mu.Lock()
	if s != http.StateIdle {
		delete(l.idle, c)
		l.mu.Unlock()
		return
	}
	full := l.open >= l.max
	if !full {
		l.idle[c] = struct{}{}
	}
	l.mu.Unlock()
	if full {
		c.Close()
	}
}

// closeIdle closes every idle keep-alive connection; their clients
// reconnect when they have something to send.
func (l *ConnLimiter) closeIdle() {
	l.mu.Lock()
	conns := make([]net.Conn, 0, len(l.idle))
	for c := range l.idle {
		conns = append(conns, c)
	}
	clear(l.idle)
	l.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

func remoteIP(c net.Conn) string {
	host, _, err := net.SplitHostPort(c.RemoteAddr().String())
	if err != nil {
		return c.RemoteAddr().String()
	}
	return host
}

// limitedConn gives its slots back when closed.
type limitedConn struct {
	net.Conn
	l    *ConnLimiter
	ip   string
	once sync.Once
}

func (c *limitedConn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		c.l.open--
		if c.l.perIP[c.ip]--; c.l.perIP[c.ip] <= 0 {
			delete(c.l.perIP, c.ip)
		}
		delete(c.l.idle, c)
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}
