package pinfmt

import "strings"

// Verdict is everything the module decides about one pin as written for
// one platform.
type Verdict struct {
	Digest             // decoded digest; Raw is nil when Err is set
	Err         error  // why the platform refuses it, or nil
	Placeholder string // why it is a stand-in, not a real key, or ""
}

// Judge parses s as platform p reads it and checks it for placeholders.
// For OkHttp and Strict the placeholder check sees the base64 after the
// "sha256/" or "sha1/" prefix; for the bare formats it sees the whole
// value, so a pasted OkHttp prefix is reported.
func Judge(p Platform, s string) Verdict {
	d, err := Parse(p, s)
	v := Verdict{Digest: d, Err: err}
	text := s
	if p == OkHttp || p == Strict {
		if _, rest, ok := strings.Cut(s, "/"); ok && d.Alg != "" {
			text = rest
		}
	}
	v.Placeholder = Placeholder(text, d.Raw)
	return v
}

// Usable reports whether the pin is accepted by its platform and is not a
// placeholder: a real pin that counts, for example, as a backup.
func (v Verdict) Usable() bool { return v.Err == nil && v.Placeholder == "" }
