package hosttable

import (
	"cmp"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/pinkit/pinkit/audit/model"
	"github.com/pinkit/pinkit/internal/hostname"
	"github.com/pinkit/pinkit/internal/pinfmt"
	"github.com/pinkit/pinkit/nsc"
	"golang.org/x/net/publicsuffix"
)

// EffectiveNSC returns the config the platform loads for app: App.NSC, with
// the debug companion's <debug-overrides> when the app is debuggable and
// the main file has none. It returns nil when the app has no NSC.
func EffectiveNSC(app *model.App) *nsc.Config {
	c := app.NSC
	if c == nil || !app.Debuggable || c.DebugOverrides != nil || app.NSCDebug == nil || app.NSCDebug.DebugOverrides == nil {
		return c
	}
	merged := *c
	merged.DebugOverrides = app.NSCDebug.DebugOverrides
	return &merged
}

// ResolveOptions returns the nsc resolve options for app at now.
func ResolveOptions(app *model.App, now time.Time) nsc.ResolveOptions {
	return nsc.ResolveOptions{TargetSDK: app.TargetSDK, Debuggable: app.Debuggable, Now: now}
}

// Config says how [Build] computes a table.
type Config struct {
	// Now is the audit time: pin-set expiry is judged at Now.
	Now time.Time
	// FirstParty lists registrable domains that are first-party for every
	// app, in addition to the NSC domains and the reversed package name;
	// they win over the built-in third-party SDK list.
	FirstParty []string
}

// Build computes app's effective per-host table: one row per NSC <domain>,
// OkHttp pattern and hardcoded host (for an iOS app also per ATS, TrustKit
// and Alamofire evaluator host), sorted by host, each row's App set to
// app.Path.
func Build(app *model.App, cfg Config) []Row {
	t := hostTable{app: app, now: cfg.Now, cfg: EffectiveNSC(app), rows: map[string]*Row{}}
	t.cls = newClassifier(app, t.cfg, cfg.FirstParty)
	t.addAndroidRows()
	var ios *iosTable
	if app.Platform == model.PlatformIOS {
		ios = newIOSTable(app, cfg.Now, cfg.FirstParty)
		ios.addRows(&t)
	}
	out := make([]Row, 0, len(t.rows))
	for _, row := range t.rows {
		if ios != nil {
			ios.fill(row)
		} else {
			t.fill(row)
		}
		row.App = app.Path
		out = append(out, *row)
	}
	slices.SortFunc(out, func(a, b Row) int { return cmp.Compare(a.Host, b.Host) })
	return out
}

// Default returns the Android policy of a host that no config or code
// names (base-config, manifest or platform defaults): the row a PK108 or
// PK110 "every host" finding is about. Its Host is "". For an iOS app it
// is the zero row with App set.
func Default(app *model.App, cfg Config) Row {
	t := hostTable{app: app, now: cfg.Now, cfg: EffectiveNSC(app), rows: map[string]*Row{}}
	row := Row{App: app.Path}
	t.resolve(&row, "")
	return row
}

// addAndroidRows adds a row per NSC <domain>, OkHttp pattern and hardcoded
// host.
func (t *hostTable) addAndroidRows() {
	if t.cfg != nil {
		t.cfg.Walk(func(dc *nsc.DomainConfig) {
			for _, d := range dc.Domains {
				t.add(d.Name, model.SourceNSC, model.Location{File: t.cfg.File, Line: d.Line})
			}
		})
	}
	for _, p := range t.app.CodePins {
		t.patterns = append(t.patterns, okhttpPattern(p.Pattern))
		if p.Pattern != "" {
			t.add(okhttpPattern(p.Pattern), p.Library, p.Location)
		}
	}
	norm := map[string]string{} // normalizeHost (IDNA) once per distinct host
	for _, h := range t.app.Hosts {
		host, ok := norm[h.Host]
		if !ok {
			host = normalizeHost(h.Host)
			norm[h.Host] = host
		}
		if host != "" {
			t.add(host, cmp.Or(h.Source, model.SourceCode), h.Location)
		}
	}
}

