package policy

import (
	"bytes"
	"encoding/base64"
	"fmt"

	"github.com/pinkit/pinkit/nsc"
)

// NSC returns the network security config of f as is: one domain-config
// per domain with its pin-set, cleartext refused and only system CAs
// trusted. With trustKit, each domain-config also holds a
// <trustkit-config> for TrustKit-Android.
func NSC(f *File, trustKit bool) (*nsc.Config, error) {
	if f.ReportOnly() && !trustKit {
		return nil, errNoReportOnly(TargetNSC)
	}
	no := false
	c := &nsc.Config{}
	for _, d := range f.Domains {
		dc := &nsc.DomainConfig{
			Kind:               nsc.KindDomain,
			Domains:            []nsc.Domain{{Name: d.Name, IncludeSubdomains: d.IncludeSubdomains}},
			CleartextPermitted: &no,
			TrustAnchors:       &nsc.TrustAnchors{Certificates: []nsc.Certificates{{Src: "system"}}},
			PinSet:             &nsc.PinSet{Expiration: f.Expires},
		}
		for _, p := range d.Pins {
			dc.PinSet.Pins = append(dc.PinSet.Pins, nsc.Pin{Digest: "SHA-256", Value: base64.StdEncoding.EncodeToString(p.Digest[:])})
		}
		if trustKit {
			dc.Unknown = append(dc.Unknown, trustKitNode(f))
		}
		c.DomainConfigs = append(c.DomainConfigs, dc)
	}
	return c, nil
}

// trustKitNode is TrustKit-Android's <trustkit-config>.
func trustKitNode(f *File) *nsc.Node {
	n := &nsc.Node{Name: "trustkit-config", Attrs: []nsc.Attr{
		{Name: "enforcePinning", Value: fmt.Sprint(!f.ReportOnly())},
		{Name: "disableDefaultReportUri", Value: "true"},
	}}
	if f.ReportURI != "" {
		n.Children = append(n.Children, &nsc.Node{Name: "report-uri", Text: f.ReportURI})
	}
	return n
}

// marshalNSC writes NSC(f) through nsc.Marshal with the platform notes as
// comments.
func marshalNSC(f *File, trustKit bool) ([]byte, error) {
	target := TargetNSC
	if trustKit {
		target = TargetTrustKitAndroid
	}
	c, err := NSC(f, trustKit)
	if err != nil {
		return nil, err
	}
	out, err := nsc.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("gen %s: %w", target, err)
	}
	var notes bytes.Buffer
	fmt.Fprintf(&notes, "<!-- %s\n", header(f, target))
	fmt.Fprintf(&notes, "     Reference it from the manifest: <application android:networkSecurityConfig=\"@xml/network_security_config\">.\n")
	if f.Expires != "" {
		fmt.Fprintf(&notes, "     expiration=\"%s\": Android stops checking these pins at 00:00 device-local time of that day\n"+
			"     (up to 14 h before or 12 h after 00:00 UTC, when the other platforms stop).\n", f.Expires)
	}
	if trustKit && f.ReportOnly() {
		notes.WriteString("     enforcePinning=\"false\" makes TrustKit only report, but Android 7+ enforces the <pin-set> itself.\n")
	}
	for _, d := range f.Domains {
		fmt.Fprintf(&notes, "     %s:", d.Name)
		for _, p := range d.Pins {
			fmt.Fprintf(&notes, " %s;", pinComment(p))
		}
		notes.WriteString("\n")
	}
	notes.WriteString("-->\n")
	i := bytes.IndexByte(out, '\n') + 1 // after the XML declaration
	return append(append(out[:i:i], notes.Bytes()...), out[i:]...), nil
}
