package rules

import (
	"slices"
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// PlatformParity is PK401: a first-party host is pinned on one platform and
// not on the other, or with different pins. It is an [audit.PairRule]: the
// engine runs it once per Android/iOS pair after auditing each app.
type PlatformParity struct{}

// Metadata implements audit.Rule.
func (PlatformParity) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK401",
		Name:        "platform-parity",
		Description: "A first-party host is pinned on Android but not on iOS (or the reverse), or with different pins.",
		Help: "An attacker picks the weaker platform: if the Android app pins `api.example.com` and the iOS app " +
			"does not, the API is only as protected as the iOS build. Audit both builds together " +
			"(`pinkit audit app.apk app.ipa`) and keep the pin sets identical (generate both from one " +
			"`pinkit` policy file).",
		MASWE:    []string{"MASWE-0047"},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: "https://mas.owasp.org/MASWE/MASVS-NETWORK/MASWE-0047/",
	}
}

// Applies implements audit.Applier: parity never applies to one app alone;
// the engine runs CheckPair on each pair instead.
func (PlatformParity) Applies(*audit.App) bool { return false }

// Check implements audit.Rule; parity needs two apps, see CheckPair.
func (PlatformParity) Check(*audit.App, *audit.Context) []audit.Finding { return nil }

// CheckPair implements audit.PairRule.
func (r PlatformParity) CheckPair(p *audit.Pair, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, row := range p.Hosts {
		if !row.FirstParty() || hosttable.IsLocalHost(strings.TrimLeft(row.Host, "*.")) {
			continue
		}
		a, i := row.Android, row.IOS
		va, vi := hosttable.ValidPins(a), hosttable.ValidPins(i)
		var f audit.Finding
		switch {
		case a.Pinned && !i.Pinned:
			f = m.Finding(row.Host, "ios-unpinned", row.Host+" is pinned on Android ("+sources(a)+") but not on iOS", where(i, p.IOS.App))
			f.App = p.IOS.App.Path
		case i.Pinned && !a.Pinned:
			f = m.Finding(row.Host, "android-unpinned", row.Host+" is pinned on iOS ("+sources(i)+") but not on Android", where(a, p.Android.App))
			f.App = p.Android.App.Path
		case a.Pinned && i.Pinned && len(va) > 0 && len(vi) > 0 && !slices.Equal(va, vi):
			// (a side whose pins are unknown, e.g. an Alamofire evaluator without bundled certificates, is not compared)
			f = m.Finding(row.Host, "pins-differ", row.Host+" has different pins: Android "+
				strings.Join(va, ",")+" vs iOS "+strings.Join(vi, ","), where(i, p.IOS.App))
			f.App = p.IOS.App.Path
		default:
			continue
		}
		out = append(out, f)
	}
	return out
}

// where locates a row, or, for a host the app never names, the app's
// platform config (NSC file or Info.plist).
func where(h hosttable.Row, app *audit.App) audit.Location {
	switch {
	case h.Location != (audit.Location{}):
		return h.Location
	case app.NSCFile != "":
		return audit.Location{File: app.NSCFile}
	case app.ATS != nil:
		return audit.Location{File: app.ATS.File}
	}
	return audit.Location{}
}

// sources names the pinning mechanisms of a row.
func sources(h hosttable.Row) string {
	var s []string
	for _, p := range h.Pins {
		if !slices.Contains(s, p.Source) {
			s = append(s, p.Source)
		}
	}
	if len(s) == 0 {
		return "empty pin set"
	}
	return strings.Join(s, ", ")
}