type hostTable struct {
	app  *model.App
	now  time.Time
	cfg  *nsc.Config
	cls  classifier
	rows map[string]*Row
	// patterns are the lower-cased CodePins patterns, by index.
	patterns []string
}

func (t *hostTable) add(host, source string, loc model.Location) {
	row, ok := t.rows[host]
	if !ok {
		row = &Row{Host: host, Location: loc}
		t.rows[host] = row
	}
	if !slices.Contains(row.Sources, source) {
		row.Sources = append(row.Sources, source)
		slices.Sort(row.Sources)
	}
}

// fill computes the effective policy of one row.
func (t *hostTable) fill(row *Row) {
	lookup := strings.TrimPrefix(strings.TrimPrefix(row.Host, "**."), "*.")
	eff := t.resolve(row, lookup)
	row.UserCA, row.OverridePins = eff.UserCAs, eff.OverridePins
	if eff.PinSet != nil {
		row.Expires, row.Expired = eff.PinSet.Expiration, eff.Expired
	}
	for _, p := range eff.Pins {
		row.Pins = append(row.Pins, PinRef{Value: p.Value, Algorithm: "sha256", Source: model.SourceNSC,
			Valid: UsableNSCPin(p), Location: model.Location{File: t.cfg.File, Line: p.Line}})
	}
	row.ConfigRejected = len(eff.Pins) > 0 && !t.cfg.ValidFor(t.app.Debuggable)
	nscEnforced := len(eff.Pins) > 0 && !row.ConfigRejected && !overridesPublicAnchors(eff)
	okPins := t.okhttpPins(row.Host)
	row.Pins = append(row.Pins, okPins...)
	row.Pinned = nscEnforced || anyWellFormed(okPins)
	row.Backup = distinctValid(row.Pins) >= 2
	row.FirstParty, row.FirstPartyWhy = t.cls.firstParty(lookup, eff)
	if !row.FirstParty && slices.Contains(row.Sources, model.SourceOkHttp) && !IsLocalHost(lookup) {
		row.FirstParty, row.FirstPartyWhy = true, "pinned with OkHttp CertificatePinner"
	}
}

// resolve applies the Android platform policy (NSC or defaults) to a row.
// Other platforms get an empty policy here; their loaders and rules add
// their own (ATS).
func (t *hostTable) resolve(row *Row, lookup string) nsc.Effective {
	if t.app.Platform != model.PlatformAndroid && t.app.Platform != "" {
		return nsc.Effective{Host: lookup}
	}
	eff := t.cfg.Resolve(lookup, ResolveOptions(t.app, t.now))
	row.Cleartext = eff.CleartextPermitted
	row.UserCAFrom = userCAOrigin(t.cfg, eff)
	if t.cfg == nil {
		if t.app.UsesCleartext != nil {
			row.Cleartext = *t.app.UsesCleartext
		}
		row.CleartextFrom = cleartextOrigin(t.app, t.cfg, eff, row.Cleartext)
		return eff
	}
	row.CleartextFrom = cleartextOrigin(t.app, t.cfg, eff, row.Cleartext)
	if eff.Domain != nil && eff.Domain.Name == lookup && slices.Contains(row.Sources, model.SourceNSC) {
		row.IncludeSubdomains = eff.Domain.IncludeSubdomains
		row.Location = model.Location{File: t.cfg.File, Line: eff.Domain.Line}
	}
	return eff
}

// anyWellFormed reports whether OkHttp would accept one of the code pins
// (it throws on malformed ones when the pinner is built).
func anyWellFormed(pins []PinRef) bool {
	for _, p := range pins {
		if _, err := pinfmt.Parse(pinfmt.OkHttp, p.Value); err == nil {
			return true
		}
	}
	return false
}

