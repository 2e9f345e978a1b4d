package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

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

// parseCerts decodes PEM (any number of CERTIFICATE or PKCS7 blocks), DER
// (one or more concatenated certificates) or a DER PKCS #7 (.p7b) bundle.
func parseCerts(data []byte) ([]*x509.Certificate, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("empty, want a PEM or DER certificate")
	}
	if bytes.Contains(data, []byte("-----BEGIN")) {
		return parsePEM(data)
	}
	if certs, err := x509.ParseCertificates(data); err == nil && len(certs) > 0 {
		return certs, nil
	} else if certs, perr := parsePKCS7(data); perr == nil {
		return certs, nil
	} else if looksLikeText(data) {
		return nil, errors.New("not a certificate: no PEM block and not DER")
	} else {
		return nil, fmt.Errorf("not a certificate: not PEM, DER or PKCS #7 (%v)", err)
	}
}

func parsePEM(data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	var other []string
	rest, blocks := data, 0
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		blocks++
		switch b.Type {
		case "CERTIFICATE", "X509 CERTIFICATE":
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("PEM block %d: not a valid certificate: %v", blocks, err)
			}
			certs = append(certs, c)
		case "PKCS7":
			cs, err := parsePKCS7(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("PEM block %d: %v", blocks, err)
			}
			certs = append(certs, cs...)
		default:
			other = append(other, b.Type)
		}
	}
	// pem.Decode silently skips a malformed block, so compare with the
	// number of BEGIN lines.
	if begins := bytes.Count(data, []byte("-----BEGIN ")); begins != blocks {
		return nil, fmt.Errorf("truncated or malformed PEM: only %d of %d blocks are complete", blocks, begins)
	}
	if len(certs) == 0 {
		if len(other) > 0 {
			return nil, fmt.Errorf("no CERTIFICATE in PEM (found %s)", strings.Join(other, ", "))
		}
		return nil, errors.New("not a certificate: no PEM block and not DER")
	}
	return certs, nil
}

var oidSignedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}

// parsePKCS7 extracts the certificates of a PKCS #7 SignedData (RFC 2315;
// .p7b/.p7c bundles). Signatures are not checked: only the certificates
// are read.
func parsePKCS7(der []byte) ([]*x509.Certificate, error) {
	var ci struct {
		Type    asn1.ObjectIdentifier
		Content asn1.RawValue
	}
	if rest, err := asn1.Unmarshal(der, &ci); err != nil || len(rest) > 0 {
		return nil, errors.New("not a PKCS #7 structure")
	}
	if !ci.Type.Equal(oidSignedData) || ci.Content.Class != asn1.ClassContextSpecific || ci.Content.Tag != 0 {
		return nil, errors.New("PKCS #7 is not SignedData")
	}
	var sd asn1.RawValue
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return nil, fmt.Errorf("malformed PKCS #7 SignedData: %v", err)
	}
	for body := sd.Bytes; len(body) > 0; {
		var el asn1.RawValue
		var err error
		if body, err = asn1.Unmarshal(body, &el); err != nil {
			return nil, fmt.Errorf("malformed PKCS #7 SignedData: %v", err)
		}
		if el.Class == asn1.ClassContextSpecific && el.Tag == 0 {
			certs, err := x509.ParseCertificates(el.Bytes)
			if err != nil {
				return nil, fmt.Errorf("PKCS #7 certificate: %v", err)
			}
			if len(certs) > 0 {
				return certs, nil
			}
		}
	}
	return nil, errors.New("PKCS #7 holds no certificates")
}

func looksLikeText(data []byte) bool {
	for _, b := range data[:min(len(data), 512)] {
		if b < 0x09 || b > 0x7e && b < 0xa0 {
			return false
		}
	}
	return true
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
			certs, err = parseCerts(data)
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
