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
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pinkit/pinkit/internal/hostname"
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

// validate applies TrustKit's start-up checks to every domain.
func (c *Config) validate() {
	for _, d := range c.Domains {
		bad := 0
		for _, p := range d.Pins {
			if err := checkHash(p); err != nil {
				c.Problems = append(c.Problems, Problem{d.Name, d.Line, err.Error()})
				bad++
			}
		}
		if d.EnforcePinning && len(d.Pins)-bad < 2 {
			c.Problems = append(c.Problems, Problem{d.Name, d.Line,
				fmt.Sprintf("enforcing pinning with %d valid pin(s): TrustKit requires at least 2 (a backup pin)", len(d.Pins)-bad)})
		}
		if d.Expiration != "" {
			if _, err := time.Parse(time.DateOnly, d.Expiration); err != nil {
				c.Problems = append(c.Problems, Problem{d.Name, d.Line, fmt.Sprintf("expiration %q is not yyyy-MM-dd", d.Expiration)})
			}
		}
	}
	sort.SliceStable(c.Problems, func(i, j int) bool { return c.Problems[i].Domain < c.Problems[j].Domain })
}

func checkHash(s string) error {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("pin %q is not valid base64", s)
	}
	if len(raw) != 32 {
		return fmt.Errorf("pin %q decodes to %d bytes, want 32 (SHA-256)", s, len(raw))
	}
	return nil
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
