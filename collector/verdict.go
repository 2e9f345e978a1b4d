package collector

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Verdict says what a pin failure most likely was.
type Verdict string

// The verdicts, from the most to the least alarming.
const (
	// VerdictInterception: the served chain does not validate against the
	// public roots, or validates to a CA that never issued for this host
	// before.
	VerdictInterception Verdict = "interception"
	// VerdictRotation: the served chain validates publicly, from a CA known
	// for this host, but none of its keys is pinned: the pins are stale.
	VerdictRotation Verdict = "rotation"
	// VerdictMisconfiguration: the served chain is incomplete, expired or
	// names another host.
	VerdictMisconfiguration Verdict = "misconfiguration"
	// VerdictUnknown: not decidable (no chain, no pins, or a pinned key was
	// served).
	VerdictUnknown Verdict = "unknown"
)

// Verdicts lists the verdicts in display order.
var Verdicts = []Verdict{VerdictInterception, VerdictRotation, VerdictMisconfiguration, VerdictUnknown}

// chainStatus is what validating a served chain against the public roots
// found.
type chainStatus int

const (
	chainNone       chainStatus = iota // no parsable certificate
	chainValid                         // validates publicly for the host
	chainUntrusted                     // leads to a CA the roots do not hold
	chainIncomplete                    // a public chain with an intermediate missing
	chainExpired                       // a certificate expired or not yet valid
)

// chainInfo is the verdict-relevant digest of one served chain, cached.
type chainInfo struct {
	status chainStatus
	keys   map[string]bool // SPKI pins (base64 of SHA-256) of every certificate seen
	caKey  string          // pin of the CA that issued the leaf (validated chains)
	caName string
	detail string
	leaf   *x509.Certificate
}

// Caps of the verdict caches; a full map is cleared (memory stays bounded).
const (
	maxChainCache = 4096
	maxHistory    = 100_000
)

// Verifier gives reports their verdict. It validates served chains
// against a root pool, caches the result per distinct chain, and keeps
// the per-host history of issuing CAs. It is safe for concurrent use.
type Verifier struct {
	roots     *x509.CertPool
	rootsName string
	mu        sync.Mutex
	cache     map[[32]byte]*chainInfo
	hist      map[string]map[string]bool // host → CA pins seen issuing for it
	nhist     int
}

// NewVerifier returns a Verifier using roots, recorded in each row as
// rootsName (e.g. "system" or "file:/etc/pinkit/roots.pem").
func NewVerifier(roots *x509.CertPool, rootsName string) *Verifier {
	return &Verifier{roots: roots, rootsName: rootsName, cache: map[[32]byte]*chainInfo{}, hist: map[string]map[string]bool{}}
}

// LoadRoots returns the root pool named by path: the system's when path
// is "" (with the name "system"), else the PEM certificates in path.
func LoadRoots(path string) (*x509.CertPool, string, error) {
	if path == "" {
		p, err := x509.SystemCertPool()
		if err != nil {
			return nil, "", fmt.Errorf("failed to load system roots: %w", err)
		}
		// Without roots every chain would look like interception: refuse.
		//lint:ignore SA1019 the pool was loaded from files here, so Subjects lists them
		if runtime.GOOS == "linux" && len(p.Subjects()) == 0 {
			return nil, "", errors.New("failed to load system roots: none found (install ca-certificates or pass --roots)")
		}
		return p, "system", nil
	}
	b, err := readFileLimited(path, 16<<20)
	if err != nil {
		return nil, "", fmt.Errorf("failed to read roots: %w", err)
	}
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM(b) {
		return nil, "", fmt.Errorf("failed to read roots: no PEM certificate in %s", path)
	}
	return p, "file:" + path, nil
}

