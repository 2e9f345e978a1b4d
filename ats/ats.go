// Package ats models iOS App Transport Security: the NSAppTransportSecurity
// dictionary of an Info.plist, including NSPinnedDomains identity pinning.
//
// Use [Parse] on a whole Info.plist (binary or XML), [FromDict] on an
// already-decoded dictionary, [Config.Resolve] for the effective policy of a
// host, and [Marshal] to write a plist fragment.
//
// # Semantics
//
// NSPinnedCAIdentities matches any CA certificate in the chain,
// NSPinnedLeafIdentities the leaf; when both are present both must match.
// Malformed identities are dropped by the system, and a domain whose
// identity list is present but empty is still pinned: it can never connect.
package ats

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"howett.net/plist"

	"github.com/pinkit/pinkit/internal/hostname"
	"github.com/pinkit/pinkit/internal/pinfmt"
	"github.com/pinkit/pinkit/internal/plistguard"
)

// MaxPlistSize bounds the Info.plist bytes [Parse] accepts.
const MaxPlistSize = 8 << 20

// Config is the NSAppTransportSecurity dictionary. A nil *Config means the
// app has no ATS dictionary (system defaults: HTTPS, TLS 1.2, no pins).
type Config struct {
	File                             string
	AllowsArbitraryLoads             bool
	AllowsArbitraryLoadsForMedia     bool
	AllowsArbitraryLoadsInWebContent bool
	AllowsLocalNetworking            bool
	ExceptionDomains                 []ExceptionDomain // sorted by Name
	PinnedDomains                    []PinnedDomain    // sorted by Name; nil when NSPinnedDomains is absent
	HasPinnedDomains                 bool              // NSPinnedDomains key present
	Problems                         []Problem
}

// ExceptionDomain is one NSExceptionDomains entry.
type ExceptionDomain struct {
	Name                      string
	IncludesSubdomains        bool
	AllowsInsecureHTTPLoads   bool
	MinimumTLSVersion         string // "TLSv1.2" when unset
	RequiresForwardSecrecy    bool   // true when unset
	RequiresCertificateTransp bool
}

// PinnedDomain is one NSPinnedDomains entry.
type PinnedDomain struct {
	Name               string
	IncludesSubdomains bool
	CA                 *IdentityList // nil when NSPinnedCAIdentities is absent
	Leaf               *IdentityList // nil when NSPinnedLeafIdentities is absent
}

// IdentityList is a present NSPinned*Identities array.
type IdentityList struct {
	Valid   []string // base64 SPKI SHA-256 digests that decode ([pinfmt.ATS]) to 32 bytes
	Invalid []string // entries the system drops (reported as malformed)
}

// Problem is something in the dictionary that the system ignores or that
// makes a rule fail; Key is the plist key path.
type Problem struct {
	Key     string
	Message string
}

func (p Problem) String() string { return p.Key + ": " + p.Message }

// Parse decodes an Info.plist (binary, XML or OpenStep) and returns its ATS
// configuration, or nil when it has none.
func Parse(filename string, data []byte) (c *Config, err error) {
	if len(data) > MaxPlistSize {
		return nil, fmt.Errorf("%s: Info.plist is %d bytes, limit %d", filename, len(data), MaxPlistSize)
	}
	if err := plistguard.Check(data); err != nil { // unbounded recursion and copying in the library
		return nil, fmt.Errorf("%s: %w", filename, err)
	}
	defer func() {
		// howett.net/plist re-panics runtime errors on some malformed input.
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("%s: malformed property list: %v", filename, r)
		}
	}()
	var root map[string]any
	if err := plist.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
		return nil, fmt.Errorf("%s: failed to decode property list: %w", filename, err)
	}
	dict, ok := root["NSAppTransportSecurity"]
	if !ok {
		return nil, nil
	}
	m, ok := dict.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: NSAppTransportSecurity is a %T, want a dictionary", filename, dict)
	}
	return FromDict(filename, m), nil
}

// FromDict builds a Config from a decoded NSAppTransportSecurity dictionary.
// It never fails: unusable values become Problems.
func FromDict(filename string, d map[string]any) *Config {
	c := &Config{File: filename}
	c.AllowsArbitraryLoads = c.boolKey(d, "NSAllowsArbitraryLoads", false)
	c.AllowsArbitraryLoadsForMedia = c.boolKey(d, "NSAllowsArbitraryLoadsForMedia", false)
	c.AllowsArbitraryLoadsInWebContent = c.boolKey(d, "NSAllowsArbitraryLoadsInWebContent", false)
	c.AllowsLocalNetworking = c.boolKey(d, "NSAllowsLocalNetworking", false)
	for name, v := range c.dictKey(d, "NSExceptionDomains") {
		c.ExceptionDomains = append(c.ExceptionDomains, c.exception(name, v))
	}
	if pd, ok := d["NSPinnedDomains"]; ok {
		c.HasPinnedDomains = true
		for name, v := range c.asDict("NSPinnedDomains", pd) {
			c.PinnedDomains = append(c.PinnedDomains, c.pinned(name, v))
		}
	}
	sort.Slice(c.ExceptionDomains, func(i, j int) bool { return c.ExceptionDomains[i].Name < c.ExceptionDomains[j].Name })
	sort.Slice(c.PinnedDomains, func(i, j int) bool { return c.PinnedDomains[i].Name < c.PinnedDomains[j].Name })
	sort.Slice(c.Problems, func(i, j int) bool { return c.Problems[i].Key < c.Problems[j].Key })
	return c
}

