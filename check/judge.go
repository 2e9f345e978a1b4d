package check

import (
	"fmt"
	"time"
)

// judge sets the status, brick date and pin-kind notes of a verified host.
func judge(r *Result, t Target, o *Options) {
	expired := !t.Expires.IsZero() && !o.Now.Before(t.Expires)
	switch {
	case len(t.Pins) == 0:
		r.Status = StatusUnpinned
		return
	case expired:
		r.Status = StatusUnpinned
		r.Notes = append(r.Notes, fmt.Sprintf("the pin set expired on %s: the platforms no longer check these pins",
			t.Expires.Format(time.DateOnly)))
		return
	case len(r.Matches) == 0 && t.ReportOnly:
		r.Status = StatusWarn
		r.Notes = append(r.Notes, "no pin matches: report-only, so every connection sends a failure report")
		return
	case len(r.Matches) == 0:
		r.Status = StatusBricked
		r.Notes = append(r.Notes, "no pin matches the verified chain: the app cannot connect")
		return
	}
	kindNotes(r)
	if t.IncludeSubdomains {
		r.Notes = append(r.Notes, "the pins also cover subdomains; only "+t.Host+" was checked: "+
			"check the others as HOST inputs (with --connect when they resolve elsewhere)")
	}
	// The pins stop matching when the last matched certificate expires
	// (its replacement may carry a new key).
	var last Match
	for _, m := range r.Matches {
		if m.NotAfter.After(last.NotAfter) {
			last = m
		}
	}
	r.BrickDate = last.NotAfter
	what := "the only matching pin"
	if len(r.Matches) > 1 {
		what = "the last matching pin"
	}
	r.BrickReason = fmt.Sprintf("%s %s (%s %s) expires; its replacement must keep a pinned key", what,
		nameOf(last), last.Role, last.Subject)
	if !t.Expires.IsZero() && t.Expires.Before(r.BrickDate) {
		r.BrickDate = t.Expires
		r.BrickReason = "the pin set expires: ship new pins before this date"
	}
	r.Status = StatusOK
	if r.BrickDate.Before(o.Now.Add(o.Warn)) {
		r.Status = StatusWarn
	}
}

func nameOf(m Match) string {
	if m.Label != "" {
		return m.Label
	}
	return m.Pin
}

// kindNotes explains which kind of certificate the matching pins bind to.
func kindNotes(r *Result) {
	roles := map[string]bool{}
	for _, m := range r.Matches {
		roles[m.Role] = true
	}
	switch {
	case roles["root"]:
		r.Notes = append(r.Notes, "a root CA is pinned: survives leaf and intermediate changes while the CA "+
			"issues for this host from that root")
	case roles["intermediate"]:
		r.Notes = append(r.Notes, "only an intermediate is pinned, no root: the CA may switch intermediates at the "+
			"next renewal; pin the root too, or a backup from another CA")
	default:
		r.Notes = append(r.Notes, "only the leaf key is pinned: every renewal must reuse that key")
	}
}
