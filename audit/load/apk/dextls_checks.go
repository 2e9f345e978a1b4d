package apk

import (
	"strings"

	"github.com/pinkit/pinkit/audit/hosttable"
)

// verifier flags HostnameVerifier.verify when every return returns the
// constant true, directly or through a static lambda body (D8 desugars a
// Kotlin or Java lambda into a synthetic class whose verify calls a static
// method of the enclosing class).
func (a *tlsAnalysis) verifier(c dexClass, idx uint32) {
	if a.returnsTrue(idx, 0) {
		a.add(hosttable.CheckVerifierReturnsTrue, c.name, "verify",
			"HostnameVerifier.verify returns true for every host: a certificate for any host name is accepted")
	}
}

func (a *tlsAnalysis) returnsTrue(idx uint32, depth int) bool {
	f, _, ok := a.facts(idx)
	if !ok || len(f.returns) == 0 {
		return false
	}
	for i, v := range f.returns {
		if f.branches {
			// Flow-insensitive: every write of the returned register must be true.
			for _, w := range f.writes[f.retRegs[i]] {
				if !(w.kind == valConst && w.n == 1) {
					return false
				}
			}
		}
		switch {
		case v.kind == valConst && v.n == 1:
		case v.kind == valResult && depth < 2 && v.static && a.returnsTrue(v.callee, depth+1):
		default:
			return false
		}
	}
	return true
}

// sslError flags onReceivedSslError when it calls SslErrorHandler.proceed
// and consults nothing but the error's type: no certificate, no URL, no
// other code that could decide.
func (a *tlsAnalysis) sslError(c dexClass, idx uint32) {
	f, _, ok := a.facts(idx)
	if !ok {
		return
	}
	proceeds, typed := false, false
	for _, iv := range f.invokes {
		m := a.f.method(iv.method)
		switch {
		case m.class == "Landroid/webkit/SslErrorHandler;":
			proceeds = proceeds || m.name == "proceed"
		case m.class == "Landroid/net/http/SslError;" && (m.name == "getPrimaryError" || m.name == "hasError"):
			typed = true
		case m.name == "onReceivedSslError", inert(m):
		default:
			return // the decision may rest on the certificate or other code
		}
	}
	if !proceeds {
		return
	}
	detail := "onReceivedSslError calls SslErrorHandler.proceed() unconditionally: the WebView loads pages over any certificate"
	if f.branches && typed {
		detail = "onReceivedSslError calls SslErrorHandler.proceed() depending only on the error type (getPrimaryError): " +
			"the WebView loads pages over untrusted certificates"
	} else if f.branches {
		detail = "onReceivedSslError calls SslErrorHandler.proceed() with no condition on the certificate: " +
			"the WebView loads pages over untrusted certificates"
	}
	a.add(hosttable.CheckWebViewProceed, c.name, "onReceivedSslError", detail)
}

// socketUse reports whether method idx creates an SSL socket and whether
// it verifies host names.
func (a *tlsAnalysis) socketUse(idx uint32) (creates, verifies bool) {
	if !a.sslSockets {
		return false, false
	}
	f, _, ok := a.facts(idx)
	if !ok {
		return false, false
	}
	for _, iv := range f.invokes {
		m := a.f.method(iv.method)
		switch {
		case m.name == "createSocket" && (m.class == "Ljavax/net/ssl/SSLSocketFactory;" || m.class == "Landroid/net/SSLCertificateSocketFactory;"):
			creates = true
		case m.name == "verify" && strings.HasSuffix(m.class, "HostnameVerifier;"),
			m.name == "getDefaultHostnameVerifier",
			m.name == "setEndpointIdentificationAlgorithm",
			m.name == "setHostname" && m.class == "Landroid/net/SSLCertificateSocketFactory;":
			verifies = true
		}
	}
	return creates, verifies
}

// pinFacts are the certificate-hashing features of a checkServerTrusted
// and the methods of this DEX it calls (two levels deep).
type pinFacts struct {
	hashes, spki, certEncoded, verified, delegates, rootOnly bool
}

func (a *tlsAnalysis) gatherPin(idx uint32, depth int, p *pinFacts, seen map[uint32]bool) {
	if seen[idx] || len(seen) > 16 {
		return
	}
	seen[idx] = true
	f, _, ok := a.facts(idx)
	if !ok {
		return
	}
	p.rootOnly = p.rootOnly || f.lastElem && !f.backJump
	for _, iv := range f.invokes {
		m := a.f.method(iv.method)
		switch {
		case m.class == "Ljava/security/MessageDigest;" && (m.name == "digest" || m.name == "update"),
			m.class == "Lokio/ByteString;" && (m.name == "sha256" || m.name == "sha1"):
			p.hashes = true
		case m.name == "getPublicKey":
			p.spki = true
		case m.name == "getEncoded" && (m.class == "Ljava/security/cert/Certificate;" || m.class == "Ljava/security/cert/X509Certificate;"):
			p.certEncoded = true
		case m.name == "checkServerTrusted" && strings.HasPrefix(m.shorty, "L"),
			m.class == "Landroid/net/http/X509TrustManagerExtensions;" && m.name == "checkServerTrusted":
			p.verified = true
		case m.name == "checkServerTrusted":
			p.delegates = true
		}
		if depth < 2 {
			a.gatherPin(iv.method, depth+1, p, seen)
		}
	}
}

// pinningManager recognises a trust manager that compares certificate
// hashes with constants and judges how it does it.
func (a *tlsAnalysis) pinningManager(c dexClass, idx uint32, ref methodRef) {
	var p pinFacts
	a.gatherPin(idx, 0, &p, map[uint32]bool{})
	if !p.hashes || !p.spki && !p.certEncoded {
		return
	}
	a.pinning[c.name] = true
	var flaws []string
	if p.certEncoded && !p.spki {
		flaws = append(flaws, "hashes the whole certificate instead of its SubjectPublicKeyInfo (the pin breaks on every renewal)")
	}
	if p.rootOnly {
		flaws = append(flaws, "compares only the last (root) certificate of the chain")
	}
	switch {
	case p.verified:
	case p.delegates:
		flaws = append(flaws, "compares the served chain (the chain argument) after delegating to the platform trust manager, "+
			"not the chain it verified: a valid leaf plus the pinned certificate appended passes (CVE-2016-2402); "+
			"use X509TrustManagerExtensions.checkServerTrusted's result")
	default:
		flaws = append(flaws, "never validates the chain with a platform trust manager: only hashes of the served chain are compared")
	}
	if len(flaws) == 0 {
		a.add(hosttable.CheckTrustManagerPinning, c.name, ref.name,
			"custom X509TrustManager pins: it verifies the chain with X509TrustManagerExtensions and compares SPKI hashes of the verified chain")
		return
	}
	a.add(hosttable.CheckTrustManagerPinFlawed, c.name, ref.name, "custom X509TrustManager pins but "+strings.Join(flaws, "; "))
}