// UsableNSCPin reports whether an NSC pin is well-formed and not a
// placeholder, so it counts as a real (backup) pin.
func UsableNSCPin(p nsc.Pin) bool {
	return p.Check() == nil && pinfmt.Judge(pinfmt.NSC, p.Value).Usable()
}

// overridesPublicAnchors reports whether a system or user anchor skips pins,
// so an interceptor with such a CA is never pin-checked.
func overridesPublicAnchors(eff nsc.Effective) bool {
	for _, a := range eff.Anchors {
		if a.OverridePins && (a.Src == "system" || a.Src == "user") {
			return true
		}
	}
	return false
}

// okhttpPins returns the union of the code pins whose pattern matches host;
// a pattern row ("*.example.com") gets only its own pins.
func (t *hostTable) okhttpPins(host string) []PinRef {
	var out []PinRef
	for i, p := range t.app.CodePins {
		pat := t.patterns[i]
		if pat == "" || (pat != host && (strings.Contains(host, "*") || !matchPattern(pat, host))) {
			continue
		}
		v := pinfmt.Judge(pinfmt.OkHttp, p.Pin)
		alg, valid := v.Alg, v.Usable()
		out = append(out, PinRef{Value: p.Pin, Algorithm: alg, Source: cmp.Or(p.Library, model.SourceOkHttp), Valid: valid, Location: p.Location})
	}
	return out
}

func distinctValid(pins []PinRef) int {
	seen := map[string]bool{}
	for _, p := range pins {
		if p.Valid {
			seen[p.Key()] = true
		}
	}
	return len(seen)
}

// MatchOkHttpPattern reports whether an OkHttp CertificatePinner pattern
// matches host: "*.example.com" matches exactly one extra label,
// "**.example.com" any number including none, anything else exact.
func MatchOkHttpPattern(pattern, host string) bool {
	h, err := hostname.Normalize(host)
	return err == nil && matchPattern(okhttpPattern(pattern), h)
}

// matchPattern is MatchOkHttpPattern on lower-case inputs.
func matchPattern(pattern, host string) bool {
	switch {
	case strings.HasPrefix(pattern, "**."):
		suffix := pattern[3:]
		n := len(host) - len(suffix)
		return host == suffix || (n > 1 && host[n-1] == '.' && host[n:] == suffix)
	case strings.HasPrefix(pattern, "*."):
		suffix := pattern[1:]
		prefix, ok := strings.CutSuffix(host, suffix)
		return ok && prefix != "" && !strings.Contains(prefix, ".")
	}
	return pattern == host
}

// normalizeHost returns the host of a host reference ("host",
// "host:port", "[v6]" or "[v6]:port") normalised with hostname.Normalize,
// or "" for something that is not a host name.
func normalizeHost(h string) string {
	bracketed := strings.HasPrefix(h, "[")
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	} else if bracketed && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	if bracketed && !strings.Contains(h, ":") {
		return "" // brackets hold only an IPv6 literal
	}
	return nameOrRaw(h, "")
}

// nameOrRaw returns h normalised with hostname.Normalize, or raw when h is
// not a host name. A raw name kept as written matches no normalised host.
func nameOrRaw(h, raw string) string {
	if n, err := hostname.Normalize(h); err == nil {
		return n
	}
	return raw
}

// okhttpPattern normalises an OkHttp CertificatePinner pattern with
// hostname.NormalizePattern. One that does not normalise (OkHttp throws
// on it) is kept as written: its row matches no host.
func okhttpPattern(p string) string {
	if n, err := hostname.NormalizePattern(p); err == nil {
		return n
	}
	return p
}

// IsLocalHost reports whether host is a loopback, emulator, private or
// link-local address or name (localhost, 10.0.2.2, 127.0.0.1, *.local):
// such hosts are never first-party production hosts.
func IsLocalHost(host string) bool {
	host = nameOrRaw(host, "")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || strings.HasSuffix(host, ".local") {
		return true
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified()
	}
	return false
}

// registrable returns the registrable domain (eTLD+1) of host, or "".
func registrable(host string) string {
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return ""
	}
	return d
}
