package audit

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/internal/hostname"
)

// Run audits apps with opts.Rules: for each app it computes the effective
// per-host table ([hosttable.Build]), runs every rule over the app and its
// table, applies suppressions and sorts the findings; then it pairs the
// Android and iOS builds ([Result.Pairs]) and runs the [PairRule]s. A rule that panics yields a StatusError finding instead of
// crashing the audit.
func Run(apps []*App, opts Options) (*Result, error) {
	ignores, err := suppressions(opts)
	if err != nil {
		return nil, err
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.ExpiryWarn == 0 {
		opts.ExpiryWarn = DefaultExpiryWarn
	}
	if err := checkPathPairs(apps, opts.Pairs); err != nil {
		return nil, err
	}
	res := &Result{Now: opts.Now, Rules: make([]Metadata, 0, len(opts.Rules))}
	for _, r := range opts.Rules {
		res.Rules = append(res.Rules, r.Metadata())
	}
	for i, app := range apps {
		if app == nil {
			return nil, fmt.Errorf("failed to audit: app %d is nil", i)
		}
		res.Apps = append(res.Apps, runApp(app, opts, ignores))
	}
	res.Pairs = pairs(res, opts.Pairs, opts.table())
	runPairs(res, opts, ignores)
	return res, nil
}

func runApp(app *App, opts Options, ignores []ignore) AppResult {
	hosts := hosttable.Build(app, opts.table())
	ctx := &Context{Now: opts.Now, ExpiryWarn: opts.ExpiryWarn, Hosts: hosts, Default: hosttable.Default(app, opts.table())}
	var findings []Finding
	var na []string
	for _, r := range opts.Rules {
		out, applies := check(r, app, ctx)
		if !applies {
			na = append(na, r.Metadata().ID)
		}
		findings = append(findings, out...)
	}
	for i := range findings {
		finishFinding(&findings[i], app, opts, ignores)
	}
	SortFindings(findings)
	return AppResult{App: app, Hosts: hosts, Findings: findings, NotApplicable: na}
}

// finishFinding sets the app and fingerprint of a finding of app, and its
// status from the suppressions and the baseline (an error stays an error).
func finishFinding(f *Finding, app *App, opts Options, ignores []ignore) {
	f.App = app.Path
	f.Fingerprint = Fingerprint(f.RuleID, app.Name(), f.Host, f.Key)
	if f.Status == StatusError {
		return
	}
	if reason, ok := ignoreReason(ignores, f); ok {
		f.Status, f.Justification = StatusSuppressed, reason
	} else if opts.Baseline.Contains(f.Fingerprint) {
		f.Status, f.Justification = StatusBaseline, "in baseline"
	}
}

// check runs one rule, turning a panic into a StatusError finding. applies
// is false when the rule is an [Applier] that does not apply to app.
func check(r Rule, app *App, ctx *Context) (out []Finding, applies bool) {
	meta := r.Metadata()
	defer func() {
		if p := recover(); p != nil {
			applies = true
			out = []Finding{{
				RuleID:   meta.ID,
				Severity: SeverityCritical,
				Status:   StatusError,
				Message:  fmt.Sprintf("rule %s crashed: %v", meta.ID, p),
				Key:      "panic",
			}}
		}
	}()
	if a, ok := r.(Applier); ok && !a.Applies(app) {
		return nil, false
	}
	out = r.Check(app, ctx)
	for i := range out {
		if out[i].RuleID == "" {
			out[i].RuleID = meta.ID
		}
	}
	return out, true
}

// Fingerprint identifies a finding across runs and line changes.
func Fingerprint(ruleID, app, host, key string) string {
	h := sha256.Sum256([]byte(ruleID + "\x00" + app + "\x00" + host + "\x00" + key))
	return hex.EncodeToString(h[:16])
}

// SortFindings orders findings deterministically: highest severity first,
// then rule ID, host, file, line, message and key.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(b.Severity, a.Severity),
			cmp.Compare(a.RuleID, b.RuleID),
			cmp.Compare(a.Host, b.Host),
			cmp.Compare(a.Location.File, b.Location.File),
			cmp.Compare(a.Location.Line, b.Location.Line),
			cmp.Compare(a.Message, b.Message),
			cmp.Compare(a.Key, b.Key),
		)
	})
}

type ignore struct{ rule, host, reason string }

// suppressions parses opts.Ignore and opts.Suppressions, refusing a rule
// ID that none of opts.Rules has (when opts.Rules is set).
func suppressions(opts Options) ([]ignore, error) {
	out, err := parseIgnores(opts.Ignore)
	if err != nil {
		return nil, err
	}
	for _, s := range opts.Suppressions {
		if s.Reason == "" {
			return nil, fmt.Errorf("invalid suppression of %s:%s: a reason is required", s.Rule, s.Host)
		}
		ig, err := parseIgnores([]string{s.Rule + ":" + s.Host})
		if err != nil {
			return nil, err
		}
		ig[0].reason = s.Reason
		out = append(out, ig[0])
	}
	if len(opts.Rules) == 0 {
		return out, nil
	}
	known := map[string]bool{}
	for _, r := range opts.Rules {
		known[r.Metadata().ID] = true
	}
	for _, ig := range out {
		if !known[ig.rule] {
			return nil, fmt.Errorf("invalid ignore %q: no rule has this ID (see docs/RULES.md)", ig.rule)
		}
	}
	return out, nil
}

func parseIgnores(specs []string) ([]ignore, error) {
	var out []ignore
	for _, s := range specs {
		rule, host, _ := strings.Cut(strings.TrimSpace(s), ":")
		if len(rule) != 5 || !strings.HasPrefix(rule, "PK") {
			return nil, fmt.Errorf("invalid ignore %q: want PKxxx or PKxxx:host", s)
		}
		out = append(out, ignore{rule: rule, host: ignoreHost(host), reason: "--ignore " + strings.TrimSpace(s)})
	}
	return out, nil
}

// ignoreHost normalises the host of an --ignore spec like an OkHttp pattern
// ("*" and "*.example.com" allowed); one that does not normalise is kept as
// written and matches no finding's host.
func ignoreHost(h string) string {
	if h == "" || h == "*" {
		return h
	}
	if n, err := hostname.NormalizePattern(h); err == nil {
		return n
	}
	return h
}

func matchIgnore(ignores []ignore, f *Finding) bool {
	_, ok := ignoreReason(ignores, f)
	return ok
}

// ignoreReason returns the reason of the first suppression matching f.
func ignoreReason(ignores []ignore, f *Finding) (string, bool) {
	for _, ig := range ignores {
		if ig.rule == f.RuleID && (ig.host == "" || ig.host == "*" || ig.host == f.Host) {
			return ig.reason, true
		}
	}
	return "", false
}

// Active returns the findings that count (not suppressed or baselined).
func (r AppResult) Active() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Status.Active() {
			out = append(out, f)
		}
	}
	return out
}

// Fails reports whether any active finding has at least severity min, or a
// rule crashed. Use it for the exit code of --fail-on.
func (r *Result) Fails(min Severity) bool {
	for _, a := range r.Apps {
		for _, f := range a.Active() {
			if f.Status == StatusError || f.Severity >= min {
				return true
			}
		}
	}
	return false
}

// Finding returns a finding of this rule with its default severity.
func (m Metadata) Finding(host, key, msg string, loc Location) Finding {
	return Finding{RuleID: m.ID, Severity: m.Severity, Host: host, Key: key, Message: msg, Location: loc}
}
