package collector

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Format names the wire format a report arrived in.
type Format string

// The report formats Decode recognises.
const (
	FormatRFC7469         Format = "rfc7469"
	FormatTrustKitIOS     Format = "trustkit-ios"
	FormatTrustKitAndroid Format = "trustkit-android"
	FormatPinkit          Format = "pinkit"
)

// Report is a pin validation failure report normalised from any of the
// accepted formats. Chains are PEM certificates, leaf first.
type Report struct {
	ID                int64    `json:"id"`
	Format            Format   `json:"format"`
	Host              string   `json:"host"`
	Port              int      `json:"port"`
	AppID             string   `json:"app_id,omitempty"`
	AppVersion        string   `json:"app_version,omitempty"`
	Platform          string   `json:"platform,omitempty"`
	PlatformVersion   string   `json:"platform_version,omitempty"`
	NotedHost         string   `json:"noted_host,omitempty"`
	IncludeSubdomains bool     `json:"include_subdomains"`
	Mode              string   `json:"mode,omitempty"` // "enforce", "report-only" or "" (unknown)
	PolicyHash        string   `json:"policy_hash,omitempty"`
	ValidationResult  int      `json:"validation_result,omitempty"`
	ServedChain       []string `json:"served_chain"`
	ValidatedChain    []string `json:"validated_chain"`
	KnownPins         []string `json:"known_pins"`
	ServedIssuer      string   `json:"served_issuer,omitempty"`
	// Expires is the pins' expiry the client sent (RFC 3339, UTC), if any.
	Expires string `json:"expires,omitempty"`
	// Extra holds the fields Decode did not know, as a JSON object (at
	// most MaxExtraBytes), or nil.
	Extra json.RawMessage `json:"extra,omitempty"`
	// Verdict is what the failure most likely was, VerdictReason says why
	// in one sentence, Roots names the root store the served chain was
	// validated against, and IssuerKey is the SPKI pin of the public CA
	// that issued the leaf (when the chain validated).
	Verdict       Verdict `json:"verdict"`
	VerdictReason string  `json:"verdict_reason,omitempty"`
	Roots         string  `json:"roots,omitempty"`
	IssuerKey     string  `json:"issuer_key,omitempty"`
	// learned: the verdict added a host × CA pair to the history, which
	// the store persists with the report.
	learned   bool
	Date      time.Time `json:"date"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	Count     int64     `json:"count"`
}

// DedupKey is the identity of a report for deduplication: every
// normalised field except the dates and counters, hashed.
func (r *Report) DedupKey() string {
	fields := [...]string{
		string(r.Format), r.Host, strconv.Itoa(r.Port), r.AppID, r.AppVersion, r.Platform,
		r.PlatformVersion, r.NotedHost, boolStr(r.IncludeSubdomains), r.Mode,
		r.PolicyHash, strconv.Itoa(r.ValidationResult),
	}
	lists := [...][]string{r.ServedChain, r.ValidatedChain, r.KnownPins}
	n := len(fields) + len(lists)
	for _, s := range fields {
		n += len(s)
	}
	for _, list := range lists {
		for _, s := range list {
			n += len(s) + 1
		}
	}
	// One buffer hashed at once (hash.Hash has no WriteString, so writing
	// each string would copy it anyway). The byte layout must not change:
	// stored rows carry these keys.
	b := make([]byte, 0, n)
	for _, s := range fields {
		b = append(b, s...)
		b = append(b, 0)
	}
	for _, list := range lists {
		for _, s := range list {
			b = append(b, s...)
			b = append(b, 1)
		}
		b = append(b, 2)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// servedIssuer names the CA behind the top of the served chain (or the
// validated chain when no served chain was sent): the issuer's CN and O
// of the last certificate. For an intercepted connection this is the
// interceptor's CA, so it fingerprints who is in the middle.
func servedIssuer(served, validated []string, cache *issuerCache) string {
	chain := served
	if len(chain) == 0 {
		chain = validated
	}
	for i := len(chain) - 1; i >= 0; i-- {
		if name, ok := cache.get(chain[i]); ok {
			return name
		}
		block, _ := pem.Decode([]byte(chain[i]))
		if block == nil || block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			continue
		}
		name := issuerName(c)
		cache.put(chain[i], name)
		return name
	}
	return ""
}

// issuerCache remembers the issuer names of recently seen top-of-chain
// certificates: the same few interception CAs repeat across reports, and
// parsing a certificate is the costliest step of Decode. A nil cache
// caches nothing.
type issuerCache struct {
	mu sync.Mutex
	m  map[string]string
}

const maxIssuerCache = 1024

func newIssuerCache() *issuerCache { return &issuerCache{m: map[string]string{}} }

func (c *issuerCache) get(pemCert string) (string, bool) {
	if c == nil {
		return "", false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	name, ok := c.m[pemCert]
	return name, ok
}

func (c *issuerCache) put(pemCert, name string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxIssuerCache {
		clear(c.m)
	}
	c.m[pemCert] = name
}

func issuerName(c *x509.Certificate) string {
	var parts []string
	if c.Issuer.CommonName != "" {
		parts = append(parts, "CN="+c.Issuer.CommonName)
	}
	if len(c.Issuer.Organization) > 0 {
		parts = append(parts, "O="+strings.Join(c.Issuer.Organization, "+"))
	}
	if len(parts) == 0 {
		return c.Issuer.String()
	}
	return strings.Join(parts, ", ")
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
