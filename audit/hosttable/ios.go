package hosttable

import (
	"slices"
	"strings"
	"time"

	"github.com/pinkit/pinkit/ats"
	"github.com/pinkit/pinkit/audit/model"
	"github.com/pinkit/pinkit/internal/pinfmt"
	"github.com/pinkit/pinkit/nsc"
	"github.com/pinkit/pinkit/trustkit"
)

// addRows adds to t a row per NSPinnedDomains, NSExceptionDomains,
// TSKPinnedDomains and Alamofire evaluator host of an iOS app; fill then
// computes every row from ATS, TrustKit and code-level pinning.
func (it *iosTable) addRows(t *hostTable) {
	app := it.app
	if app.ATS != nil {
		loc := model.Location{File: app.ATS.File}
		for _, p := range app.ATS.PinnedDomains {
			t.add(p.Name, model.SourceATS, loc)
		}
		for _, e := range app.ATS.ExceptionDomains {
			t.add(e.Name, model.SourceATS, loc)
		}
	}
	for _, c := range app.TrustKit {
		for _, d := range c.Domains {
			t.add(d.Name, model.SourceTrustKit, model.Location{File: c.File, Line: d.Line})
		}
	}
	for _, h := range it.evals {
		t.add(h.Host, model.SourceAlamofire, h.Location)
	}
}

type iosTable struct {
	app  *model.App
	now  time.Time
	cls  classifier
	owns []string // ATS pinned, TrustKit and Alamofire evaluator host names
	// evals are the hosts the code maps to a pinning Alamofire evaluator.
	evals []model.HostRef
}

func newIOSTable(app *model.App, now time.Time, firstParty []string) *iosTable {
	t := &iosTable{app: app, now: now, cls: newClassifier(app, nil, firstParty), evals: evaluatorHosts(app)}
	if app.ATS != nil {
		for _, p := range app.ATS.PinnedDomains {
			t.owns = append(t.owns, p.Name)
		}
	}
	for _, c := range app.TrustKit {
		for _, d := range c.Domains {
			t.owns = append(t.owns, d.Name)
		}
	}
	for _, h := range t.evals {
		t.owns = append(t.owns, h.Host)
	}
	for _, o := range t.owns {
		if r := registrable(o); r != "" && !isThirdParty(o) && t.cls.owned[r] == "" {
			t.cls.owned[r] = "its domain " + r + " is pinned or configured in ATS, TrustKit or Alamofire"
		}
	}
	return t
}

// evaluatorHosts are hosts the code maps to a pinning Alamofire evaluator.
func evaluatorHosts(app *model.App) []model.HostRef {
	var out []model.HostRef
	for _, c := range app.CodeChecks {
		if c.Host != "" && (c.Kind == CheckAlamofireCertificate || c.Kind == CheckAlamofirePublicKeys) {
			out = append(out, model.HostRef{Host: nameOrRaw(c.Host, c.Host), Source: model.SourceAlamofire, Location: c.Location})
		}
	}
	return out
}

// fill computes the effective iOS policy of one row.
func (t *iosTable) fill(row *Row) {
	lookup := strings.TrimPrefix(strings.TrimPrefix(row.Host, "**."), "*.")
	row.Pins, row.Pinned = nil, false
	eff := t.app.ATS.Resolve(lookup)
	if t.app.ATSNotApplied != "" {
		eff = ats.Effective{Host: lookup, ArbitraryLoads: true} // no ATS: cleartext allowed, no ATS pins
	}
	t.fillATS(row, eff, lookup)
	t.fillTrustKit(row, lookup)
	t.fillAlamofire(row, lookup)
	row.Backup = distinctValid(row.Pins) >= 2
	row.FirstParty, row.FirstPartyWhy = t.cls.firstParty(lookup, nsc.Effective{})
	if !row.FirstParty && !IsLocalHost(lookup) && slices.Contains(t.owns, lookup) {
		row.FirstParty, row.FirstPartyWhy = true, "pinned or configured in ATS, TrustKit or Alamofire"
	}
}

func (t *iosTable) fillATS(row *Row, eff ats.Effective, lookup string) {
	row.Cleartext = eff.ArbitraryLoads || (eff.Exception != nil && eff.Exception.AllowsInsecureHTTPLoads)
	p := eff.Pinned
	if p == nil {
		return
	}
	// A present-but-empty identity list still pins: nothing can connect.
	row.Pinned = true
	if p.Name == lookup {
		row.IncludeSubdomains = p.IncludesSubdomains
	}
	loc := model.Location{File: t.app.ATS.File, Symbol: "NSPinnedDomains." + p.Name}
	for _, l := range []*ats.IdentityList{p.CA, p.Leaf} {
		if l == nil {
			continue
		}
		for _, v := range l.Valid {
			row.Pins = append(row.Pins, PinRef{Value: v, Algorithm: "sha256", Source: model.SourceATS, Valid: pinfmt.Judge(pinfmt.ATS, v).Usable(), Location: loc})
		}
		for _, v := range l.Invalid {
			row.Pins = append(row.Pins, PinRef{Value: v, Algorithm: "sha256", Source: model.SourceATS, Location: loc})
		}
	}
}

func (t *iosTable) fillTrustKit(row *Row, lookup string) {
	for _, c := range t.app.TrustKit {
		d := matchTrustKit(c, lookup)
		if d == nil {
			continue
		}
		expired, _ := d.Expired(t.now.UTC()) // TrustKit iOS compares in UTC
		loc := model.Location{File: c.File, Line: d.Line, Symbol: "TSKPinnedDomains." + d.Name}
		for _, p := range d.Pins {
			row.Pins = append(row.Pins, PinRef{Value: p, Algorithm: "sha256", Source: model.SourceTrustKit,
				Valid: pinfmt.Judge(c.PinFormat(), p).Usable(), Location: loc})
		}
		if d.Expiration != "" {
			row.Expires, row.Expired = d.Expiration, expired
		}
		if d.EnforcePinning && !expired && len(d.Pins) > 0 {
			row.Pinned = true
		}
		if d.Name == lookup && d.IncludeSubdomains {
			row.IncludeSubdomains = true
		}
	}
}

// matchTrustKit returns the most specific TrustKit domain covering host.
func matchTrustKit(c *trustkit.Config, host string) *trustkit.Domain {
	var best *trustkit.Domain
	for i := range c.Domains {
		d := &c.Domains[i]
		switch {
		case d.Name == host:
			return d
		case d.IncludeSubdomains && strings.HasSuffix(host, "."+d.Name) && (best == nil || len(d.Name) > len(best.Name)):
			best = d
		}
	}
	return best
}

// fillAlamofire pins hosts mapped to an Alamofire pinning evaluator; the
// evaluators default to the certificates bundled with the app.
func (t *iosTable) fillAlamofire(row *Row, lookup string) {
	for _, h := range t.evals {
		if h.Host != lookup {
			continue
		}
		row.Pinned = true
		for _, c := range t.app.BundledCerts {
			row.Pins = append(row.Pins, PinRef{Value: c.Pin, Algorithm: "sha256", Source: model.SourceAlamofire,
				Valid: pinfmt.Judge(pinfmt.Strict, "sha256/"+strings.TrimPrefix(c.Pin, "sha256/")).Usable(), Location: model.Location{File: c.File}})
		}
		return
	}
}
