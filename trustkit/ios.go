package trustkit

import (
	"fmt"
	"time"
)

// Info.plist / TSKConfiguration keys (the string values of TrustKit's kTSK constants).
const (
	keyConfiguration  = "TSKConfiguration"
	keyPinnedDomains  = "TSKPinnedDomains"
	keyHashes         = "TSKPublicKeyHashes"
	keyEnforce        = "TSKEnforcePinning"
	keySubdomains     = "TSKIncludeSubdomains"
	keyExpiration     = "TSKExpirationDate"
	keyReportURIs     = "TSKReportUris"
	keyDisableDefault = "TSKDisableDefaultReportUri"
)

// FromInfoPlist returns the TSKConfiguration of a decoded Info.plist root
// dictionary, or nil when there is none.
func FromInfoPlist(file string, root map[string]any) *Config {
	v, ok := root[keyConfiguration]
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return &Config{Platform: IOS, File: file, Problems: []Problem{{Message: fmt.Sprintf("%s is a %T, want a dictionary", keyConfiguration, v)}}}
	}
	return FromDict(file, m)
}

// FromDict builds an iOS Config from a TSKConfiguration dictionary.
func FromDict(file string, d map[string]any) *Config {
	c := &Config{Platform: IOS, File: file}
	pd, ok := d[keyPinnedDomains].(map[string]any)
	if !ok {
		c.Problems = append(c.Problems, Problem{Message: keyPinnedDomains + " is missing or not a dictionary"})
		return c
	}
	for name, v := range pd {
		c.Domains = append(c.Domains, c.iosDomain(name, v))
	}
	sortDomains(c.Domains)
	c.validate()
	return c
}

func (c *Config) iosDomain(name string, v any) Domain {
	d := Domain{Name: c.domainName(name), EnforcePinning: true}
	m, ok := v.(map[string]any)
	if !ok {
		c.Problems = append(c.Problems, Problem{Domain: d.Name, Message: fmt.Sprintf("is a %T, want a dictionary", v)})
		return d
	}
	d.EnforcePinning = boolValue(m[keyEnforce], true)
	d.IncludeSubdomains = boolValue(m[keySubdomains], false)
	d.DisableDefaultURI = boolValue(m[keyDisableDefault], false)
	d.Pins = stringList(m[keyHashes])
	d.ReportURIs = stringList(m[keyReportURIs])
	switch e := m[keyExpiration].(type) {
	case string:
		d.Expiration = e
	case time.Time:
		d.Expiration = e.UTC().Format(time.DateOnly)
	}
	return d
}

func boolValue(v any, def bool) bool {
	if b, ok := v.(bool); ok {
		return b
	}
	return def
}

func stringList(v any) []string {
	arr, ok := v.([]any)
	if !ok {
		return nil
	}
	var out []string
	for _, x := range arr {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
