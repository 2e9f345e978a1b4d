package mitm

import (
	"cmp"
	"container/list"
	"maps"
	"slices"
	"sync"
)

// Verdict is the per-host conclusion of a test run.
type Verdict string

// The verdicts, from worst to best.
const (
	// VerdictValidationBroken: the client accepted an untrusted
	// (self-signed) or expired certificate.
	VerdictValidationBroken Verdict = "validation-broken"
	// VerdictHostnameBroken: the client accepted a certificate issued
	// for another name.
	VerdictHostnameBroken Verdict = "hostname-broken"
	// VerdictIntercepted: the client accepted a forgery signed by a CA it
	// trusts — it does not pin.
	VerdictIntercepted Verdict = "intercepted"
	// VerdictPinned: the client refused a forgery signed by a CA it
	// trusts (and accepted none of the others).
	VerdictPinned Verdict = "pinned"
	// VerdictUnknown: not enough attempts to tell, e.g. no trusted-CA
	// forgery was tried, or the client never finished a handshake.
	VerdictUnknown Verdict = "unknown"
)

// Failing reports whether v shows that the client can be intercepted.
func (v Verdict) Failing() bool {
	return v == VerdictValidationBroken || v == VerdictHostnameBroken || v == VerdictIntercepted
}

// Tally counts the outcomes of one attack against one host.
type Tally struct {
	Accepted int            `json:"accepted"`
	Rejected int            `json:"rejected"`
	Closed   int            `json:"closed"`
	Alerts   map[string]int `json:"alerts,omitempty"` // alert name (or "none" for a close after the handshake) → count
}

// Attempts is the number of connections tallied.
func (t Tally) Attempts() int { return t.Accepted + t.Rejected + t.Closed }

// HostResult is one row of the verdict matrix.
type HostResult struct {
	Host    string           `json:"host"`
	Verdict Verdict          `json:"verdict"`
	Reason  string           `json:"reason"`
	Attacks map[Attack]Tally `json:"attacks"`
	// Requests counts the requests forwarded upstream for the host.
	Requests int `json:"requests"`
}

// Recorder collects handshake outcomes per host and attack, for at most
// a bounded number of hosts: past the bound, the least recently seen host
// is evicted (and counted). It is safe for concurrent use; the zero value
// is not — use [NewRecorder].
type Recorder struct {
	mu      sync.Mutex
	max     int
	hosts   map[string]*list.Element // of *HostResult
	lru     *list.List               // most recently seen first
	evicted int
}

// NewRecorder returns an empty Recorder that keeps at most maxHosts
// hosts; zero or less means [DefaultMaxHosts].
func NewRecorder(maxHosts int) *Recorder {
	if maxHosts <= 0 {
		maxHosts = DefaultMaxHosts
	}
	return &Recorder{max: maxHosts, hosts: make(map[string]*list.Element), lru: list.New()}
}

// Evicted returns how many hosts were dropped to keep the bound.
func (r *Recorder) Evicted() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.evicted
}

// host returns the entry of name, created if needed, as the most recent.
func (r *Recorder) host(name string) *HostResult {
	if el, ok := r.hosts[name]; ok {
		r.lru.MoveToFront(el)
		return el.Value.(*HostResult)
	}
	h := &HostResult{Host: name, Attacks: make(map[Attack]Tally)}
	r.hosts[name] = r.lru.PushFront(h)
	for r.lru.Len() > r.max {
		old := r.lru.Back()
		r.lru.Remove(old)
		delete(r.hosts, old.Value.(*HostResult).Host)
		r.evicted++
	}
	return h
}

// Record adds an event. Only handshake and request events with a host
// count; others are ignored.
func (r *Recorder) Record(e Event) {
	if e.Host == "" || (e.Kind != KindHandshake && e.Kind != KindRequest) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.host(e.Host)
	if e.Kind == KindRequest {
		h.Requests++
		return
	}
	t := h.Attacks[e.Attack]
	switch e.Outcome {
	case OutcomeAccepted:
		t.Accepted++
	case OutcomeRejected:
		t.Rejected++
		alert := e.Alert
		if alert == "" {
			alert = "none"
		}
		if t.Alerts == nil {
			t.Alerts = make(map[string]int)
		}
		t.Alerts[alert]++
	default:
		t.Closed++
	}
	h.Attacks[e.Attack] = t
}

// Results returns the verdict matrix, sorted by host.
func (r *Recorder) Results() []HostResult {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]HostResult, 0, len(r.hosts))
	for _, el := range r.hosts {
		h := el.Value.(*HostResult)
		c := *h
		c.Attacks = make(map[Attack]Tally, len(h.Attacks))
		for a, t := range h.Attacks {
			if t.Alerts != nil {
				t.Alerts = maps.Clone(t.Alerts)
			}
			c.Attacks[a] = t
		}
		c.Verdict, c.Reason = Decide(c.Attacks)
		if len(c.Attacks) == 0 {
			c.Reason = "only cleartext HTTP seen: readable without any forgery"
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b HostResult) int { return cmp.Compare(a.Host, b.Host) })
	return out
}

// Decide computes a host's verdict from its tallies: accepting an
// untrusted or expired certificate is worst, then a wrong-host one, then
// a trusted-CA forgery; refusing a trusted-CA forgery is pinning.
func Decide(attacks map[Attack]Tally) (Verdict, string) {
	switch {
	case attacks[AttackUntrusted].Accepted > 0:
		return VerdictValidationBroken, "accepted a self-signed certificate"
	case attacks[AttackExpired].Accepted > 0:
		return VerdictValidationBroken, "accepted an expired certificate"
	case attacks[AttackWrongHost].Accepted > 0:
		return VerdictHostnameBroken, "accepted a certificate for " + WrongHostName
	case attacks[AttackTrusted].Accepted > 0:
		return VerdictIntercepted, "accepted a certificate from the proxy CA"
	case attacks[AttackTrusted].Rejected > 0:
		return VerdictPinned, "refused a certificate from the proxy CA"
	case attacks[AttackTrusted].Attempts() == 0:
		return VerdictUnknown, "no trusted-CA forgery tried yet"
	}
	return VerdictUnknown, "handshakes never finished"
}
