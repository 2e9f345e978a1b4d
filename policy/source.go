package policy

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/certio"
)

// maxSourceSize bounds a cert: or key: file.
const maxSourceSize = 1 << 20

// readSource reads name from the policy's directory, bounded.
func (l *loader) readSource(name string) ([]byte, error) {
	clean := path.Clean(strings.ReplaceAll(name, "\\", "/"))
	if !fs.ValidPath(clean) || strings.HasPrefix(name, "/") {
		return nil, errOutside
	}
	f, err := l.dir.Open(clean)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSourceSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSourceSize {
		return nil, fmt.Errorf("larger than %d bytes", maxSourceSize)
	}
	return data, nil
}

// certPin computes the pin of the one certificate in p.Cert.
func (l *loader) certPin(p *Pin, path string) {
	data, err := l.readSource(p.Cert)
	if err != nil {
		l.errorf(p.Line, path, "failed to read %q: %v", p.Cert, err)
		return
	}
	certs, err := certio.Parse(data)
	if err != nil {
		l.errorf(p.Line, path, "%q: %v", p.Cert, err)
		return
	}
	if len(certs) != 1 {
		l.errorf(p.Line, path, "%q holds %d certificates: name a file with the one whose key is pinned", p.Cert, len(certs))
		return
	}
	kind := KindLeaf
	if certs[0].IsCA {
		kind = KindCA
	}
	if p.Kind != "" && p.Kind != kind {
		l.errorf(p.Line, path, "%q is a %s certificate but kind is %s", p.Cert, kind, p.Kind)
		return
	}
	p.Kind = kind
	p.Digest = pin.FromCertificate(certs[0])
	p.SPKI = p.Digest.String()
}

// keyPin computes the pin of the public key in p.Key: a PEM PUBLIC KEY
// block or DER SubjectPublicKeyInfo.
func (l *loader) keyPin(p *Pin, path string) {
	data, err := l.readSource(p.Key)
	if err != nil {
		l.errorf(p.Line, path, "failed to read %q: %v", p.Key, err)
		return
	}
	der, err := spkiDER(data)
	if err != nil {
		l.errorf(p.Line, path, "%q: %v", p.Key, err)
		return
	}
	p.Digest = pin.FromSPKI(der)
	p.SPKI = p.Digest.String()
}

// spkiDER returns the DER SubjectPublicKeyInfo in data.
func spkiDER(data []byte) ([]byte, error) {
	der := data
	if strings.Contains(string(data), "-----BEGIN") {
		block, _ := pem.Decode(data)
		switch {
		case block == nil:
			return nil, fmt.Errorf("malformed PEM block")
		case strings.Contains(block.Type, "PRIVATE KEY"):
			return nil, fmt.Errorf("is a private key: give the public key (openssl pkey -pubout)")
		case block.Type != "PUBLIC KEY":
			return nil, fmt.Errorf("PEM block %q, want PUBLIC KEY", block.Type)
		}
		der = block.Bytes
	}
	if _, err := x509.ParsePKIXPublicKey(der); err == nil {
		return der, nil
	}
	var spki struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if rest, err := asn1.Unmarshal(der, &spki); err != nil || len(rest) > 0 {
		return nil, fmt.Errorf("not a PEM PUBLIC KEY or DER SubjectPublicKeyInfo")
	}
	return der, nil
}

var errOutside = errors.New("path must be relative and stay inside the policy's directory")
