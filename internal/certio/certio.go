// Package certio reads X.509 certificates in the encodings people and
// apps store them in: PEM, DER and PKCS #7 (.p7b/.p7c) bundles. It is the
// one certificate reader of pinkit: `pinkit pin` uses it for files and
// stdin, and the IPA loader for the certificates an app bundles.
//
// [Parse] is linear in its input; callers bound the input size.
package certio

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
)

// Parse decodes PEM (any number of CERTIFICATE, X509 CERTIFICATE or PKCS7
// blocks; other blocks such as keys are skipped), DER (one or more
// concatenated certificates) or a DER PKCS #7 SignedData (.p7b) bundle. It
// returns at least one certificate or an error; a truncated or malformed
// PEM block is an error, never silently dropped. Errors are one line.
func Parse(data []byte) ([]*x509.Certificate, error) {
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
