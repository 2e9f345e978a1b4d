package hosttable

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/pinkit/pinkit/audit/model"
	"github.com/pinkit/pinkit/nsc"
)

// classifier decides whether a host is first-party for one app.
type classifier struct {
	explicit []string          // Config.FirstParty, suffix match
	owned    map[string]string // registrable domains of NSC domains, OkHttp patterns and the package -> why
	appCode  map[string]string // hosts named in the app's own code (not a bundled library) -> where
	pkgWords map[string]bool   // labels of the package name of 5+ letters ("jamendo" of com.teleca.jamendo)
	pkg      string
}

func newClassifier(app *model.App, cfg *nsc.Config, explicit []string) classifier {
	c := classifier{owned: map[string]string{}, appCode: map[string]string{}, pkgWords: map[string]bool{}}
	for _, e := range explicit {
		if e = nameOrRaw(strings.TrimPrefix(strings.TrimSpace(e), "."), ""); e != "" {
			c.explicit = append(c.explicit, e)
		}
	}
	if cfg != nil {
		cfg.Walk(func(dc *nsc.DomainConfig) {
			for _, d := range dc.Domains {
				if r := registrable(d.Name); r != "" && !isThirdParty(d.Name) && c.owned[r] == "" {
					c.owned[r] = "its domain " + r + " is configured in the network security config"
				}
			}
		})
	}
	for _, p := range app.CodePins {
		host := strings.TrimPrefix(strings.TrimPrefix(okhttpPattern(p.Pattern), "**."), "*.")
		if r := registrable(host); r != "" && !isThirdParty(host) && c.owned[r] == "" {
			c.owned[r] = "its domain " + r + " is pinned in code"
		}
	}
	pkg := app.PackageName
	if pkg == "" {
		pkg = app.ID
	}
	if r := registrable(reverseLabels(pkg)); r != "" && !isThirdParty(r) && c.owned[r] == "" {
		c.owned[r] = "its domain " + r + " is the package name reversed"
	}
	c.pkg = pkg
	for _, l := range strings.Split(strings.ToLower(pkg), ".") {
		if len(l) >= 5 && !genericPackageWord[l] {
			c.pkgWords[l] = true
		}
	}
	c.addAppCodeHosts(app)
	return c
}

// firstParty classifies host and says why: explicit --first-party domains
// win; local and IP hosts never are; a host covered by an NSC <domain> is;
// well-known SDK hosts are not; otherwise it is when its registrable
// domain is one of the app's, when its domain name is a word of the
// package name (api.jamendo.com for com.teleca.jamendo), or when the
// app's own code (not a bundled library) names it.
func (c classifier) firstParty(host string, eff nsc.Effective) (bool, string) {
	if matchesSuffix(host, c.explicit) {
		return true, "listed with --first-party"
	}
	if IsLocalHost(host) {
		return false, "a local host"
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return false, "an IP address"
	}
	if eff.Domain != nil {
		return true, "configured in the network security config"
	}
	if isThirdParty(host) {
		return false, "a well-known third-party (SDK, cloud or CDN) domain"
	}
	r := registrable(host)
	if r == "" {
		return false, "no registrable domain"
	}
	if why := c.owned[r]; why != "" {
		return true, why
	}
	if name, _, _ := strings.Cut(r, "."); c.pkgWords[name] {
		return true, "its domain name " + name + " is a word of the package " + c.pkg
	}
	if where := c.appCode[host]; where != "" {
		return true, "named in the app's own code (" + where + ")"
	}
	return false, "not configured, pinned or named by the app's own code"
}

// genericPackageWord are package labels too common to identify an owner.
var genericPackageWord = map[string]bool{
	"android": true, "mobile": true, "client": true, "debug": true, "release": true, "example": true, "google": true,
	"apps": true, "application": true, "module": true, "store": true, "staging": true,
}

// addAppCodeHosts records the hosts named in the app's own code: DEX
// classes under the app package, or source files under its directory.
func (c *classifier) addAppCodeHosts(app *model.App) {
	dir := "/" + strings.ReplaceAll(c.pkg, ".", "/") + "/"
	for _, h := range app.Hosts {
		if h.Source != model.SourceCode || c.appCode[h.Host] != "" || c.pkg == "" {
			continue
		}
		loc := h.Location
		if strings.HasPrefix(loc.Symbol, "L") {
			if own, _ := CodeOrigin(app, loc.Symbol); own {
				c.appCode[h.Host] = loc.String()
			}
		} else if strings.Contains("/"+loc.File, dir) {
			c.appCode[h.Host] = loc.String()
		}
	}
}

func matchesSuffix(host string, suffixes []string) bool {
	for _, s := range suffixes {
		if host == s || strings.HasSuffix(host, "."+s) {
			return true
		}
	}
	return false
}

func reverseLabels(pkg string) string {
	labels := strings.Split(strings.ToLower(pkg), ".")
	slices.Reverse(labels)
	return strings.Join(labels, ".")
}

// isThirdParty reports whether host belongs to a well-known SDK, ad, analytics,
// cloud or XML-namespace domain that an app does not own.
func isThirdParty(host string) bool {
	return matchesSuffix(host, thirdPartySuffixes())
}

// thirdPartySuffixes is the curated list of well-known third-party domains.
func thirdPartySuffixes() []string {
	return []string{
		// Google, Firebase, ads, analytics
		"google.com", "googleapis.com", "gstatic.com", "googleusercontent.com", "google-analytics.com",
		"googletagmanager.com", "googlesyndication.com", "googleadservices.com", "doubleclick.net",
		"firebaseio.com", "firebaseapp.com", "firebase.google.com", "app-measurement.com",
		"crashlytics.com", "youtube.com", "android.com", "gvt1.com", "goo.gl", "g.co",
		// Meta
		"facebook.com", "facebook.net", "fbcdn.net", "instagram.com", "whatsapp.com",
		// Attribution, analytics, crash reporting, push
		"appsflyer.com", "adjust.com", "adjust.io", "branch.io", "app.link", "kochava.com",
		"mixpanel.com", "amplitude.com", "segment.io", "segment.com", "sentry.io", "bugsnag.com",
		"newrelic.com", "datadoghq.com", "onesignal.com", "braze.com", "appboy.com",
		"flurry.com", "instabug.com", "hockeyapp.net", "appcenter.ms", "launchdarkly.com",
		"unity3d.com", "unityads.unity3d.com", "applovin.com", "ironsrc.com", "vungle.com",
		"chartboost.com", "mopub.com", "inmobi.com", "twitter.com", "x.com", "linkedin.com",
		// Clouds and CDNs (shared hosting: never the app's registrable domain)
		"amazonaws.com", "cloudfront.net", "azurewebsites.net", "windows.net", "akamaihd.net",
		"akamaized.net", "fastly.net", "cloudflare.com", "herokuapp.com", "github.com",
		"githubusercontent.com", "apple.com", "icloud.com", "microsoft.com", "live.com",
		"paypal.com", "stripe.com", "zendesk.com", "intercom.io",
		// XML namespaces, specs and licences that show up as strings
		"schemas.android.com", "w3.org", "apache.org", "xmlpull.org", "xml.org", "ns.adobe.com",
		"schemas.microsoft.com", "json-schema.org",
		"purl.org", "xmlsoap.org", "openxmlformats.org", "mozilla.org", "jquery.com",
	}
}
