// Package model holds what a loader knows about one audited app: [App] and
// the parts it is made of (hosts, code pins, code checks, bundled
// certificates, locations). It imports only the platform config formats.
//
// # Why a package of its own
//
// The audit engine (package audit) hands each rule the app and its
// effective per-host table (package audit/hosttable). The table is computed
// from the app, so hosttable needs the App type, and audit needs the table
// type for its Context and Result. Both import this package; audit
// re-exports its types under their old names (audit.App is model.App), so
// loaders and rules keep writing audit.App. Imports point one way:
//
//	audit/model ← audit/hosttable ← audit ← audit/rules, audit/report, loaders
package model

import (
	"strconv"

	"github.com/pinkit/pinkit/ats"
	"github.com/pinkit/pinkit/nsc"
	"github.com/pinkit/pinkit/trustkit"
)

// Platform names for [App.Platform].
const (
	PlatformAndroid = "android"
	PlatformIOS     = "ios"
)

// Host sources for [HostRef.Source], [CodePin.Library] and the host
// table's row sources and pin sources.
const (
	SourceNSC      = "NSC"      // a <domain> of the network security config
	SourceOkHttp   = "OkHttp"   // a CertificatePinner pattern
	SourceCode     = "code"     // a hardcoded URL or host name (DEX, Mach-O, source)
	SourceResource = "resource" // a string resource

	SourceATS       = "ATS"       // an NSPinnedDomains or NSExceptionDomains entry
	SourceTrustKit  = "TrustKit"  // a TSKPinnedDomains entry
	SourceAlamofire = "Alamofire" // a host mapped to a pinning trust evaluator
)

// App is everything the rules know about one audited app. Loaders fill it;
// the engine never reads the app itself.
type App struct {
	// Path is the input as given (APK, IPA or source directory).
	Path string
	// Platform is PlatformAndroid or PlatformIOS.
	Platform string
	// ID is the application ID (Android package, iOS bundle ID).
	ID string
	// PackageName is the Android manifest package (usually == ID).
	PackageName string
	// Version is versionName / CFBundleShortVersionString.
	Version string
	// TargetSDK and MinSDK are the manifest's targetSdkVersion and
	// minSdkVersion (0 when unknown).
	TargetSDK, MinSDK int
	// Debuggable is android:debuggable.
	Debuggable bool
	// UsesCleartext is android:usesCleartextTraffic, nil when unset. It is
	// ignored when an NSC is present.
	UsesCleartext *bool
	// NSC is the network security config reached through the manifest's
	// android:networkSecurityConfig (resource ID 0x01010527); nil if none.
	NSC *nsc.Config
	// NSCFile is the path of the NSC inside the app (e.g. "res/4u.xml").
	NSCFile string
	// NSCDebug is the <name>_debug.xml companion config, read only for
	// debuggable apps; nil if none.
	NSCDebug *nsc.Config
	// LoadProblems are things the loader could not read or that the
	// platform would reject (reported by PK112 and as errors).
	LoadProblems []Problem
	// Hosts are hardcoded URLs and host names with where they were found.
	Hosts []HostRef
	// CodePins are pins found in code (OkHttp CertificatePinner strings).
	CodePins []CodePin
	// HostnameVerifierAllowAll lists places referencing an allow-all
	// HostnameVerifier (ALLOW_ALL_HOSTNAME_VERIFIER, NoopHostnameVerifier…).
	HostnameVerifierAllowAll []Location
	// Frameworks lists cross-platform frameworks with their own network
	// stack ("Flutter", "React Native", "Xamarin").
	Frameworks []string
	// FrameworkEvidence maps a framework name to the file that revealed it
	// (e.g. "lib/arm64-v8a/libflutter.so").
	FrameworkEvidence map[string]string

	// iOS (filled by the ipa loader).

	// ATS is the Info.plist NSAppTransportSecurity dictionary; nil if none.
	ATS *ats.Config
	// ATSNotApplied says why App Transport Security does not apply at all
	// (an app linked against an SDK before iOS 9, DTSDKName iphoneos8.1):
	// cleartext is allowed and no NSPinnedDomains applies. "" when ATS applies.
	ATSNotApplied string
	// TrustKit holds TrustKit configurations: iOS TSKConfiguration and
	// Android <trustkit-config> elements.
	TrustKit []*trustkit.Config
	// CodeChecks are pinning-related patterns found in code (TrustKit,
	// Alamofire evaluators, AFNetworking security policies, URLSession
	// challenge handlers) in sources or binary strings; their kinds are
	// catalogued in audit/hosttable (hosttable.CheckTrustKitInit, …).
	CodeChecks []CodeCheck
	// BundledCerts are certificates shipped inside the app (the
	// pinned-certificate pattern of AFNetworking/Alamofire).
	BundledCerts []BundledCert
	// PinListURLs are URLs the app fetches pin lists or configs from.
	PinListURLs []HostRef
}

// Name returns the best short name for the app: ID, else Path.
func (a *App) Name() string {
	if a.ID != "" {
		return a.ID
	}
	if a.PackageName != "" {
		return a.PackageName
	}
	return a.Path
}

// Location is where something was found.
type Location struct {
	// File is a path inside the app ("res/xml/nsc.xml", "classes2.dex") or
	// on disk for source trees.
	File string `json:"file,omitempty"`
	// Line is 1-based, 0 when unknown.
	Line int `json:"line,omitempty"`
	// Symbol is a class, method or string that locates it further
	// (e.g. "Lcom/example/Net;").
	Symbol string `json:"symbol,omitempty"`
}

// String formats the location as "file:line (symbol)".
func (l Location) String() string {
	s := l.File
	if l.Line > 0 {
		s += ":" + strconv.Itoa(l.Line)
	}
	if l.Symbol != "" {
		if s != "" {
			s += " "
		}
		s += "(" + l.Symbol + ")"
	}
	return s
}

// Problem is something a loader could not read or the platform would reject.
type Problem struct {
	Location Location `json:"location"`
	Message  string   `json:"message"`
}

// HostRef is a host the app names in code or resources.
type HostRef struct {
	// Host is lower-case, without port or trailing dot.
	Host string
	// URL is the full URL when the host came from one ("https://…").
	URL string
	// Source is SourceCode or SourceResource.
	Source   string
	Location Location
}

// CodePin is a pin found in code.
type CodePin struct {
	// Library is the pinning library, e.g. SourceOkHttp.
	Library string
	// Pattern is the host pattern it is attached to ("*.example.com",
	// "**.example.com", "api.example.com"); "" when not recoverable.
	Pattern string
	// Pin is the pin string as written ("sha256/…" or "sha1/…").
	Pin      string
	Location Location
}

// CodeCheck is one pinning-related pattern found in code.
type CodeCheck struct {
	// Kind names the pattern, e.g. "alamofire-pinned-certificates",
	// "afnetworking-allow-invalid-certificates",
	// "challenge-handler-without-evaluation" (see the Check* kinds of
	// audit/hosttable).
	Kind string `json:"kind"`
	// Detail is the matched text or a short explanation.
	Detail string `json:"detail,omitempty"`
	// Host is the host the check applies to when the code names one (an
	// Alamofire ServerTrustManager evaluators entry), else "".
	Host     string   `json:"host,omitempty"`
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
