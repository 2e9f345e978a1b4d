package code

import (
	"errors"
	"fmt"
	"slices"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/internal/hostname"
	"github.com/pinkit/pinkit/internal/pinfmt"
)

// OkHttpPins is PK301: OkHttp CertificatePinner pins found in code are
// malformed, placeholders, SHA-1, or lack a backup.
type OkHttpPins struct{}

// Metadata implements audit.Rule.
func (OkHttpPins) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK301",
		Name:        "okhttp-pins",
		Description: "OkHttp CertificatePinner pins in code are malformed, placeholders, SHA-1 or have no backup.",
		Help: "`CertificatePinner.Builder().add(pattern, \"sha256/…\")` pins must decode to 32 bytes, be real " +
			"digests, and each pattern needs at least two pins (a backup). `sha1/` pins are weak and removed in " +
			"OkHttp 5. Patterns: `*.` matches one label, `**.` any number; all matching patterns are combined.",
		MASTG:    []string{"MASTG-TEST-0242"},
		MASWE:    []string{"MASWE-0047", "MASWE-0028"},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: "https://square.github.io/okhttp/3.x/okhttp/okhttp3/CertificatePinner.html",
	}
}

// Check implements audit.Rule.
func (r OkHttpPins) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	valid := map[string]map[string]bool{} // pattern -> distinct valid pins
	first := map[string]audit.Location{}
	var patterns []string
	for _, p := range app.CodePins {
		if p.Library != audit.SourceOkHttp && p.Library != "" {
			continue
		}
		pat, err := hostname.NormalizePattern(p.Pattern)
		if err != nil {
			pat = p.Pattern // as written; "" when the host was not recovered
		}
		if _, ok := valid[pat]; !ok {
			valid[pat], first[pat] = map[string]bool{}, p.Location
			patterns = append(patterns, pat)
			if err != nil && pat != "" {
				out = append(out, m.Finding(pat, "pattern", fmt.Sprintf("OkHttp CertificatePinner pattern: %v: "+
					"it pins no host (OkHttp may also refuse it at startup)", err), p.Location))
			}
		}
		v := pinfmt.Judge(pinfmt.OkHttp, p.Pin)
		if msg := codePinProblem(v); msg != "" {
			f := m.Finding(pat, p.Pin, fmt.Sprintf("OkHttp pin %q%s: %s", p.Pin, forPattern(pat), msg), p.Location)
			if v.Err != nil {
				f.Severity = audit.SeverityHigh
			}
			out = append(out, f)
		}
		if v.Usable() {
			valid[pat][v.Alg+"/"+string(v.Raw)] = true
		}
	}
	slices.Sort(patterns)
	for _, pat := range patterns {
		if n := len(valid[pat]); n < 2 {
			msg := fmt.Sprintf("OkHttp CertificatePinner%s has %d distinct valid pin(s): add a backup pin", forPattern(pat), n)
			out = append(out, m.Finding(pat, "backup", msg, first[pat]))
		}
	}
	return out
}

func forPattern(pat string) string {
	if pat == "" {
		return " (host not recovered)"
	}
	return " for " + pat
}

// codePinProblem explains why OkHttp refuses a pin, or why it pins
// nothing real (a placeholder, SHA-1); "" for a good pin.
func codePinProblem(v pinfmt.Verdict) string {
	switch {
	case errors.Is(v.Err, pinfmt.ErrPrefix) || errors.Is(v.Err, pinfmt.ErrEmpty):
		return "unknown prefix: want sha256/ or sha1/"
	case v.Err != nil && v.Alg == pinfmt.SHA1:
		return "does not decode to 20 bytes"
	case v.Err != nil:
		return "does not decode to 32 bytes"
	case v.Placeholder != "":
		return "looks like a placeholder (" + v.Placeholder + ")"
	case v.Alg == pinfmt.SHA1:
		return "SHA-1 pin: weak, and unsupported since OkHttp 5; use sha256/"
	}
	return ""
}
