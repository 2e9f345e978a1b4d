package apk

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// tlsAnalysis decides, from one DEX's bytecode, how the app's own TLS
// callbacks behave (MASTG-TEST-0282/0283/0284/0234): trust managers that
// accept everything or pin, host name verifiers that return true, SSL
// sockets never checked against the host name, and WebView clients that
// proceed on certificate errors.
type tlsAnalysis struct {
	f       *dexFile
	file    string
	code    map[uint32]uint32 // method index -> code_item offset, methods defined here
	budget  int               // code units left to analyse (bounded by the file size)
	checks  []audit.CodeCheck
	pinning map[string]bool // classes that compare certificate hashes
	// sslSockets is set when the DEX references SSLSocketFactory.createSocket.
	sslSockets bool
	// issuers memoises issuersDetail for class issuersOf.
	issuers   *string
	issuersOf string
}

// analyzeTLS runs the analysis over d, the DEX file named file, and
// returns the code checks it found and the classes that pin in a trust
// manager (see [relabelTrustManagerPins]). It runs in the DEX file's scan
// worker; mergeFinds adds its results to the App in file order.
func analyzeTLS(file string, d []byte) ([]audit.CodeCheck, map[string]bool) {
	f, ok := newDexFile(d)
	if !ok {
		return nil, nil
	}
	a := &tlsAnalysis{f: f, file: file, code: map[uint32]uint32{}, budget: len(d), pinning: map[string]bool{}}
	classes := f.classes()
	a.sslSockets = f.referencesMethod("createSocket", "Ljavax/net/ssl/SSLSocketFactory;", "Landroid/net/SSLCertificateSocketFactory;")
	for _, c := range classes {
		for _, m := range c.methods {
			a.code[m.idx] = m.code
		}
	}
	for _, c := range classes {
		a.class(c)
	}
	return a.checks[:min(len(a.checks), maxCodeChecksPerApp)], a.pinning
}

// maxCodeChecksPerApp bounds what a hostile DEX can add.
const maxCodeChecksPerApp = 4096

// facts returns the facts of method idx when it is defined in this DEX.
func (a *tlsAnalysis) facts(idx uint32) (methodFacts, codeItem, bool) {
	off, ok := a.code[idx]
	if !ok {
		return methodFacts{}, codeItem{}, false
	}
	c, ok := a.f.code(off, &a.budget)
	if !ok {
		return methodFacts{}, codeItem{}, false
	}
	return scanFacts(c, a.isSize), c, true
}

// isSize reports whether method idx is List.size() or Collection.size().
func (a *tlsAnalysis) isSize(idx uint32) bool {
	m := a.f.method(idx)
	return m.name == "size" && m.shorty == "I" && (m.class == "Ljava/util/List;" || m.class == "Ljava/util/Collection;")
}

func (a *tlsAnalysis) add(kind, class, method, detail string) {
	a.checks = append(a.checks, audit.CodeCheck{Kind: kind, Detail: detail,
		Location: audit.Location{File: a.file, Symbol: class + "->" + method}})
}

func (a *tlsAnalysis) class(c dexClass) {
	tm := implements(c, "Ljavax/net/ssl/X509TrustManager;", "Ljavax/net/ssl/TrustManager;") ||
		c.super == "Ljavax/net/ssl/X509ExtendedTrustManager;"
	hv := implements(c, "Ljavax/net/ssl/HostnameVerifier;")
	var sockets, verifies bool
	for _, m := range c.methods {
		ref := a.f.method(m.idx)
		switch {
		case tm && ref.name == "checkServerTrusted" && (ref.shorty == "VLL" || ref.shorty == "VLLL"):
			a.trustManager(c, m.idx, ref)
		case hv && ref.name == "verify" && ref.shorty == "ZLL":
			a.verifier(c, m.idx)
		case ref.name == "onReceivedSslError" && ref.shorty == "VLLL":
			a.sslError(c, m.idx)
		}
		s, v := a.socketUse(m.idx)
		sockets, verifies = sockets || s, verifies || v
	}
	if sockets && !verifies {
		a.add(hosttable.CheckSSLSocketNoHostname, c.name, "createSocket",
			"creates an SSLSocket through SSLSocketFactory.createSocket and never calls HostnameVerifier.verify "+
				"or SSLParameters.setEndpointIdentificationAlgorithm(\"HTTPS\"): SSLSocket does not check the host name, "+
				"so any trusted certificate for any host is accepted")
	}
}

