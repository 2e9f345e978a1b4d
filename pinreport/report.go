// Package pinreport sends pin validation failure reports for a
// [pin.Policy]. It defines the report's wire format, Report (the fields
// of RFC 7469 §3, of TrustKit's iOS and Android reports, and pinkit's own
// additions), which pinkit's collector decodes too, and a Reporter that
// turns the policy's failure events into reports and POSTs them from a
// bounded queue, deduplicated for 24 hours, without ever blocking a
// handshake.
//
//	r, err := pinreport.New("https://reports.example.net/v1/reports")
//	...
//	defer r.Close()
//	p, err := pin.NewPolicy(pin.Host(...), pin.OnEvent(r.Handle))
package pinreport

import (
	"crypto/x509"
	"encoding/pem"
	"time"

	pin "github.com/pinkit/pinkit"
)

// maxReportCerts bounds each chain of a report built by FromEvent.
const maxReportCerts = 16

// Report is a pin validation failure report as it travels: JSON keys are
// exactly those on the wire. RFC 7469 §3 reports fill the first block,
// TrustKit (iOS and Android) adds the second, pinkit's library the third.
// Certificates are PEM encoded, leaf first; pins are written
// `pin-sha256="<base64>"`.
type Report struct {
	DateTime                  string   `json:"date-time,omitempty"`
	Hostname                  string   `json:"hostname"`
	Port                      int      `json:"port"` // 0: unknown (TrustKit)
	EffectiveExpirationDate   string   `json:"effective-expiration-date,omitempty"`
	IncludeSubdomains         bool     `json:"include-subdomains"`
	NotedHostname             string   `json:"noted-hostname"`
	ServedCertificateChain    []string `json:"served-certificate-chain"`
	ValidatedCertificateChain []string `json:"validated-certificate-chain"`
	KnownPins                 []string `json:"known-pins"`

	// TrustKit. KnownPinsExpirationDate is "yyyy-MM-dd" (iOS; null when
	// the policy has none); ValidationResult is the ordinal of TrustKit's
	// result enum (1: no matching pin).
	AppBundleID             string `json:"app-bundle-id,omitempty"`
	AppVersion              string `json:"app-version,omitempty"`
	AppPlatform             string `json:"app-platform,omitempty"`
	AppPlatformVersion      string `json:"app-platform-version,omitempty"`
	AppVendorID             string `json:"app-vendor-id,omitempty"`
	TrustKitVersion         string `json:"trustkit-version,omitempty"`
	EnforcePinning          *bool  `json:"enforce-pinning,omitempty"`
	ValidationResult        int    `json:"validation-result,omitempty"`
	KnownPinsExpirationDate string `json:"known-pins-expiration-date,omitempty"`

	// pinkit: the application id, the policy hash and "enforce" or
	// "report-only".
	App        string `json:"app,omitempty"`
	PolicyHash string `json:"policy-hash,omitempty"`
	Mode       string `json:"mode,omitempty"`
}

// FromEvent builds the report of a pin failure event. It returns false for
// other kinds of events and for a failure on a name that is not a host name
// (no host to report). An unknown port is reported as 443 (the policy
// guards HTTPS); chains are cut at 16 certificates and only the first
// verified chain is sent.
func FromEvent(e pin.Event) (*Report, bool) {
	if e.Kind != pin.EventPinFailure || e.Host == "" {
		return nil, false // a name that is not a host name has nothing to report
	}
	var verified []*x509.Certificate
	if len(e.Verified) > 0 {
		verified = e.Verified[0]
	}
	r := &Report{
		DateTime:                  e.Time.UTC().Format(time.RFC3339),
		Hostname:                  e.Host,
		Port:                      e.Port,
		IncludeSubdomains:         e.IncludeSubdomains,
		NotedHostname:             e.NotedHostname,
		ServedCertificateChain:    pemChain(e.Served),
		ValidatedCertificateChain: pemChain(verified),
		KnownPins:                 make([]string, 0, len(e.KnownPins)),
		App:                       e.App,
		PolicyHash:                e.PolicyHash,
		Mode:                      e.Mode.String(),
	}
	if r.Port == 0 {
		r.Port = 443
	}
	if !e.Expires.IsZero() {
		r.EffectiveExpirationDate = e.Expires.UTC().Format(time.RFC3339)
	}
	for _, pn := range e.KnownPins {
		r.KnownPins = append(r.KnownPins, `pin-sha256="`+pn.Base64()+`"`)
	}
	return r, true
}

func pemChain(certs []*x509.Certificate) []string {
	certs = certs[:min(len(certs), maxReportCerts)]
	out := make([]string, 0, len(certs))
	for _, c := range certs {
		out = append(out, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})))
	}
	return out
}
