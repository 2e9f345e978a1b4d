package collector

import "github.com/pinkit/pinkit/internal/hostname"

// normaliseHosts normalises r.Host and, when set, r.NotedHost with
// [hostname.Normalize]. A report whose hostname or noted-hostname is not a
// host name (a port, brackets, whitespace, a control character, an empty
// or over-long label) is refused: clients send the name they connected
// to, so a malformed one is forged or broken.
func (r *Report) normaliseHosts() error {
	h, err := hostname.Normalize(r.Host)
	if err != nil {
		return fieldErr("hostname", "%v", err)
	}
	r.Host = h
	if r.NotedHost != "" {
		if r.NotedHost, err = hostname.Normalize(r.NotedHost); err != nil {
			return fieldErr("noted-hostname", "%v", err)
		}
	}
	return nil
}

// queryHost is the stored form of a host filter: normalised, or as given
// when it is not a host name (it then matches no stored report, all of
// which hold normalised names).
func queryHost(h string) string {
	if n, err := hostname.Normalize(h); err == nil {
		return n
	}
	return h
}