// Learn records that ca (a CA pin) issued a publicly valid chain for host.
func (v *Verifier) Learn(host, ca string) {
	if ca == "" {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.learnLocked(host, ca)
}

func (v *Verifier) learnLocked(host, ca string) {
	if v.nhist >= maxHistory {
		clear(v.hist)
		v.nhist = 0
	}
	m := v.hist[host]
	if m == nil {
		m = map[string]bool{}
		v.hist[host] = m
	}
	if !m[ca] {
		m[ca] = true
		v.nhist++
	}
}

// Judge sets r.Verdict, r.VerdictReason, r.Roots and r.IssuerKey. It
// reports whether the report taught the history a new host × CA pair.
func (v *Verifier) Judge(r *Report) (learned bool) {
	learned = v.judge(r)
	r.VerdictReason = noControl(r.VerdictReason) // names come from certificates
	return learned
}

func (v *Verifier) judge(r *Report) (learned bool) {
	r.Roots = v.rootsName
	info := v.chain(r)
	r.IssuerKey = info.caKey
	switch info.status {
	case chainNone:
		r.Verdict, r.VerdictReason = VerdictUnknown, "The report carries no parsable served chain, so nothing can be said about who served it."
		return false
	case chainIncomplete, chainExpired:
		r.Verdict, r.VerdictReason = VerdictMisconfiguration, info.detail
		return false
	case chainUntrusted:
		r.Verdict, r.VerdictReason = VerdictInterception, info.detail
		return false
	}
	if info.leaf.VerifyHostname(r.Host) != nil {
		r.Verdict = VerdictMisconfiguration
		r.VerdictReason = fmt.Sprintf("The served certificate (%s) validates publicly but does not name this host: the server is configured with the wrong certificate.", subjectName(info.leaf))
		return false
	}
	pins := pinSet(r.KnownPins)
	if len(pins) == 0 {
		r.Verdict, r.VerdictReason = VerdictUnknown, "The chain validates publicly, but the report names no known pins to compare it with."
		return false
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	seen := v.hist[r.Host]
	for k := range info.keys {
		if pins[k] {
			// A pinned key vouches for the CA: remember it for the host.
			r.Verdict, r.VerdictReason = VerdictUnknown, "The chain validates publicly and carries a pinned key, so the failure lies with the client (its trust store, clock or pin set)."
			learned = !seen[info.caKey]
			v.learnLocked(r.Host, info.caKey)
			return learned
		}
	}
	if len(seen) > 0 && !seen[info.caKey] {
		r.Verdict = VerdictInterception
		r.VerdictReason = fmt.Sprintf("The chain validates publicly, but through %s, a CA that never issued for this host before: mis-issuance or an interceptor trusted as public.", info.caName)
		return false
	}
	r.Verdict = VerdictRotation
	r.VerdictReason = fmt.Sprintf("The chain validates publicly through %s, a CA known for this host, but none of its keys is pinned: the pins are stale after a key or certificate rotation.", info.caName)
	if len(seen) == 0 {
		r.VerdictReason = fmt.Sprintf("The chain validates publicly through %s (the first CA seen for this host) but none of its keys is pinned: the pins are stale after a key or certificate rotation.", info.caName)
	}
	learned = !seen[info.caKey]
	v.learnLocked(r.Host, info.caKey)
	return learned
}

// chain returns the cached digest of r's served chain: the key is the
// chains and the report's day, not the host, so that one chain seen for
// many hosts is validated once.
func (v *Verifier) chain(r *Report) *chainInfo {
	key := chainKey(r)
	v.mu.Lock()
	info, ok := v.cache[key]
	v.mu.Unlock()
	if ok {
		return info
	}
	info = analyseChain(r.ServedChain, r.ValidatedChain, r.Date, v.roots)
	v.mu.Lock()
	if len(v.cache) >= maxChainCache {
		clear(v.cache)
	}
	v.cache[key] = info
	v.mu.Unlock()
	return info
}

// keyBufs holds the buffers chainKey hashes, so that a cached verdict
// allocates nothing.
var keyBufs = sync.Pool{New: func() any { return new([]byte) }}

// chainKey is the verdict cache's key of r: its day and its chains.
func chainKey(r *Report) [32]byte {
	bp := keyBufs.Get().(*[]byte)
	b := append(r.Date.UTC().AppendFormat((*bp)[:0], time.DateOnly), 0)
	for _, c := range r.ServedChain {
		b = append(append(b, c...), 0)
	}
	b = append(b, 1)
	for _, c := range r.ValidatedChain {
		b = append(append(b, c...), 0)
	}
	key := sha256.Sum256(b)
	if cap(b) <= 64<<10 { // do not pin a huge report's buffer
		*bp = b
		keyBufs.Put(bp)
	}
	return key
}

// analyseChain validates served (leaf first) at time at, for any host
// name (Judge checks the name). The client's validated chain only lends
// intermediates, to tell an incomplete public chain from an untrusted one.
func analyseChain(served, validated []string, at time.Time, roots *x509.CertPool) *chainInfo {
	info := &chainInfo{keys: map[string]bool{}}
	certs := parsePEMs(served, info.keys)
	if len(certs) == 0 {
		info.status = chainNone
		return info
	}
	extra := parsePEMs(validated, info.keys)
	leaf := certs[0]
	info.leaf = leaf
	opts := x509.VerifyOptions{Roots: roots, Intermediates: x509.NewCertPool(), CurrentTime: at}
	for _, c := range certs[1:] {
		opts.Intermediates.AddCert(c)
	}
	chains, err := leaf.Verify(opts)
	if err == nil {
		info.status = chainValid
		info.setCA(chains[0])
		return info
	}
	info.status, info.detail = classify(leaf, certs, extra, opts, err)
	return info
}

// classify turns a failed validation into a chain status and its sentence.
func classify(leaf *x509.Certificate, certs, extra []*x509.Certificate, opts x509.VerifyOptions, err error) (chainStatus, string) {
	var inv x509.CertificateInvalidError
	if errors.As(err, &inv) && inv.Reason == x509.Expired {
		// Out of date on the report's date: had it been in date, would it
		// have validated? An expired interception chain stays interception.
		in := opts
		in.CurrentTime = inv.Cert.NotAfter.Add(-time.Second)
		if at := opts.CurrentTime; at.Before(inv.Cert.NotBefore) {
			in.CurrentTime = inv.Cert.NotBefore.Add(time.Second)
		}
		if _, err = leaf.Verify(in); err == nil {
			return chainExpired, fmt.Sprintf("The served chain was expired or not yet valid on the report's date (%s): the server's certificate needs renewing, or the client's clock is wrong.", subjectName(inv.Cert))
		}
		opts = in
	}
	if len(extra) > 0 {
		for _, c := range extra {
			opts.Intermediates.AddCert(c)
		}
		if _, err := leaf.Verify(opts); err == nil {
			return chainIncomplete, "The served chain lacks an intermediate certificate that the client found elsewhere: the server must send its full chain."
		}
	}
	top := certs[len(certs)-1]
	if len(top.IssuingCertificateURL) > 0 && !selfSigned(top) {
		return chainIncomplete, fmt.Sprintf("The served chain stops at %s, whose issuer (%s) was not sent: the server must send its full chain.", subjectName(top), issuerName(top))
	}
	return chainUntrusted, fmt.Sprintf("The served chain leads to %s, which the public roots do not hold: an interception CA (proxy, malware or a private CA) signed it.", issuerName(top))
}

// setCA records the CA that issued the leaf in a validated chain.
func (info *chainInfo) setCA(chain []*x509.Certificate) {
	for _, c := range chain {
		info.keys[spkiPin(c)] = true
	}
	ca := chain[len(chain)-1]
	if len(chain) > 1 {
		ca = chain[1]
	}
	info.caKey, info.caName = spkiPin(ca), subjectName(ca)
}

// parsePEMs parses the certificates of chain, skipping malformed ones,
// and adds their pins to keys.
func parsePEMs(chain []string, keys map[string]bool) []*x509.Certificate {
	var out []*x509.Certificate
	for _, s := range chain {
		block, _ := pem.Decode([]byte(s))
		if block == nil || block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			continue
		}
		keys[spkiPin(c)] = true
		out = append(out, c)
	}
	return out
}

func spkiPin(c *x509.Certificate) string {
	sum := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func selfSigned(c *x509.Certificate) bool {
	return c.CheckSignatureFrom(c) == nil
}

func subjectName(c *x509.Certificate) string {
	if c == nil {
		return "a certificate"
	}
	if c.Subject.CommonName != "" {
		return fmt.Sprintf("%q", c.Subject.CommonName)
	}
	return fmt.Sprintf("%q", c.Subject.String())
}

// pinSet extracts the base64 SHA-256 pins from known-pins entries in any
// spelling: pin-sha256="…", sha256/…, or bare base64.
func pinSet(pins []string) map[string]bool {
	out := map[string]bool{}
	for _, p := range pins {
		for i := 0; i+44 <= len(p); i++ {
			s := p[i : i+44]
			if s[43] != '=' || (i > 0 && isB64(p[i-1])) {
				continue
			}
			if b, err := base64.StdEncoding.DecodeString(s); err == nil && len(b) == 32 {
				out[s] = true
				break
			}
		}
	}
	return out
}

// noControl replaces control characters (from certificate names) with
// U+FFFD so that a reason never carries terminal or layout escapes.
func noControl(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return '\uFFFD'
		}
		return r
	}, s)
}

func isB64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}
