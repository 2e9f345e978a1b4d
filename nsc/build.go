package nsc

import (
	"fmt"
	"strings"

	"github.com/pinkit/pinkit/internal/hostname"
)

// FromNode builds a Config from a decoded element tree (binary XML decoded by
// internal/axml, or [ParseNode]). filename names the file in problems. The
// returned error is non-nil only for a nil root or a tree past the size
// limits; everything the platform would reject is in Config.Problems.
func FromNode(filename string, root *Node) (*Config, error) {
	if root == nil {
		return nil, fmt.Errorf("failed to read %s: no root element", filename)
	}
	if err := checkTree(root); err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", filename, err)
	}
	b := builder{cfg: &Config{File: filename, Line: root.Line}, seen: map[string]int{}}
	if root.Name != "network-security-config" {
		b.problem(root.Line, fmt.Sprintf("root element is <%s>, want <network-security-config>", root.Name))
		return b.cfg, nil
	}
	b.top(root)
	return b.cfg, nil
}

// checkTree enforces the depth and element-count limits on trees that did
// not come from [ParseNode].
func checkTree(root *Node) error {
	count := 0
	var walk func(n *Node, depth int) error
	walk = func(n *Node, depth int) error {
		if depth > maxDepth {
			return fmt.Errorf("elements nested deeper than %d", maxDepth)
		}
		if count++; count > maxNodes {
			return fmt.Errorf("more than %d elements", maxNodes)
		}
		for _, c := range n.Children {
			if c == nil {
				return fmt.Errorf("nil child of <%s>", n.Name)
			}
			if err := walk(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(root, 1)
}

type builder struct {
	cfg   *Config
	seen  map[string]int // domain -> line of first occurrence
	debug bool           // inside debug-overrides
}

func (b *builder) problem(line int, msg string) {
	b.cfg.Problems = append(b.cfg.Problems, Problem{File: b.cfg.File, Line: line, Message: msg, DebugOnly: b.debug})
}

func (b *builder) top(root *Node) {
	for _, n := range root.Children {
		switch n.Name {
		case "base-config":
			if b.cfg.BaseConfig != nil {
				b.problem(n.Line, "only one <base-config> allowed")
				continue
			}
			b.cfg.BaseConfig = b.entry(n, KindBase, nil)
		case "domain-config":
			b.cfg.DomainConfigs = append(b.cfg.DomainConfigs, b.entry(n, KindDomain, nil))
		case "debug-overrides":
			b.debug = true
			if b.cfg.DebugOverrides != nil {
				b.problem(n.Line, "only one <debug-overrides> allowed")
			} else {
				b.cfg.DebugOverrides = b.entry(n, KindDebug, nil)
			}
			b.debug = false
		default:
			b.cfg.Unknown = append(b.cfg.Unknown, n)
		}
	}
}

// entry parses a base-config, domain-config or debug-overrides element, as
// XmlConfigSource.parseConfigEntry does.
func (b *builder) entry(n *Node, kind Kind, parent *DomainConfig) *DomainConfig {
	dc := &DomainConfig{Kind: kind, Line: n.Line, Parent: parent}
	if v, ok := n.Attr("cleartextTrafficPermitted"); ok {
		dc.CleartextPermitted = b.boolAttr(n, "cleartextTrafficPermitted", v)
	}
	name := n.Name
	for _, c := range n.Children {
		switch c.Name {
		case "domain":
			if kind != KindDomain {
				b.problem(c.Line, "<domain> not allowed in <"+name+">")
				continue
			}
			if d, ok := b.domain(c); ok {
				dc.Domains = append(dc.Domains, d)
			}
		case "trust-anchors":
			if dc.TrustAnchors != nil {
				b.problem(c.Line, "multiple <trust-anchors> elements not allowed in <"+name+">")
				continue
			}
			dc.TrustAnchors = b.anchors(c)
		case "pin-set":
			if kind != KindDomain {
				b.problem(c.Line, "<pin-set> not allowed in <"+name+">")
				continue
			}
			if dc.PinSet != nil {
				b.problem(c.Line, "multiple <pin-set> elements not allowed in <"+name+">")
				continue
			}
			dc.PinSet = b.pinSet(c)
		case "domain-config":
			if kind != KindDomain {
				b.problem(c.Line, "nested <domain-config> not allowed in <"+name+">")
				continue
			}
			dc.Children = append(dc.Children, b.entry(c, KindDomain, dc))
		default:
			dc.Unknown = append(dc.Unknown, c)
		}
	}
	if kind == KindDomain && len(dc.Domains) == 0 {
		b.problem(n.Line, "<domain-config> has no <domain> element")
	}
	return dc
}

// boolAttr parses a boolean attribute as XmlResourceParser does for literal
// values ("true"/"false", case-insensitive); anything else is a problem. A
// resource reference ("@bool/x", "@0x7f050001") that the loader did not
// resolve is treated as unset.
func (b *builder) boolAttr(n *Node, name, v string) *bool {
	if strings.HasPrefix(strings.TrimSpace(v), "@") {
		return nil
	}
	t, ok := parseBool(v)
	if !ok {
		b.problem(n.Line, fmt.Sprintf("<%s> %s=%q is not a boolean", n.Name, name, v))
		return nil
	}
	return &t
}

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "1", "0xffffffff", "-1":
		return true, true
	case "false", "0", "0x0", "0x00000000":
		return false, true
	}
	return false, false
}

func (b *builder) domain(n *Node) (Domain, bool) {
	text := strings.TrimSpace(n.Text) // the platform trims the element's text
	d := Domain{Name: text, Line: n.Line}
	if h, err := hostname.Normalize(text); err == nil {
		d.Name = h
	}
	if v, ok := n.Attr("includeSubdomains"); ok {
		if p := b.boolAttr(n, "includeSubdomains", v); p != nil {
			d.IncludeSubdomains = *p
		}
	}
	switch {
	case len(n.Children) > 0:
		b.problem(n.Line, "<domain> contains child elements")
		return d, false
	case text == "":
		b.problem(n.Line, "<domain> has no domain name")
		return d, false
	}
	key := strings.ToLower(text) // XmlConfigSource's duplicate check: the text, lower-cased
	if first, dup := b.seen[key]; dup {
		b.problem(n.Line, fmt.Sprintf("domain %q already specified on line %d", d.Name, first))
		return d, false
	}
	b.seen[key] = n.Line
	return d, true
}

func (b *builder) anchors(n *Node) *TrustAnchors {
	ta := &TrustAnchors{Line: n.Line, Certificates: []Certificates{}}
	for _, c := range n.Children {
		if c.Name != "certificates" {
			continue
		}
		cert := Certificates{Line: c.Line}
		src, ok := c.Attr("src")
		switch {
		case !ok:
			b.problem(c.Line, "<certificates> has no src attribute")
			continue
		case src == "system" || src == "user" || src == "wfa" || strings.HasPrefix(src, "@"):
			cert.Src = src
		default:
			b.problem(c.Line, fmt.Sprintf("<certificates> src=%q: want system, user, wfa or a @raw resource", src))
			continue
		}
		if v, ok := c.Attr("overridePins"); ok {
			cert.OverridePins = b.boolAttr(c, "overridePins", v)
		}
		ta.Certificates = append(ta.Certificates, cert)
	}
	return ta
}

func (b *builder) pinSet(n *Node) *PinSet {
	ps := &PinSet{Line: n.Line, Pins: []Pin{}}
	if v, ok := n.Attr("expiration"); ok {
		ps.Expiration = v
		if _, err := parseExpiration(v); err != nil {
			b.problem(n.Line, fmt.Sprintf("<pin-set> expiration=%q: %v", v, err))
		}
	}
	for _, c := range n.Children {
		if c.Name != "pin" {
			continue
		}
		p := Pin{Line: c.Line, Value: strings.TrimSpace(c.Text)}
		p.Digest, _ = c.Attr("digest")
		if err := p.Check(); err != nil {
			b.problem(c.Line, err.Error())
		}
		if len(c.Children) > 0 {
			b.problem(c.Line, "<pin> contains child elements")
		}
		ps.Pins = append(ps.Pins, p)
	}
	return ps
}
