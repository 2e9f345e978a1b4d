package policy

import (
	"bytes"
	"encoding/base64"
	"fmt"

	"github.com/pinkit/pinkit/ats"
	"howett.net/plist"
)

// ATS returns the NSAppTransportSecurity dictionary of f with
// NSPinnedDomains. ATS checks CA identities and leaf identities
// separately (both must match when both are set), so every pin needs a
// kind, and each side used needs a backup when enforcing: at least two
// pins. ATS has neither report-only mode nor expiry.
func ATS(f *File) (*ats.Config, error) {
	if f.ReportOnly() {
		return nil, errNoReportOnly(TargetATS)
	}
	c := &ats.Config{HasPinnedDomains: true}
	for _, d := range f.Domains {
		pd := ats.PinnedDomain{Name: d.Name, IncludesSubdomains: d.IncludeSubdomains}
		for _, p := range d.Pins {
			b64 := base64.StdEncoding.EncodeToString(p.Digest[:])
			switch p.Kind {
			case KindCA:
				if pd.CA == nil {
					pd.CA = &ats.IdentityList{}
				}
				pd.CA.Valid = append(pd.CA.Valid, b64)
			case KindLeaf:
				if pd.Leaf == nil {
					pd.Leaf = &ats.IdentityList{}
				}
				pd.Leaf.Valid = append(pd.Leaf.Valid, b64)
			default:
				return nil, fmt.Errorf("gen ats: %s: pin %s has no kind: ATS matches CA and leaf identities "+
					"separately, so set kind: ca or kind: leaf (a cert: source sets it)", d.Name, p.SPKI)
			}
		}
		for side, l := range map[string]*ats.IdentityList{"NSPinnedCAIdentities": pd.CA, "NSPinnedLeafIdentities": pd.Leaf} {
			if l != nil && len(l.Valid) < 2 {
				return nil, fmt.Errorf("gen ats: %s: %s would hold %d pin: ATS checks each side on its own, "+
					"so each side used needs a backup (at least 2 pins of that kind)", d.Name, side, len(l.Valid))
			}
		}
		c.PinnedDomains = append(c.PinnedDomains, pd)
	}
	return c, nil
}

// marshalATS writes ATS(f) as an XML plist with the notes as a comment.
func marshalATS(f *File) ([]byte, error) {
	c, err := ATS(f)
	if err != nil {
		return nil, err
	}
	out, err := ats.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("gen ats: %w", err)
	}
	var notes bytes.Buffer
	fmt.Fprintf(&notes, "<!-- %s\n", header(f, TargetATS))
	notes.WriteString("     Merge NSAppTransportSecurity into the app's Info.plist (iOS 14+).\n" +
		"     NSPinnedCAIdentities match any CA certificate of the chain, NSPinnedLeafIdentities the leaf;\n" +
		"     when both are set, both must match.\n")
	if f.Expires != "" {
		fmt.Fprintf(&notes, "     ATS pins never expire: ship new pins before %s.\n", f.Expires)
	}
	for _, d := range f.Domains {
		fmt.Fprintf(&notes, "     %s:", d.Name)
		for _, p := range d.Pins {
			fmt.Fprintf(&notes, " %s [%s];", pinComment(p), p.Kind)
		}
		notes.WriteString("\n")
	}
	notes.WriteString("-->\n")
	i := bytes.Index(out, []byte("<plist"))
	if i < 0 {
		return nil, fmt.Errorf("gen ats: unexpected plist output")
	}
	out = append(append(out[:i:i], notes.Bytes()...), out[i:]...)
	return append(out, '\n'), nil
}

// marshalPlist writes v as an indented XML plist.
func marshalPlist(v any) ([]byte, error) {
	return plist.MarshalIndent(v, plist.XMLFormat, "\t")
}
