package ipa

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"time"

	"github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/audit"
)

// maxPEMBlocks bounds the certificates taken from one PEM file.
const maxPEMBlocks = 64

// addCerts adds the certificates of a .cer/.der/.pem/.crt file (DER or
// PEM) with their pins; a file that holds no certificate is a load problem.
func addCerts(app *audit.App, name string, data []byte) {
	certs, err := parseCerts(data)
	if err != nil {
		addProblem(app, name, err.Error())
		return
	}
	for _, c := range certs {
		if len(app.BundledCerts) >= maxCerts {
			return
		}
		app.BundledCerts = append(app.BundledCerts, audit.BundledCert{
			File:     name,
			Subject:  c.Subject.String(),
			Pin:      pin.FromCertificate(c).String(),
			IsCA:     c.IsCA,
			NotAfter: c.NotAfter.UTC().Format(time.RFC3339),
		})
	}
}

// parseCerts decodes DER, or every CERTIFICATE block of PEM.
func parseCerts(data []byte) ([]*x509.Certificate, error) {
	if !bytes.Contains(data, []byte("-----BEGIN")) {
		c, err := x509.ParseCertificate(data)
		if err != nil {
			return nil, fmt.Errorf("not a DER or PEM certificate: %w", err)
		}
		return []*x509.Certificate{c}, nil
	}
	var out []*x509.Certificate
	rest := data
	for range maxPEMBlocks {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("bad PEM certificate: %w", err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("PEM file holds no CERTIFICATE block")
	}
	return out, nil
}
