package ipa

import (
	"time"

	"github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/internal/certio"
)

// addCerts adds the certificates of a .cer/.der/.pem/.crt file (DER, PEM
// or PKCS #7, read by internal/certio) with their pins, up to maxCerts per
// app; a file that holds no certificate is a load problem.
func addCerts(app *audit.App, name string, data []byte) {
	certs, err := certio.Parse(data)
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
