package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pinkit/pinkit/internal/certio"
	"github.com/pinkit/pinkit/internal/hostname"
)

// maxCertInput bounds what pinkit pin reads from one file or stdin; CA
// bundles are a few hundred KiB.
const maxCertInput = 8 << 20

// source is one command-line input resolved to a certificate chain.
type source struct {
	input string // as shown to the user: the argument, or "stdin" for "-"
	host  string // host name for live inputs, "" for files
	live  bool   // certs is a verified chain from a TLS handshake
	certs []*x509.Certificate
}

// inputError names the input in front of what is wrong with it.
func inputError(input string, err error) error {
	var h *hintError
	if errors.As(err, &h) {
		return &hintError{err: fmt.Errorf("%s: %w", input, h.err), hint: h.hint}
	}
	return fmt.Errorf("%s: %w", input, err)
}

// isHostArg reports whether arg names a host rather than a file: it is not
// an existing path and looks like host[:port] or an https:// URL.
func isHostArg(arg string) bool {
	if _, err := os.Stat(arg); err == nil {
		return false
	}
	if strings.HasPrefix(arg, "https://") {
		return true
	}
	host, _, explicitPort, err := splitHostPort(arg)
	if err != nil {
		return false
	}
	if !explicitPort {
		switch strings.ToLower(host[strings.LastIndexByte(host, '.')+1:]) {
		case "pem", "der", "crt", "cer", "cert", "p7b", "p7c", "txt", "key":
			return false // a missing certificate file, not a host
		}
	}
	return true
}

// splitHostPort parses host[:port] (port 443 by default), [v6]:port or a
// bare IPv6 address.
func splitHostPort(arg string) (host, port string, explicitPort bool, err error) {
	if u, uerr := url.Parse(arg); uerr == nil && u.Scheme == "https" && u.Host != "" {
		arg = u.Host
	}
	host, port = arg, "443"
	if h, p, serr := net.SplitHostPort(arg); serr == nil {
		host, port, explicitPort = h, p, true
		if n, perr := strconv.Atoi(p); perr != nil || n < 1 || n > 65535 {
			return "", "", false, fmt.Errorf("invalid port %q", p)
		}
	}
	if host, err = hostname.Normalize(host); err != nil {
		return "", "", false, err
	}
	return host, port, explicitPort, nil
}

// readInput reads a file or stdin ("-"), bounded by maxCertInput.
func readInput(stdin io.Reader, arg string) ([]byte, error) {
	var r io.Reader = stdin
	if arg != "-" {
		f, err := os.Open(arg)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return nil, pe.Err // the caller names the file
			}
			return nil, err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, errors.New("is a directory, want a certificate file")
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxCertInput+1))
	if err != nil {
		return nil, fmt.Errorf("failed to read: %w", err)
	}
	if len(data) > maxCertInput {
		return nil, fmt.Errorf("too large (more than %d MiB), not a certificate chain", maxCertInput>>20)
	}
	return data, nil
}

// tlsOptions configures live connections.
type tlsOptions struct {
	roots      *x509.CertPool // nil: system roots
	timeout    time.Duration
	serverName string
}

// rootPool returns the system roots plus the certificates of caFiles, or
// nil (system roots) when caFiles is empty.
func rootPool(stdin io.Reader, caFiles []string) (*x509.CertPool, error) {
	if len(caFiles) == 0 {
		return nil, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	for _, f := range caFiles {
		data, err := readInput(stdin, f)
		if err == nil {
			var certs []*x509.Certificate
			certs, err = certio.Parse(data)
			for _, c := range certs {
				pool.AddCert(c)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("--ca %s: %w", f, err)
		}
	}
	return pool, nil
}

// dialChain connects to arg with TLS and returns the chain that crypto/tls
// verified (VerifiedChains[0]), never the certificates the server sent.
func dialChain(ctx context.Context, arg string, o tlsOptions) (*source, error) {
	host, port, _, err := splitHostPort(arg)
	if err != nil {
		return nil, err
	}
	sn := o.serverName
	if sn == "" {
		sn = host
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	d := tls.Dialer{Config: &tls.Config{ServerName: sn, RootCAs: o.roots, MinVersion: tls.VersionTLS12}}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, describeDialError(err, o.timeout)
	}
	defer conn.Close()
	st := conn.(*tls.Conn).ConnectionState()
	if len(st.VerifiedChains) == 0 || len(st.VerifiedChains[0]) == 0 {
		return nil, errors.New("TLS handshake produced no verified chain")
	}
	return &source{input: arg, host: host, live: true, certs: st.VerifiedChains[0]}, nil
}

func describeDialError(err error, timeout time.Duration) error {
	var verr *tls.CertificateVerificationError
	var herr x509.HostnameError
	var op *net.OpError
	switch {
	case errors.As(err, &herr):
		return withHint(fmt.Errorf("TLS verification failed: %v", herr), "use --servername NAME to verify another name")
	case errors.As(err, &verr):
		return withHint(fmt.Errorf("TLS verification failed: %v", verr.Err), "pass --ca FILE if the server uses a private CA")
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Errorf("timed out after %v (use --timeout)", timeout)
	case errors.As(err, &op) && op.Op == "dial":
		return fmt.Errorf("failed to connect: %v", op.Err)
	default:
		return fmt.Errorf("TLS handshake failed: %v", err)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
