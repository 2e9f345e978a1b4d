package hosttable

import (
	"strings"

	"github.com/pinkit/pinkit/audit/model"
)

// Code check kinds the apk loader derives from DEX bytecode (dextls.go).
// Each is reported by its own rule (PK308–PK312); none of them is a
// [DangerousCheck], which PK306 reports.
const (
	// CheckTrustAllManager: X509TrustManager.checkServerTrusted cannot
	// throw (empty, only logs, swallows the delegate's exception, or only
	// calls checkValidity).
	CheckTrustAllManager = "trust-all-trust-manager"
	// CheckVerifierReturnsTrue: HostnameVerifier.verify returns the
	// constant true (also through a Kotlin/D8 lambda).
	CheckVerifierReturnsTrue = "hostname-verifier-returns-true"
	// CheckSSLSocketNoHostname: a class creates SSLSockets and never
	// verifies the host name.
	CheckSSLSocketNoHostname = "sslsocket-without-hostname-verification"
	// CheckWebViewProceed: onReceivedSslError calls SslErrorHandler.proceed
	// with no condition on the error beyond its type.
	CheckWebViewProceed = "webview-ssl-error-proceed"
	// CheckTrustManagerPinning: a custom TrustManager pins correctly
	// (verified chain, SPKI hashes); informational.
	CheckTrustManagerPinning = "trust-manager-pinning"
	// CheckTrustManagerPinFlawed: a custom TrustManager pins, but over the
	// served chain, the root alone, or whole-certificate hashes.
	CheckTrustManagerPinFlawed = "trust-manager-pinning-flawed"
)

// SourceTrustManager is the [model.CodePin.Library] of pins compared by
// a custom X509TrustManager (not OkHttp's CertificatePinner).
const SourceTrustManager = "TrustManager"

// libraryPrefixes are package prefixes of SDKs commonly bundled in apps.
var libraryPrefixes = []string{
	"android/", "androidx/", "kotlin/", "kotlinx/", "java/", "javax/", "okhttp3/", "okio/", "retrofit2/",
	"com/google/", "com/android/", "com/facebook/", "com/squareup/", "org/apache/", "org/chromium/",
	"io/flutter/", "io/sentry/", "io/reactivex/", "com/amazonaws/", "com/microsoft/", "com/crashlytics/",
	"com/bumptech/", "org/conscrypt/", "org/bouncycastle/", "com/fasterxml/", "com/adjust/",
	"com/appsflyer/", "com/onesignal/", "com/unity3d/", "com/applovin/", "com/mopub/", "io/grpc/",
	"org/jsoup/", "cz/msebera/", "com/loopj/", "com/koushikdutta/", "org/eclipse/", "com/twitter/",
}

// CodeOrigin says whether the class with DEX descriptor class
// ("Lcom/example/app/Net;") is the app's own code or a bundled library,
// and why. A class is the app's when it lies under the manifest package,
// or shares its first two labels (com.example.*) and is not a known SDK
// package, or is in an obfuscated package (origin unknown: judged as the
// app's, so its findings keep their severity); everything else is a
// library.
func CodeOrigin(app *model.App, class string) (firstParty bool, why string) {
	class, _, _ = strings.Cut(class, "->") // "Lcom/x/Net;->verify"
	class, _, _ = strings.Cut(class, " ")  // "Lcom/x/Net; ALLOW_ALL_HOSTNAME_VERIFIER"
	cls := strings.TrimPrefix(strings.TrimSuffix(class, ";"), "L")
	pkg := strings.ReplaceAll(app.PackageName, ".", "/")
	if pkg == "" {
		pkg = strings.ReplaceAll(app.ID, ".", "/")
	}
	if pkg != "" && strings.HasPrefix(cls, pkg+"/") {
		return true, "in the app package " + app.PackageName
	}
	for _, p := range libraryPrefixes {
		if strings.HasPrefix(cls, p) {
			return false, "in bundled library " + strings.ReplaceAll(strings.TrimSuffix(p, "/"), "/", ".")
		}
	}
	if parts := strings.SplitN(pkg, "/", 3); len(parts) >= 2 && strings.HasPrefix(cls, parts[0]+"/"+parts[1]+"/") {
		return true, "in the app's namespace " + parts[0] + "." + parts[1]
	}
	if i := strings.LastIndexByte(cls, '/'); i > 0 {
		pkg := strings.ReplaceAll(cls[:i], "/", ".")
		if obfuscated(cls[:i]) {
			// R8/ProGuard renamed it: it may be the app's own code, so it
			// keeps the rule's severity.
			return true, "in obfuscated package " + pkg + ": origin unknown, judged as the app's"
		}
		return false, "in bundled code " + pkg + " (outside the app package)"
	}
	return false, "in the default package (outside the app package)"
}

// obfuscated reports whether every segment of a package path is at most
// two characters long ("a/b", "o0/x"), as R8 and ProGuard name them.
func obfuscated(pkg string) bool {
	for _, seg := range strings.Split(pkg, "/") {
		if len(seg) > 2 {
			return false
		}
	}
	return pkg != ""
}