func (c *Config) problem(key, format string, args ...any) {
	c.Problems = append(c.Problems, Problem{Key: key, Message: fmt.Sprintf(format, args...)})
}

func (c *Config) asDict(key string, v any) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		c.problem(key, "is a %T, want a dictionary", v)
	}
	return m
}

func (c *Config) dictKey(d map[string]any, key string) map[string]any {
	v, ok := d[key]
	if !ok {
		return nil
	}
	return c.asDict(key, v)
}

func (c *Config) boolKey(d map[string]any, key string, def bool) bool {
	v, ok := d[key]
	if !ok {
		return def
	}
	switch b := v.(type) {
	case bool:
		return b
	case string: // hand-written plists sometimes hold "YES"/"NO" strings
		if s := strings.ToLower(b); s == "yes" || s == "true" {
			return true
		} else if s == "no" || s == "false" {
			return false
		}
	}
	c.problem(key, "is %v (%T), want a boolean", v, v)
	return def
}

func (c *Config) exception(name string, v any) ExceptionDomain {
	key := "NSExceptionDomains." + name
	d := c.asDict(key, v)
	e := ExceptionDomain{Name: c.domainName(key, name), MinimumTLSVersion: "TLSv1.2"}
	e.IncludesSubdomains = c.boolKey(d, "NSIncludesSubdomains", false)
	e.AllowsInsecureHTTPLoads = c.boolKey(d, "NSExceptionAllowsInsecureHTTPLoads", false)
	e.RequiresForwardSecrecy = c.boolKey(d, "NSExceptionRequiresForwardSecrecy", true)
	e.RequiresCertificateTransp = c.boolKey(d, "NSRequiresCertificateTransparency", false)
	if s, ok := d["NSExceptionMinimumTLSVersion"].(string); ok {
		e.MinimumTLSVersion = s
	}
	return e
}

func (c *Config) pinned(name string, v any) PinnedDomain {
	key := "NSPinnedDomains." + name
	d := c.asDict(key, v)
	p := PinnedDomain{Name: c.domainName(key, name)}
	p.IncludesSubdomains = c.boolKey(d, "NSIncludesSubdomains", false)
	p.CA = c.identities(key+".NSPinnedCAIdentities", d, "NSPinnedCAIdentities")
	p.Leaf = c.identities(key+".NSPinnedLeafIdentities", d, "NSPinnedLeafIdentities")
	if p.CA == nil && p.Leaf == nil {
		c.problem(key, "has neither NSPinnedCAIdentities nor NSPinnedLeafIdentities")
	}
	return p
}

func (c *Config) identities(key string, d map[string]any, name string) *IdentityList {
	v, ok := d[name]
	if !ok {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		c.problem(key, "is a %T, want an array", v)
		return &IdentityList{}
	}
	l := &IdentityList{}
	for i, item := range arr {
		s, err := identity(item)
		if err != nil {
			c.problem(fmt.Sprintf("%s[%d]", key, i), "%v", err)
			l.Invalid = append(l.Invalid, s)
			continue
		}
		l.Valid = append(l.Valid, s)
	}
	return l
}

// identity returns the SPKI-SHA256-BASE64 value of one identity dictionary.
func identity(v any) (string, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Sprint(v), fmt.Errorf("is a %T, want a dictionary with SPKI-SHA256-BASE64", v)
	}
	s, ok := m["SPKI-SHA256-BASE64"].(string)
	if !ok {
		return "", fmt.Errorf("has no SPKI-SHA256-BASE64 string")
	}
	_, err := pinfmt.Parse(pinfmt.ATS, s)
	var e *pinfmt.Error
	if err == nil || !errors.As(err, &e) {
		return s, err
	}
	_, strict := pinfmt.Parse(pinfmt.Strict, "sha256/"+s)
	switch {
	case e.Err == pinfmt.ErrLength && !errors.Is(strict, pinfmt.ErrBase64):
		return s, fmt.Errorf("SPKI-SHA256-BASE64 %q decodes to %d bytes, want %d", s, e.Len, pinfmt.SHA256Len)
	case e.Err == pinfmt.ErrLength:
		return s, fmt.Errorf("SPKI-SHA256-BASE64 %q is not valid base64: the system decodes it to %d bytes, want %d",
			s, e.Len, pinfmt.SHA256Len)
	default:
		return s, fmt.Errorf("SPKI-SHA256-BASE64 %q is not valid base64", s)
	}
}

// domainName normalises the domain key name with [hostname.Normalize]. A
// key that is not a host name is kept as written, matches no host, and is
// reported as a problem at key.
func (c *Config) domainName(key, name string) string {
	h, err := hostname.Normalize(name)
	if err != nil {
		c.problem(key, "%v: the domain matches no host", err)
		return name
	}
	return h
}
