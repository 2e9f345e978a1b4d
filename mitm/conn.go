package mitm

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
	"time"
)

// connInfo describes one client connection for logging and forwarding.
type connInfo struct {
	id     uint64
	mode   string // explicit or transparent
	client string
	host   string // SNI, else the CONNECT host
	port   string // upstream port
	attack Attack
}

func (ci *connInfo) event(kind string) Event {
	return Event{Kind: kind, Conn: ci.id, Mode: ci.mode, Client: ci.client, Host: ci.host, Port: ci.port, Attack: ci.attack}
}

// intercept runs the attack on a client connection that is about to send
// a ClientHello, records the outcome and, if the client accepted, hands
// the connection to the inner HTTP server that forwards its requests. It
// reports whether it did; otherwise the caller closes c.
func (p *Proxy) intercept(c net.Conn, ci *connInfo) (handedOff bool) {
	ci.id = p.nextID.Add(1)
	ci.client = c.RemoteAddr().String()
	_ = c.SetDeadline(time.Now().Add(p.cfg.HandshakeTimeout))
	if ci.mode == "transparent" && len(p.pass) > 0 {
		// Only SNI tells a passthrough host here, and its ClientHello
		// must reach the upstream untouched: read it first, then replay.
		sni, replay, err := peekClientHello(c)
		if err != nil {
			p.notTLS(c, replay, ci, err)
			return false
		}
		if h := normalizeHost(sni); p.pass[h] {
			ci.host = h
			p.tunnel(replay, ci, "passthrough")
			return false
		}
		c = replay
	}
	// A small buffer: after the first bytes, bufio hands the handshake's
	// large reads straight to the connection.
	br := bufio.NewReaderSize(c, 64)
	first, err := br.Peek(1)
	if err != nil {
		p.notTLS(c, nil, ci, err)
		return false
	}
	pc := &prefixConn{Conn: c, r: br}
	if first[0] != recordTypeHandshake {
		pc.head, _ = br.Peek(br.Buffered())
		p.notTLS(c, pc, ci, errors.New("the first record is not a TLS handshake"))
		return false
	}
	return p.attack(pc, ci)
}

// recordTypeHandshake starts every TLS ClientHello (RFC 8446 §5.1).
const recordTypeHandshake = 0x16

// errNoSNI aborts a handshake that names no host.
var errNoSNI = errors.New("mitm: no SNI")

// helloState is what the handshake's GetConfigForClient learned.
type helloState struct {
	seen     bool
	forgeErr error
}

// attack presents the forged certificate, chosen from the ClientHello's
// SNI (else the CONNECT host), and classifies the outcome.
func (p *Proxy) attack(c net.Conn, ci *connInfo) bool {
	sniff := &alertSniffer{Conn: c}
	var hs helloState
	tc := tls.Server(sniff, &tls.Config{
		GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
			hs.seen = true
			return p.forgedConfig(h, ci, &hs)
		},
	})
	err := tc.Handshake()
	if !hs.seen || hs.forgeErr != nil {
		e := ci.event(KindError)
		switch {
		case !hs.seen:
			e.Detail = "not a TLS ClientHello: " + closeReason(err)
		case errors.Is(hs.forgeErr, errNoSNI):
			e.Detail = "no SNI in the ClientHello: cannot tell which host to forge"
		default:
			e.Detail = hs.forgeErr.Error()
		}
		p.emit(e)
		return false
	}
	e := ci.event(KindHandshake)
	if err != nil {
		e.Outcome, e.Alert, e.Detail = classifyHandshake(err)
		if sniff.found != "" && e.Alert == "" {
			e.Outcome, e.Alert, e.Detail = OutcomeRejected, sniff.found, "alert sent in the clear"
		}
		p.emit(e)
		return false
	}
	sniff.off = true // only the handshake is of interest
	_ = tc.SetDeadline(time.Now().Add(p.cfg.HandshakeTimeout))
	br := bufio.NewReader(tc)
	if _, err := br.Peek(1); err != nil {
		e.Outcome, e.Alert, e.Detail = classifyAfterHandshake(err)
		p.emit(e)
		return false
	}
	_ = tc.SetDeadline(time.Time{})
	e.Outcome = OutcomeAccepted
	p.emit(e)
	return p.innerLn.push(&interceptedConn{Conn: tc, r: br, info: ci})
}

// forgedConfig picks the host and attack for a ClientHello and returns
// the server config with the forged certificate.
func (p *Proxy) forgedConfig(h *tls.ClientHelloInfo, ci *connInfo, hs *helloState) (*tls.Config, error) {
	if h.ServerName != "" {
		ci.host = normalizeHost(h.ServerName)
	}
	if ci.host == "" {
		hs.forgeErr = errNoSNI
		return nil, errNoSNI
	}
	ci.attack = p.attackFor(ci.host)
	cert, err := p.forger.certificate(ci.host, ci.attack)
	if err != nil {
		hs.forgeErr = err
		return nil, err
	}
	return &tls.Config{
		Certificates: []tls.Certificate{*cert},
		NextProtos:   []string{"http/1.1"}, // the inner server speaks HTTP/1.1
		// No resumption: every connection must see (and judge) its attack's
		// certificate; a resumed session would replay an earlier verdict.
		SessionTicketsDisabled: true,
	}, nil
}