func implements(c dexClass, ifaces ...string) bool {
	for _, i := range c.interfaces {
		for _, want := range ifaces {
			if i == want {
				return true
			}
		}
	}
	return false
}

// inert reports whether a call cannot validate a certificate: logging,
// string building, Kotlin's parameter null checks, and checkValidity
// (which only checks dates).
func inert(m methodRef) bool {
	switch m.name {
	case "checkValidity", "printStackTrace", "getMessage", "toString", "getSubjectDN", "getIssuerDN",
		"getSubjectX500Principal", "getIssuerX500Principal", "getName", "<init>":
		return true
	}
	for _, p := range []string{"Landroid/util/Log;", "Ljava/io/PrintStream;", "Ljava/lang/StringBuilder;",
		"Ljava/lang/String;", "Lkotlin/jvm/internal/Intrinsics;", "Ljava/util/Arrays;", "Ljava/lang/System;",
		"Ljava/util/logging/Logger;", "Ltimber/log/Timber;", "Landroid/widget/Toast;"} {
		if m.class == p {
			return true
		}
	}
	return false
}

// trustManager judges checkServerTrusted: trust-all when no path can
// throw; otherwise, when it hashes certificates, a pinning trust manager.
func (a *tlsAnalysis) trustManager(c dexClass, idx uint32, ref methodRef) {
	facts, code, ok := a.facts(idx)
	if !ok {
		return
	}
	if !facts.throws {
		mayThrow, validity := false, false
		for _, iv := range facts.invokes {
			callee := a.f.method(iv.method)
			validity = validity || callee.name == "checkValidity"
			if !inert(callee) && !code.covered(iv.addr) {
				mayThrow = true
			}
		}
		if !mayThrow {
			if a.issuers == nil || a.issuersOf != c.name { // once per class: a class may declare many overloads
				d := a.issuersDetail(c)
				a.issuers, a.issuersOf = &d, c.name
			}
			a.add(hosttable.CheckTrustAllManager, c.name, ref.name, trustAllDetail(facts, validity)+*a.issuers)
			return
		}
	}
	a.pinningManager(c, idx, ref)
}

func trustAllDetail(f methodFacts, validity bool) string {
	switch {
	case validity:
		return "checkServerTrusted only calls checkValidity(): any in-date certificate, self-signed included, is accepted"
	case len(f.invokes) > 0:
		return "checkServerTrusted never throws (its calls are only logging, or their exceptions are caught): every certificate chain is accepted"
	}
	return "checkServerTrusted is empty: every certificate chain is accepted"
}

// issuersDetail notes a getAcceptedIssuers that returns null or an empty
// array in the same class.
func (a *tlsAnalysis) issuersDetail(c dexClass) string {
	for _, m := range c.methods {
		if ref := a.f.method(m.idx); ref.name == "getAcceptedIssuers" && ref.shorty == "L" {
			if f, _, ok := a.facts(m.idx); ok && len(f.invokes) == 0 && !f.reads {
				return "; getAcceptedIssuers returns null or an empty array"
			}
		}
	}
	return ""
}

// relabelTrustManagerPins marks the host-less pins first loaded by a
// pinning trust manager class of file as that trust manager's, not as
// OkHttp CertificatePinner pins.
func relabelTrustManagerPins(app *audit.App, file string, pinning map[string]bool) {
	for i := range app.CodePins {
		p := &app.CodePins[i]
		if p.Pattern == "" && p.Location.File == file && pinning[p.Location.Symbol] {
			p.Library = hosttable.SourceTrustManager
		}
	}
}
