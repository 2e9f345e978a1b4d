// Package trustkit reads TrustKit pinning configurations: the iOS
// TSKConfiguration dictionary (Info.plist or code) and the Android
// <trustkit-config> element inside a network security config.
//
// Configs are validated the way TrustKit validates them at start-up (at
// least two pins per enforcing domain, 32-byte SHA-256 hashes), but problems
// are returned as [Problem]s, not as the exceptions TrustKit throws, so an
// auditor can report them.
package trustkit

import (
	"fmt"
	"sort"
	"time"

	"github.com/pinkit/pinkit/internal/hostname"
	"github.com/pinkit/pinkit/internal/pinfmt"
)

// Platforms of a [Config].
const (
	IOS     = "ios"
	Android = "android"
)

// Config is one TrustKit configuration.
type Config struct {
	Platform string
	File     string
	Domains  []Domain // sorted by Name
	Problems []Problem
}

// Domain is one pinned domain.
type Domain struct {
	Name              string
	Pins              []string // base64 SHA-256 SPKI hashes as written
	EnforcePinning    bool     // iOS default true; Android default false
	IncludeSubdomains bool
	Expiration        string // "yyyy-MM-dd" as written, "" when none
	ReportURIs        []string
	DisableDefaultURI bool // TSKDisableDefaultReportUri / disableDefaultReportUri
	Line              int  // Android only
}

// Problem is a reason TrustKit would refuse the config, or a risky value.
type Problem struct {
	Domain  string
	Line    int
	Message string
}

func (p Problem) String() string {
	if p.Domain == "" {
		return p.Message
	}
	return p.Domain + ": " + p.Message
}

// Expired reports whether the domain's pins have expired at now. TrustKit
// compares in UTC on iOS and in device-local time on Android; callers pass
// now in the zone they audit for.
func (d Domain) Expired(now time.Time) (bool, error) {
	if d.Expiration == "" {
		return false, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, d.Expiration, now.Location())
	if err != nil {
		return false, fmt.Errorf("expiration %q: want yyyy-MM-dd", d.Expiration)
	}
	return !now.Before(t), nil
}

// PinFormat is the pin spelling this config's platform reads:
// [pinfmt.TrustKitIOS] or [pinfmt.TrustKitAndroid].
func (c *Config) PinFormat() pinfmt.Platform {
	if c.Platform == Android {
		return pinfmt.TrustKitAndroid
	}
	return pinfmt.TrustKitIOS
}

// validate applies TrustKit's start-up checks to every domain. TrustKit
// keeps the pins in a set, so a repeated pin is no backup.
func (c *Config) validate() {
	for _, d := range c.Domains {
		distinct := map[string]bool{}
		for _, p := range d.Pins {
			dg, err := pinfmt.Parse(c.PinFormat(), p)
			if err != nil {
				c.Problems = append(c.Problems, Problem{d.Name, d.Line, err.Error()})
				continue
			}
			distinct[string(dg.Raw)] = true
		}
		if d.EnforcePinning && len(distinct) < 2 {
			c.Problems = append(c.Problems, Problem{d.Name, d.Line,
				fmt.Sprintf("enforcing pinning with %d valid pin(s): TrustKit requires at least 2 (a backup pin)", len(distinct))})
		}
		if d.Expiration != "" {
			if _, err := time.Parse(time.DateOnly, d.Expiration); err != nil {
				c.Problems = append(c.Problems, Problem{d.Name, d.Line, fmt.Sprintf("expiration %q is not yyyy-MM-dd", d.Expiration)})
			}
		}
	}
	sort.SliceStable(c.Problems, func(i, j int) bool { return c.Problems[i].Domain < c.Problems[j].Domain })
}

func sortDomains(ds []Domain) {
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Name < ds[j].Name })
}

// domainName normalises a TSKPinnedDomains key with [hostname.Normalize].
// A key that is not a host name is kept as written, pins no host, and is
// reported as a problem.
func (c *Config) domainName(name string) string {
	h, err := hostname.Normalize(name)
	if err != nil {
		c.Problems = append(c.Problems, Problem{Message: err.Error() + ": the domain pins no host"}) // err quotes name
		return name
	}
	return h
}
