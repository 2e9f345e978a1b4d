package hostscan

import (
	"net/netip"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// packageRoots are first labels of Java/Kotlin package names, class names
// and property keys ("com.google", "android.hardware.type.watch",
// "junit.properties"): a bare string starting with one is a name in code,
// not a host, even when its last label happens to be a top-level domain
// (.google, .watch, .properties).
var packageRoots = map[string]bool{
	"com": true, "org": true, "net": true, "edu": true, "gov": true, "io": true, "android": true,
	"androidx": true, "java": true, "javax": true, "kotlin": true, "kotlinx": true, "junit": true,
	"dalvik": true, "sun": true, "jdk": true, "libcore": true, "okhttp3": true, "retrofit2": true,
}

// propertyTLDs are public suffixes that in app strings are nearly always
// the last word of a property key or file name.
var propertyTLDs = map[string]bool{"properties": true, "class": true, "watch": true, "type": true}

// Plausible reports whether host, found bare (fromURL false) or as a
// URL's host, names a machine the app can talk to, and returns it without
// the sentence punctuation a URL in prose drags along ("www.google.com,").
// A host must be an IP address or be made of DNS labels under an ICANN
// top-level domain with a registrable domain (private suffixes such as
// googleapis.com count: www.googleapis.com is a host); a bare string must
// not look like a package name, class or property key. A URL's host under
// another suffix (api.internal, svc.example) is a host unless it starts like
// a Java package name. Loaders call it on every
// host before adding it.
func Plausible(host string, fromURL bool) (string, bool) {
	host = strings.TrimRight(host, ",;:!?)]}'\"")
	host = strings.TrimSuffix(host, ".")
	if host == "" || len(host) > MaxHostLen {
		return "", false
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return host, fromURL
	}
	if fromURL && (host == "localhost" || strings.HasSuffix(host, ".localhost")) {
		return host, true
	}
	labels := strings.Split(host, ".")
	for _, l := range labels {
		if !dnsLabel(l) {
			return "", false
		}
	}
	if _, icann := publicsuffix.PublicSuffix(labels[len(labels)-1]); fromURL && !icann {
		// A URL's host under a private or reserved suffix (api.internal,
		// svc.test) is a host, unless it is a Java name in a URI
		// (http://javax.xml.XMLConstants/property/…).
		return host, len(labels) >= 2 && !packageRoots[labels[0]]
	}
	if _, icann := publicsuffix.PublicSuffix(labels[len(labels)-1]); !icann || len(labels) < 2 {
		return "", false // no ICANN top-level domain ("cdv_exec", "javax.xml.transform.dom.domresult")
	}
	if _, err := publicsuffix.EffectiveTLDPlusOne(host); err != nil {
		return "", false // a public suffix itself, nothing registrable ("co.uk", "appspot.com")
	}
	if !fromURL && (packageRoots[labels[0]] || propertyTLDs[labels[len(labels)-1]]) {
		return "", false
	}
	return host, true
}

// dnsLabel reports whether l is a DNS label: 1–63 of [a-z0-9-], not
// starting or ending with '-' (underscores, as in "cdv_exec", are not).
func dnsLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for i := 0; i < len(l); i++ {
		if c := l[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// plausibleBare is Plausible for a string that is a host name as a whole
// (checked first by the caller, so strings that name nothing cost nothing).
func plausibleBare(s string) bool {
	_, ok := Plausible(s, false)
	return ok
}
