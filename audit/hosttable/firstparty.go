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
	explicit []string        // Config.FirstParty, suffix match
	owned    map[string]bool // registrable domains of NSC domains, OkHttp patterns and the package
}

func newClassifier(app *model.App, cfg *nsc.Config, explicit []string) classifier {
	c := classifier{owned: map[string]bool{}}
	for _, e := range explicit {
		if e = nameOrRaw(strings.TrimPrefix(strings.TrimSpace(e), "."), ""); e != "" {
			c.explicit = append(c.explicit, e)
		}
	}
	if cfg != nil {
		cfg.Walk(func(dc *nsc.DomainConfig) {
			for _, d := range dc.Domains {
				if r := registrable(d.Name); r != "" && !isThirdParty(d.Name) {
					c.owned[r] = true
				}
			}
		})
	}
	for _, p := range app.CodePins {
		host := strings.TrimPrefix(strings.TrimPrefix(okhttpPattern(p.Pattern), "**."), "*.")
		if r := registrable(host); r != "" && !isThirdParty(host) {
			c.owned[r] = true
		}
	}
	pkg := app.PackageName
	if pkg == "" {
		pkg = app.ID
	}
	if r := registrable(reverseLabels(pkg)); r != "" && !isThirdParty(r) {
		c.owned[r] = true
	}
	return c
}

// firstParty classifies host: explicit --first-party domains win; local
// and IP hosts never are; a host covered by an NSC <domain> is; well-known
// SDK hosts are not; otherwise it is when its registrable domain is one of
// the app's.
func (c classifier) firstParty(host string, eff nsc.Effective) bool {
	if matchesSuffix(host, c.explicit) {
		return true
	}
	if IsLocalHost(host) {
		return false
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return false
	}
	if eff.Domain != nil {
		return true
	}
	if isThirdParty(host) {
		return false
	}
	r := registrable(host)
	return r != "" && c.owned[r]
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
