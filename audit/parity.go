package audit

import (
	"cmp"
	"fmt"
	"slices"
)

// PairRule is a rule that compares an Android build with an iOS build of
// the same app (PK401). Its Check sees one app and usually returns nothing;
// after every app is audited the engine calls CheckPair once per pair (see
// [Pairs]) and adds the findings to the app the finding's Location names
// (App == the Path of one of the two apps).
type PairRule interface {
	Rule
	CheckPair(pair *Pair, ctx *Context) []Finding
}

// Pair is an Android and an iOS build audited together, with the per-host
// policy of both platforms for every host either one names.
type Pair struct {
	Android, IOS *AppResult
	// Hosts has one row per host (sorted) named by either build.
	Hosts []PairRow
}

// PairRow is one host's effective policy on both platforms. A platform
// that never names the host still resolves it through its config.
type PairRow struct {
	Host         string
	Android, IOS HostPolicy
}

// FirstParty reports whether either platform counts the host as its own.
func (r PairRow) FirstParty() bool { return r.Android.FirstParty || r.IOS.FirstParty }

// ValidPins returns the distinct well-formed SHA-256 pins of a row as
// standard padded base64 without prefix, sorted (SHA-1 pins are left out).
func ValidPins(h HostPolicy) []string {
	var out []string
	for _, p := range h.Pins {
		if p.Valid && (p.Algorithm == "" || p.Algorithm == "sha256") {
			v := trimAlg(p.Key())
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Pairs returns the Android/iOS pairs of res: the explicit pairs of
// res.Pairs (from Options.Pairs) when there are any; otherwise apps with
// the same ID (package name == bundle ID), and otherwise, when exactly one
// Android and one iOS app were audited, those two.
func Pairs(res *Result, opts Options) []*Pair {
	if len(res.Pairs) > 0 {
		return pathPairs(res, opts)
	}
	var android, ios []*AppResult
	for i := range res.Apps {
		switch res.Apps[i].App.Platform {
		case PlatformAndroid, "":
			android = append(android, &res.Apps[i])
		case PlatformIOS:
			ios = append(ios, &res.Apps[i])
		}
	}
	var out []*Pair
	for _, a := range android {
		for _, b := range ios {
			if a.App.ID != "" && a.App.ID == b.App.ID {
				out = append(out, newPair(a, b, opts))
			}
		}
	}
	if len(out) == 0 && len(android) == 1 && len(ios) == 1 {
		out = append(out, newPair(android[0], ios[0], opts))
	}
	return out
}

// pathPairs returns the pairs named by res.Pairs, skipping any whose apps
// are not in res (Run rejects those).
func pathPairs(res *Result, opts Options) []*Pair {
	byPath := map[string]*AppResult{}
	for i := range res.Apps {
		byPath[res.Apps[i].App.Path] = &res.Apps[i]
	}
	var out []*Pair
	for _, pp := range res.Pairs {
		a, b := byPath[pp.Android], byPath[pp.IOS]
		if a != nil && b != nil {
			out = append(out, newPair(a, b, opts))
		}
	}
	return out
}

// checkPathPairs reports an explicit pair that does not name an audited
// Android app and an audited iOS app.
func checkPathPairs(apps []*App, pairs []PathPair) error {
	platform := map[string]string{}
	for _, a := range apps {
		if a != nil {
			platform[a.Path] = cmp.Or(a.Platform, PlatformAndroid)
		}
	}
	for _, pp := range pairs {
		for _, side := range []struct{ path, want string }{{pp.Android, PlatformAndroid}, {pp.IOS, PlatformIOS}} {
			got, ok := platform[side.path]
			switch {
			case !ok:
				return fmt.Errorf("invalid pair %s=%s: %q is not an audited app", pp.Android, pp.IOS, side.path)
			case got != side.want:
				return fmt.Errorf("invalid pair %s=%s: %q is an %s app, want %s", pp.Android, pp.IOS, side.path, got, side.want)
			}
		}
	}
	return nil
}

func newPair(a, b *AppResult, opts Options) *Pair {
	p := &Pair{Android: a, IOS: b}
	var hosts []string
	for _, t := range [][]HostPolicy{a.Hosts, b.Hosts} {
		for _, h := range t {
			if !slices.Contains(hosts, h.Host) {
				hosts = append(hosts, h.Host)
			}
		}
	}
	slices.Sort(hosts)
	aRows := crossTable(a, hosts, opts)
	bRows := crossTable(b, hosts, opts)
	for _, h := range hosts {
		p.Hosts = append(p.Hosts, PairRow{Host: h, Android: aRows[h], IOS: bRows[h]})
	}
	return p
}

// crossTable resolves every host for one app: its own rows, plus rows for
// the other build's hosts computed as if the app named them in code.
func crossTable(r *AppResult, hosts []string, opts Options) map[string]HostPolicy {
	rows := map[string]HostPolicy{}
	for _, h := range r.Hosts {
		rows[h.Host] = h
	}
	probe := *r.App
	probe.Hosts = nil
	for _, h := range hosts {
		if _, ok := rows[h]; !ok {
			probe.Hosts = append(probe.Hosts, HostRef{Host: h, Source: SourceCode})
		}
	}
	if len(probe.Hosts) == 0 {
		return rows
	}
	// probe names only the missing hosts: the app's own hosts are already
	// rows, and a row never depends on the other hosts of the table.
	for _, h := range HostTable(&probe, opts.Now, opts.FirstParty) {
		if _, ok := rows[h.Host]; !ok {
			h.Sources = nil // the app itself never names this host
			rows[h.Host] = h
		}
	}
	return rows
}

// runPairs runs the PairRules of opts over every pair of res and merges
// their findings into the apps' results (suppressions, baseline, order).
func runPairs(res *Result, opts Options, ignores []ignore) {
	var prs []PairRule
	for _, r := range opts.Rules {
		if pr, ok := r.(PairRule); ok {
			prs = append(prs, pr)
		}
	}
	if len(prs) == 0 {
		return
	}
	for _, p := range Pairs(res, opts) {
		ctx := &Context{Now: opts.Now, ExpiryWarn: opts.ExpiryWarn}
		for _, r := range prs {
			for _, f := range checkPair(r, p, ctx) {
				target := p.IOS
				if f.App == p.Android.App.Path && f.App != p.IOS.App.Path {
					target = p.Android
				}
				finishFinding(&f, target.App, opts, ignores)
				target.Findings = append(target.Findings, f)
			}
		}
		SortFindings(p.Android.Findings)
		SortFindings(p.IOS.Findings)
	}
}

// checkPair runs one pair rule, turning a panic into a StatusError finding.
func checkPair(r PairRule, p *Pair, ctx *Context) (out []Finding) {
	meta := r.Metadata()
	defer func() {
		if x := recover(); x != nil {
			out = []Finding{{RuleID: meta.ID, Severity: SeverityCritical, Status: StatusError,
				Message: "rule " + meta.ID + " crashed", Key: "panic", App: p.IOS.App.Path}}
		}
	}()
	out = r.CheckPair(p, ctx)
	for i := range out {
		if out[i].RuleID == "" {
			out[i].RuleID = meta.ID
		}
	}
	return out
}
