package audit

// Run audits apps with opts.Rules: for each app it computes the effective
// per-host table, runs every rule, applies suppressions and sorts the
// findings. A rule that panics yields a StatusError finding instead of
// crashing the audit.
func Run(apps []*App, opts Options) (*Result, error) {
	return nil, nil
}
