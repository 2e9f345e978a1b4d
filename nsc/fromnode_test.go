package nsc

import "testing"

// TestFromNodeBinaryShape feeds the tree shape internal/axml produces for
// compiled XML: values rendered as aapt2 does, resource references as
// "@0x…", no source lines for some nodes.
func TestFromNodeBinaryShape(t *testing.T) {
	t.Parallel()
	root := &Node{Name: "network-security-config", Line: 2, Children: []*Node{
		{Name: "domain-config", Line: 3, Attrs: []Attr{{Name: "cleartextTrafficPermitted", Value: "false"}}, Children: []*Node{
			{Name: "domain", Line: 4, Attrs: []Attr{{Name: "includeSubdomains", Value: "true"}}, Text: "Example.com"},
			{Name: "trust-anchors", Line: 5, Children: []*Node{
				{Name: "certificates", Line: 6, Attrs: []Attr{{Name: "src", Value: "@0x7f0b0000"}, {Name: "overridePins", Value: "false"}}},
			}},
			{Name: "pin-set", Line: 8, Attrs: []Attr{{Name: "expiration", Value: "2030-01-01"}}, Children: []*Node{
				{Name: "pin", Line: 9, Attrs: []Attr{{Name: "digest", Value: "SHA-256"}}, Text: pinA},
				{Name: "pin", Line: 10, Attrs: []Attr{{Name: "digest", Value: "SHA-256"}}, Text: pinB},
			}},
		}},
	}}
	c, err := FromNode("res/4u.xml", root)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Valid() {
		t.Fatalf("problems: %v", c.Problems)
	}
	dc := c.DomainConfigs[0]
	if dc.Domains[0].Name != "example.com" || dc.TrustAnchors.Certificates[0].Src != "@0x7f0b0000" || len(dc.PinSet.Pins) != 2 {
		t.Errorf("config = %+v", dc)
	}
	e := c.Resolve("www.example.com", ResolveOptions{TargetSDK: 30})
	if !e.Pinned() || e.SystemCAs || e.CleartextPermitted {
		t.Errorf("resolve = %+v", e)
	}
	// limits hold for hand-built trees too
	deep := &Node{Name: "network-security-config"}
	n := deep
	for range maxDepth + 1 {
		child := &Node{Name: "x"}
		n.Children = []*Node{child}
		n = child
	}
	if _, err := FromNode("deep.xml", deep); err == nil {
		t.Error("deep tree accepted")
	}
	if _, err := FromNode("nil.xml", &Node{Name: "network-security-config", Children: []*Node{nil}}); err == nil {
		t.Error("nil child accepted")
	}
}
