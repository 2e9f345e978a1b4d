package main

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"slices"
	"strings"
	"testing"
	"time"
)

// serveTLS starts a TLS server on 127.0.0.1 that sends served (leaf first)
// and completes handshakes until the test ends.
func serveTLS(t *testing.T, p *testPKI, served ...*x509.Certificate) string {
	t.Helper()
	cert := tls.Certificate{PrivateKey: p.leafKey, Leaf: served[0]}
	for _, c := range served {
		cert.Certificate = append(cert.Certificate, c.Raw)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(5 * time.Second))
				_ = c.(*tls.Conn).Handshake()
				_, _ = c.Read(make([]byte, 1)) // until the client closes
			}()
		}
	}()
	return ln.Addr().String()
}

func TestPinLiveHost(t *testing.T) {
	t.Parallel()
	p := newTestPKI(t)
	addr := serveTLS(t, p, p.leaf, p.inter)

	certs := pinJSON(t, "--ca", p.rootFile, addr)
	if got := pinsOf(certs); !slices.Equal(got, p.pins) {
		t.Fatalf("pins = %v, want leaf, intermediate, root %v", got, p.pins)
	}
	var roles []string
	for _, c := range certs {
		roles = append(roles, c.Role)
		if c.Input != addr {
			t.Errorf("input = %q, want %q", c.Input, addr)
		}
	}
	if want := []string{"leaf", "intermediate", "root"}; !slices.Equal(roles, want) {
		t.Errorf("roles = %v, want %v", roles, want)
	}

	// okhttp takes the host that was dialled.
	code, out, errs := runCLI(t, nil, "pin", "-f", "okhttp", "--role", "intermediate", "--ca", p.rootFile, addr)
	if code != exitOK || !strings.Contains(out, `.add("127.0.0.1", "`+p.pins[1]+`")`) {
		t.Errorf("okhttp: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// TestPinLiveVerifiedChainOnly: certificates the server merely appends are
// not printed (CVE-2016-2402 is about trusting the served list).
func TestPinLiveVerifiedChainOnly(t *testing.T) {
	t.Parallel()
	p, other := newTestPKI(t), newTestPKI(t)
	addr := serveTLS(t, p, p.leaf, p.inter, other.root, other.inter)
	got := pinsOf(pinJSON(t, "--ca", p.rootFile, addr))
	if !slices.Equal(got, p.pins) {
		t.Fatalf("pins = %v, want only the verified chain %v", got, p.pins)
	}
}

func TestPinLiveErrors(t *testing.T) {
	t.Parallel()
	p := newTestPKI(t)
	addr := serveTLS(t, p, p.leaf, p.inter)
	closed := closedPort(t)
	silent := silentServer(t)
	tests := []struct {
		name string
		args []string
		want string // the error line
		hint string // "" = no hint line
	}{
		{"untrusted", []string{addr}, "pinkit: error: " + addr + ": TLS verification failed: x509: certificate signed by unknown authority", "pass --ca FILE"},
		{"wrong name", []string{"--ca", p.rootFile, "--servername", "other.pinkit.test", addr}, "pinkit: error: " + addr + ": TLS verification failed: x509: certificate is valid for live.pinkit.test, not other.pinkit.test", "--servername"},
		{"refused", []string{closed}, "pinkit: error: " + closed + ": failed to connect: ", ""},
		{"timeout", []string{"--timeout", "300ms", silent}, "pinkit: error: " + silent + ": timed out after 300ms", ""},
		{"bad ca", []string{"--ca", "testdata/script", addr}, "pinkit: error: --ca testdata/script: is a directory", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := runCLI(t, nil, append([]string{"pin"}, tt.args...)...)
			if code != exitError || out != "" {
				t.Fatalf("exit %d, stdout %q, want 2 and nothing", code, out)
			}
			lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
			if !strings.HasPrefix(lines[0], tt.want) {
				t.Errorf("stderr %q, want prefix %q", lines[0], tt.want)
			}
			switch {
			case tt.hint == "" && len(lines) != 1:
				t.Errorf("want one line, got %q", errs)
			case tt.hint != "" && (len(lines) != 2 || !strings.HasPrefix(lines[1], "pinkit: hint: ") || !strings.Contains(lines[1], tt.hint)):
				t.Errorf("want a hint containing %q, got %q", tt.hint, errs)
			}
		})
	}
}

// closedPort returns 127.0.0.1:N where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// silentServer accepts TCP connections and never answers the handshake.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { <-done; c.Close() }()
		}
	}()
	return ln.Addr().String()
}
