package audit

// CodeCheck is one pinning-related pattern found in code.
type CodeCheck struct {
	// Kind names the pattern, e.g. "alamofire-pinned-certificates",
	// "afnetworking-allow-invalid-certificates",
	// "challenge-handler-without-evaluation".
	Kind string `json:"kind"`
	// Detail is the matched text or a short explanation.
	Detail   string   `json:"detail,omitempty"`
	Location Location `json:"location"`
}

// BundledCert is a certificate file shipped inside the app.
type BundledCert struct {
	File    string `json:"file"`
	Subject string `json:"subject"`
	Pin     string `json:"pin"` // sha256/…
	IsCA    bool   `json:"is_ca"`
	// NotAfter is the certificate's expiry (RFC 3339, UTC).
	NotAfter string `json:"not_after"`
}
