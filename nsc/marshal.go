package nsc

import (
	"bytes"
	"encoding/xml"
	"strconv"
)

// Marshal writes c back as source XML. Parsing the output gives a config
// equal to c except for line numbers. Unknown elements are written back
// as they were read.
func Marshal(c *Config) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "    ")
	root := &Node{Name: "network-security-config"}
	if c.BaseConfig != nil {
		root.Children = append(root.Children, entryNode("base-config", c.BaseConfig))
	}
	for _, dc := range c.DomainConfigs {
		root.Children = append(root.Children, entryNode("domain-config", dc))
	}
	if c.DebugOverrides != nil {
		root.Children = append(root.Children, entryNode("debug-overrides", c.DebugOverrides))
	}
	root.Children = append(root.Children, c.Unknown...)
	if err := encodeNode(enc, root); err != nil {
		return nil, err
	}
	if err := enc.Flush(); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

func entryNode(name string, dc *DomainConfig) *Node {
	n := &Node{Name: name}
	if dc.CleartextPermitted != nil {
		n.Attrs = append(n.Attrs, Attr{Name: "cleartextTrafficPermitted", Value: strconv.FormatBool(*dc.CleartextPermitted)})
	}
	for _, d := range dc.Domains {
		dn := &Node{Name: "domain", Text: d.Name}
		if d.IncludeSubdomains {
			dn.Attrs = []Attr{{Name: "includeSubdomains", Value: "true"}}
		}
		n.Children = append(n.Children, dn)
	}
	if dc.TrustAnchors != nil {
		n.Children = append(n.Children, anchorsNode(dc.TrustAnchors))
	}
	if dc.PinSet != nil {
		n.Children = append(n.Children, pinSetNode(dc.PinSet))
	}
	for _, child := range dc.Children {
		n.Children = append(n.Children, entryNode("domain-config", child))
	}
	n.Children = append(n.Children, dc.Unknown...)
	return n
}

func anchorsNode(ta *TrustAnchors) *Node {
	n := &Node{Name: "trust-anchors"}
	for _, c := range ta.Certificates {
		cn := &Node{Name: "certificates", Attrs: []Attr{{Name: "src", Value: c.Src}}}
		if c.OverridePins != nil {
			cn.Attrs = append(cn.Attrs, Attr{Name: "overridePins", Value: strconv.FormatBool(*c.OverridePins)})
		}
		n.Children = append(n.Children, cn)
	}
	return n
}

func pinSetNode(ps *PinSet) *Node {
	n := &Node{Name: "pin-set"}
	if ps.Expiration != "" {
		n.Attrs = []Attr{{Name: "expiration", Value: ps.Expiration}}
	}
	for _, p := range ps.Pins {
		pn := &Node{Name: "pin", Text: p.Value}
		if p.Digest != "" {
			pn.Attrs = []Attr{{Name: "digest", Value: p.Digest}}
		}
		n.Children = append(n.Children, pn)
	}
	return n
}

func encodeNode(enc *xml.Encoder, n *Node) error {
	start := xml.StartElement{Name: xml.Name{Local: n.Name}}
	for _, a := range n.Attrs {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Space: a.Space, Local: a.Name}, Value: a.Value})
	}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	if n.Text != "" {
		if err := enc.EncodeToken(xml.CharData(n.Text)); err != nil {
			return err
		}
	}
	for _, c := range n.Children {
		if err := encodeNode(enc, c); err != nil {
			return err
		}
	}
	return enc.EncodeToken(start.End())
}
