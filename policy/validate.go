package policy

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/hostname"
	"github.com/pinkit/pinkit/internal/pinfmt"
)

// validate checks the decoded file and computes the pins of sources.
func (l *loader) validate(f *File) {
	if f.Mode == "" {
		f.Mode = ModeEnforce
	}
	l.settings("", f.Mode, f.Expires, f.ReportURI, 0)
	for _, t := range Targets {
		if o, ok := f.Platforms[t]; ok {
			l.settings("platforms."+t, o.Mode, o.Expires, o.ReportURI, o.Line)
		}
	}
	if len(f.Domains) == 0 && f.Line > 0 {
		l.errorf(f.Line, "domains", "is empty: a policy pins at least one domain")
	}
	seen := map[string]int{}
	for i := range f.Domains {
		d := &f.Domains[i]
		path := fmt.Sprintf("domains[%d]", i)
		if !l.domainRules(d, path, f.ReportOnly()) {
			continue
		}
		key := d.Name
		if d.IncludeSubdomains {
			key += " (include-subdomains)"
		}
		if first, dup := seen[key]; dup {
			l.errorf(d.Line, path, "%s is also pinned at line %d; merge the pins into one entry", key, first)
		}
		seen[key] = d.Line
	}
	if len(l.errs) > 0 {
		return
	}
	l.reportLoops(f)
	if _, err := f.build(); err != nil {
		l.errorf(f.Line, "domains", "%v", err)
	}
}

// reportLoops refuses a report-uri on a pinned host: a pin failure there
// could never be reported (ANCHORS: report loops).
func (l *loader) reportLoops(f *File) {
	check := func(path, raw string) {
		u, err := url.Parse(raw)
		if raw == "" || err != nil {
			return
		}
		host := normalize(u.Hostname())
		for i, d := range f.Domains {
			if host == d.Name || (d.IncludeSubdomains && strings.HasSuffix(host, "."+d.Name)) {
				l.errorf(0, path, "%q is on %s, pinned by domains[%d]: a pin failure there could never be "+
					"reported; send reports to a host outside the policy", raw, host, i)
				return
			}
		}
	}
	check("report-uri", f.ReportURI)
	for _, t := range Targets {
		check("platforms."+t+".report-uri", f.Platforms[t].ReportURI)
	}
}

// settings checks mode, expires and report-uri (top level or override).
func (l *loader) settings(path, mode, expires, reportURI string, line int) {
	if mode != "" && mode != ModeEnforce && mode != ModeReportOnly {
		l.errorf(line, join(path, "mode"), "%q: want %s or %s", mode, ModeEnforce, ModeReportOnly)
	}
	if expires != "" {
		t, err := time.Parse(time.DateOnly, expires)
		switch {
		case err != nil:
			l.errorf(line, join(path, "expires"), "%q: want a date yyyy-mm-dd", expires)
		case !l.now.Before(t):
			l.errorf(line, join(path, "expires"), "%s is not in the future: expired pins are not enforced "+
				"(today is %s UTC); set a later date", expires, l.now.UTC().Format(time.DateOnly))
		}
	}
	if reportURI != "" {
		u, err := url.Parse(reportURI)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
			l.errorf(line, join(path, "report-uri"), "%q: want an absolute http or https URL without credentials", reportURI)
		}
	}
}

// domainRules checks one domain and its pins, and normalises its name. It
// reports whether the domain is usable.
func (l *loader) domainRules(d *Domain, path string, reportOnly bool) bool {
	n := len(l.errs)
	for i := range d.Pins {
		l.pinRules(&d.Pins[i], fmt.Sprintf("%s.pins[%d]", path, i))
	}
	if len(l.errs) > n {
		return false
	}
	opts := []pin.Option{d.option()}
	if reportOnly {
		opts = append(opts, pin.ReportOnly())
	}
	if _, err := pin.NewPolicy(opts...); err != nil {
		msg := strings.TrimPrefix(err.Error(), "failed to build pin policy: ")
		msg = strings.ReplaceAll(msg, "or use ReportOnly", "or set mode: report-only")
		l.errorf(d.Line, path, "%s", msg)
		return false
	}
	d.Name = normalize(d.Name)
	return true
}

// pinRules checks one pin: one source, a real digest, a known role and kind.
func (l *loader) pinRules(p *Pin, path string) {
	sources := 0
	for _, s := range []string{p.SPKI, p.Cert, p.Key} {
		if s != "" {
			sources++
		}
	}
	if sources != 1 {
		l.errorf(p.Line, path, "give exactly one of spki, cert or key (found %d)", sources)
		return
	}
	switch p.Role {
	case "":
		p.Role = RoleCurrent
	case RoleCurrent, RoleBackup:
	default:
		l.errorf(p.Line, join(path, "role"), "%q: want %s or %s", p.Role, RoleCurrent, RoleBackup)
	}
	if p.Kind != "" && p.Kind != KindLeaf && p.Kind != KindCA {
		l.errorf(p.Line, join(path, "kind"), "%q: want %s or %s", p.Kind, KindLeaf, KindCA)
		return
	}
	switch {
	case p.Cert != "":
		l.certPin(p, join(path, "cert"))
	case p.Key != "":
		l.keyPin(p, join(path, "key"))
	default:
		l.spkiPin(p, join(path, "spki"))
	}
}

func (l *loader) spkiPin(p *Pin, path string) {
	v := pinfmt.Judge(pinfmt.Strict, p.SPKI)
	if v.Err != nil {
		l.errorf(p.Line, path, "%v", v.Err)
		return
	}
	if v.Placeholder != "" {
		l.errorf(p.Line, path, "%q is a placeholder, not a key's pin: %s", p.SPKI, v.Placeholder)
		return
	}
	d, err := pin.ParsePin(p.SPKI)
	if err != nil {
		l.errorf(p.Line, path, "%v", err)
		return
	}
	p.Digest = d
}

// normalize writes a name NewPolicy accepted in its canonical form.
func normalize(name string) string {
	if h, err := hostname.Normalize(name); err == nil {
		return h
	}
	return name
}
