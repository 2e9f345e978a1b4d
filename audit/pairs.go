package audit

import (
	"cmp"
	"fmt"

	"github.com/pinkit/pinkit/audit/hosttable"
)

// PairRule is a rule that compares an Android build with an iOS build of
// the same app (PK401). Its Check sees one app and usually returns nothing;
// after every app is audited the engine calls CheckPair once per pair of
// [Result.Pairs] and adds the findings to the app the finding names
// (Finding.App == the Path of one of the two apps).
type PairRule interface {
	Rule
	CheckPair(pair *Pair, ctx *Context) []Finding
}

// Pair is an Android and an iOS build audited together, with the per-host
// policy of both platforms for every host either one names.
type Pair struct {
	Android, IOS *AppResult
	// Hosts has one row per host (sorted) named by either build (see
	// [hosttable.PairRows]).
	Hosts []hosttable.PairRow
}

// PathPair names an Android and an iOS app of one audit by App.Path.
type PathPair struct {
	Android, IOS string
}

// pairs returns the Android/iOS pairs of res: the explicit pairs when
// there are any; otherwise apps with the same ID (package name == bundle
// ID), and otherwise, when exactly one Android and one iOS app were
// audited, those two.
func pairs(res *Result, explicit []PathPair, cfg hosttable.Config) []*Pair {
	if len(explicit) > 0 {
		return pathPairs(res, explicit, cfg)
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
				out = append(out, newPair(a, b, cfg))
			}
		}
	}
	if len(out) == 0 && len(android) == 1 && len(ios) == 1 {
		out = append(out, newPair(android[0], ios[0], cfg))
	}
	return out
}

// pathPairs returns the pairs named by explicit, skipping any whose apps
// are not in res (Run rejects those).
func pathPairs(res *Result, explicit []PathPair, cfg hosttable.Config) []*Pair {
	byPath := map[string]*AppResult{}
	for i := range res.Apps {
		byPath[res.Apps[i].App.Path] = &res.Apps[i]
	}
	var out []*Pair
	for _, pp := range explicit {
		a, b := byPath[pp.Android], byPath[pp.IOS]
		if a != nil && b != nil {
			out = append(out, newPair(a, b, cfg))
		}
	}
	return out
}

func newPair(a, b *AppResult, cfg hosttable.Config) *Pair {
	return &Pair{Android: a, IOS: b, Hosts: hosttable.PairRows(a.App, a.Hosts, b.App, b.Hosts, cfg)}
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

// runPairs runs the PairRules of opts over every pair of res and merges
// their findings into the apps' results (suppressions, baseline, order).
func runPairs(res *Result, opts Options, ignores []ignore) {
	var prs []PairRule
	for _, r := range opts.Rules {
		if pr, ok := r.(PairRule); ok {
			prs = append(prs, pr)
		}
	}
	for _, p := range res.Pairs {
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