// classifyAfterHandshake: the handshake completed but the first read
// failed. An alert or a clean close without a byte is a rejection (pin
// checks that run after the handshake end that way).
func classifyAfterHandshake(err error) (Outcome, string, string) {
	if alert, ok := remoteAlert(err); ok {
		return OutcomeRejected, alert, "alert after the handshake"
	}
	if errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) {
		return OutcomeRejected, "", "closed after the handshake without a request: a check after the handshake (pinning, hostname) failed"
	}
	return OutcomeClosed, "", "after the handshake: " + closeReason(err)
}

// notTLS handles a connection whose first bytes are not a ClientHello.
// An explicit CONNECT tunnel carries them on as cleartext; the
// transparent listener answers HTTP with 400 and drops anything else.
func (p *Proxy) notTLS(c net.Conn, replay net.Conn, ci *connInfo, err error) {
	if replay != nil && ci.mode == "explicit" {
		p.tunnel(replay, ci, "not TLS, tunnelled as cleartext")
		return
	}
	e := ci.event(KindError)
	e.Detail = "not a TLS ClientHello: " + closeReason(err)
	if pc, ok := replay.(*prefixConn); ok && looksLikeHTTP(pc.head) {
		e.Detail = "plain HTTP sent to the TLS listener"
		_, _ = io.WriteString(c, "HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nClient sent an HTTP request to pinkit's TLS listener.\n")
	}
	p.emit(e)
}

// looksLikeHTTP reports whether b starts like an HTTP/1 request line.
func looksLikeHTTP(b []byte) bool {
	for _, m := range []string{"GET ", "HEAD ", "POST ", "PUT ", "DELETE ", "OPTIONS ", "PATCH ", "CONNECT ", "TRACE "} {
		if bytes.HasPrefix(b, []byte(m)) {
			return true
		}
	}
	return false
}

// errPeeked stops the handshake once the ClientHello has been read.
var errPeeked = errors.New("mitm: ClientHello peeked")

// peekClientHello reads the ClientHello from c without answering it and
// returns the SNI and a connection that replays the bytes read. When the
// bytes are not a ClientHello the error says why, and replay (if non-nil)
// still replays them.
func peekClientHello(c net.Conn) (sni string, replay net.Conn, err error) {
	rc := &recordingConn{Conn: c}
	seen := false
	err = tls.Server(rc, &tls.Config{
		GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
			sni, seen = h.ServerName, true
			return nil, errPeeked
		},
	}).Handshake()
	head := rc.buf.Bytes()
	if len(head) > 0 {
		replay = &prefixConn{Conn: c, r: io.MultiReader(bytes.NewReader(head), c), head: head}
	}
	if seen {
		return sni, replay, nil
	}
	if err == nil {
		err = errors.New("handshake ended without a ClientHello")
	}
	return "", replay, err
}

// recordingConn keeps what it reads and discards what it would write, so
// that the peek handshake never answers the client.
type recordingConn struct {
	net.Conn
	buf bytes.Buffer
}

func (c *recordingConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.buf.Write(b[:n])
	return n, err
}

func (c *recordingConn) Write(b []byte) (int, error) { return len(b), nil }

// prefixConn reads from r (buffered bytes, then the connection) and
// writes to the connection.
type prefixConn struct {
	net.Conn
	r    io.Reader
	head []byte
}

func (c *prefixConn) Read(b []byte) (int, error) { return c.r.Read(b) }

// interceptedConn is an accepted TLS connection, with the bytes already
// peeked, on its way to the inner HTTP server.
type interceptedConn struct {
	net.Conn
	r    *bufio.Reader
	info *connInfo
}

func (c *interceptedConn) Read(b []byte) (int, error) { return c.r.Read(b) }

type connInfoKey struct{}

// connContext lets the inner server's handler find the connection's info.
func connContext(ctx context.Context, c net.Conn) context.Context {
	if ic, ok := c.(*interceptedConn); ok {
		return context.WithValue(ctx, connInfoKey{}, ic.info)
	}
	return ctx
}

// tunnel copies bytes between the client and the upstream untouched.
func (p *Proxy) tunnel(c net.Conn, ci *connInfo, why string) {
	addr := p.upstreamAddr(net.JoinHostPort(ci.host, ci.port))
	e := ci.event(KindTunnel)
	e.Detail = why
	up, err := p.dialTimeout(net.JoinHostPort(ci.host, ci.port))
	if err != nil {
		e.Detail = fmt.Sprintf("%s: failed to dial upstream %s: %v", why, addr, closeReason(err))
		p.emit(e)
		return
	}
	p.emit(e)
	if !p.track(up) {
		up.Close()
		return
	}
	defer p.untrack(up, true)
	_ = c.SetDeadline(time.Time{})
	splice(c, up)
}

// dialTimeout dials the upstream of a tunnel within HandshakeTimeout.
func (p *Proxy) dialTimeout(hostport string) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), p.cfg.HandshakeTimeout)
	defer cancel()
	return p.dialUpstream(ctx, hostport)
}

// splice copies both ways until one side ends, then closes both.
func splice(a, b net.Conn) {
	var once sync.Once
	stop := func() { once.Do(func() { a.Close(); b.Close() }) }
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(b, a)
		stop()
		close(done)
	}()
	_, _ = io.Copy(a, b)
	stop()
	<-done
}

// chanListener is a net.Listener fed by push: the inner HTTP server
// accepts the intercepted connections from it.
type chanListener struct {
	ch   chan net.Conn
	done chan struct{}
	once sync.Once
}

func newChanListener() *chanListener {
	return &chanListener{ch: make(chan net.Conn), done: make(chan struct{})}
}

func (l *chanListener) push(c net.Conn) bool {
	select {
	case l.ch <- c:
		return true
	case <-l.done:
		return false
	}
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ch:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *chanListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *chanListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }
