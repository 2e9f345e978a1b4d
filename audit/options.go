package audit

import (
	"time"

	"github.com/pinkit/pinkit/audit/hosttable"
)

// DefaultExpiryWarn is the default Options.ExpiryWarn: 30 days.
const DefaultExpiryWarn = 30 * 24 * time.Hour

// Options configure [Run]. The zero value runs no rules.
type Options struct {
	// Rules are run in order; usually rules.All().
	Rules []Rule
	// Now is the audit time; zero means time.Now().
	Now time.Time
	// ExpiryWarn is how close to expiry a pin set is reported (PK104);
	// zero means DefaultExpiryWarn.
	ExpiryWarn time.Duration
	// FirstParty lists registrable domains that are first-party for every
	// app, in addition to the NSC domains and the reversed package name;
	// they win over the built-in third-party SDK list.
	FirstParty []string
	// Baseline holds fingerprints of known findings; matching findings get
	// StatusBaseline.
	Baseline *Baseline
	// Ignore suppresses findings: "PK102:api.example.com", "PK102:*" or
	// "PK102" (every host), giving them StatusSuppressed. A rule ID that is
	// not among Rules is an error (when Rules is not empty).
	Ignore []string
	// Suppressions suppress findings like Ignore, each with the reason a
	// person gave for it (shown as the SARIF suppression's justification).
	Suppressions []Suppression
	// Pairs names the Android and iOS builds to compare (PK401) by
	// App.Path. When set, only these pairs are compared; when empty, builds
	// pair by equal ID, or a lone Android app with a lone iOS app.
	Pairs []PathPair
}

// Result is the outcome of [Run].
type Result struct {
	// Apps are per-app results in input order.
	Apps []AppResult
	// Rules are the metadata of the rules that ran, in order.
	Rules []Metadata
	// Now is the audit time used.
	Now time.Time
	// Pairs are the Android/iOS builds compared (PK401), host by host: the
	// explicit Options.Pairs when given; otherwise apps with the same ID
	// (package name == bundle ID), or a lone Android app with a lone iOS
	// app. Writers print these rows; they never recompute them.
	Pairs []*Pair
	// Failed are the inputs that could not be audited, in input order. Run
	// never loads apps, so it leaves this empty; the caller that loaded
	// them sets it so that every writer reports the failures.
	Failed []InputError
}

// InputError is an input that could not be loaded or audited.
type InputError struct {
	// Path is the input as given.
	Path string
	// Err says why.
	Err error
}

// Suppression silences the findings of one rule, for one host or all.
type Suppression struct {
	// Rule is a rule ID ("PK102").
	Rule string
	// Host is a host or OkHttp-style pattern; "" or "*" means every host.
	Host string
	// Reason says why the finding is accepted; it is required in a
	// configuration file and defaults to the --ignore spec on the command
	// line.
	Reason string
}

// AppResult is the audit of one app.
type AppResult struct {
	App *App
	// Hosts is the effective per-host table, sorted by host (the rows the
	// rules saw in Context.Hosts).
	Hosts []hosttable.Row
	// Findings are sorted deterministically (severity, rule, host, location).
	Findings []Finding
	// NotApplicable are the IDs of the rules that do not apply to the app
	// (see [Applier]), in rule order; they neither pass nor fail.
	NotApplicable []string
}

// table returns the host table configuration of opts.
func (o Options) table() hosttable.Config {
	return hosttable.Config{Now: o.Now, FirstParty: o.FirstParty}
}
