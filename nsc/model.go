// Package nsc models Android's Network Security Config (NSC): the XML file
// an app references from its manifest through android:networkSecurityConfig.
//
// Most users call [Parse] on source XML (or [FromNode] on a decoded binary
// XML tree), check [Config.Problems], and ask [Config.Resolve] for the
// effective policy of a host.
//
// # Platform semantics
//
// [Config.Resolve] follows the platform's
// (android.security.net.config.XmlConfigSource and friends) rules: the most
// specific domain-config whose own <domain> entries match a host wins (an
// exact match beats includeSubdomains parents, the longest parent wins);
// unset values are inherited from ancestors, then from base-config, then from
// defaults that depend on targetSdkVersion; pin sets replace, never merge; an
// empty <pin-set/> removes inherited pins; debug-overrides only apply to
// debuggable apps.
//
// A config that the platform would refuse to load still parses: its
// [Config.Problems] explain why, and [Config.Valid] reports false.
package nsc

import "strconv"

// Node is a format-neutral XML element: source XML ([Parse]) and decoded
// binary XML ([FromNode]) are both turned into a tree of Nodes.
type Node struct {
	Name     string  // local name, e.g. "domain-config"
	Attrs    []Attr  // attributes in document order
	Children []*Node // child elements in document order
	Text     string  // character data directly inside the element, trimmed
	Line     int     // 1-based line of the start tag; 0 when unknown
}

// Attr is one attribute of a [Node].
type Attr struct {
	Space string // namespace URI ("" for unqualified attributes)
	Name  string // local name, e.g. "includeSubdomains"
	Value string // value as written (binary XML: as aapt2 renders it)
}

// Attr returns the value of the unqualified-or-any-namespace attribute name
// and whether it is present.
func (n *Node) Attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// Config is a parsed network security config file.
type Config struct {
	// File is the name the config was parsed from (e.g. "res/xml/nsc.xml").
	File string
	// Line is the line of the <network-security-config> root element.
	Line int
	// BaseConfig is the <base-config> element, nil if absent.
	BaseConfig *DomainConfig
	// DomainConfigs are the top-level <domain-config> elements; nested ones
	// are in their Children.
	DomainConfigs []*DomainConfig
	// DebugOverrides is the <debug-overrides> element, nil if absent. Only
	// its TrustAnchors are meaningful.
	DebugOverrides *DomainConfig
	// Problems lists every reason the platform would reject this config.
	// A config with problems is rejected as a whole.
	Problems []Problem
	// Unknown holds unknown top-level elements (kept raw, skipped by the
	// platform).
	Unknown []*Node
}

// Kind says which element a [DomainConfig] came from.
type Kind int

// The kinds of [DomainConfig].
const (
	KindDomain Kind = iota // <domain-config>
	KindBase               // <base-config>
	KindDebug              // <debug-overrides>
)

// DomainConfig is a <domain-config>, <base-config> or <debug-overrides>
// element. Pointer fields are nil when the element leaves the value unset
// (so it is inherited).
type DomainConfig struct {
	Kind Kind
	Line int
	// Domains are the <domain> children (only for KindDomain).
	Domains []Domain
	// CleartextPermitted is the cleartextTrafficPermitted attribute.
	CleartextPermitted *bool
	// TrustAnchors is the <trust-anchors> child, nil if absent.
	TrustAnchors *TrustAnchors
	// PinSet is the <pin-set> child, nil if absent. An empty, non-nil
	// PinSet removes inherited pins.
	PinSet *PinSet
	// Children are nested <domain-config> elements.
	Children []*DomainConfig
	// Parent is the enclosing <domain-config>, nil at the top level.
	Parent *DomainConfig `json:"-" xml:"-"`
	// Unknown holds unknown child elements, e.g. TrustKit's
	// <trustkit-config>, kept raw for other parsers.
	Unknown []*Node
}

// Domain is one <domain> entry of a domain-config.
type Domain struct {
	// Name is the host, normalised with internal/hostname (lower-case,
	// IDNA A-labels, no trailing dot); text that is not a host name is
	// kept as written (trimmed) and matches no host.
	Name              string
	IncludeSubdomains bool
	Line              int
}

// TrustAnchors is a <trust-anchors> element.
type TrustAnchors struct {
	Line         int
	Certificates []Certificates
}

// Certificates is a <certificates> element inside <trust-anchors>.
type Certificates struct {
	// Src is "system", "user", "wfa" (Wi-Fi Alliance CAs, Android 15+) or
	// a raw resource reference ("@raw/ca", "@0x7f0b0000" from binary XML).
	Src string
	// OverridePins is the overridePins attribute; nil when unset (false,
	// or true inside debug-overrides).
	OverridePins *bool
	Line         int
}

// PinSet is a <pin-set> element.
type PinSet struct {
	Line int
	// Expiration is the expiration attribute as written ("yyyy-MM-dd"), or "".
	Expiration string
	Pins       []Pin
}

// Pin is a <pin> element.
type Pin struct {
	Digest string // the digest attribute as written ("SHA-256")
	Value  string // the element text, trimmed
	Line   int
}

// Problem is one reason the platform would reject a config.
type Problem struct {
	File    string
	Line    int
	Message string
	// DebugOnly marks problems inside <debug-overrides>, which the platform
	// only parses for debuggable apps.
	DebugOnly bool
}

// Error formats the problem as "file:line: message".
func (p Problem) Error() string {
	switch {
	case p.File != "" && p.Line > 0:
		return p.File + ":" + strconv.Itoa(p.Line) + ": " + p.Message
	case p.File != "":
		return p.File + ": " + p.Message
	}
	return p.Message
}

// Valid reports whether the platform would load the config in a
// non-debuggable app.
func (c *Config) Valid() bool { return c.ValidFor(false) }

// ValidFor reports whether the platform would load the config in an app
// that is (or is not) debuggable: problems inside <debug-overrides> only
// count for debuggable apps.
func (c *Config) ValidFor(debuggable bool) bool {
	if c == nil {
		return false
	}
	for _, p := range c.Problems {
		if debuggable || !p.DebugOnly {
			return false
		}
	}
	return true
}

// Walk calls fn for every <domain-config> in document order, parents before
// their children.
func (c *Config) Walk(fn func(*DomainConfig)) {
	var walk func([]*DomainConfig)
	walk = func(dcs []*DomainConfig) {
		for _, dc := range dcs {
			fn(dc)
			walk(dc.Children)
		}
	}
	walk(c.DomainConfigs)
}
