package mitm

import (
	"fmt"
	"testing"
	"time"
)

func handshake(host string) Event {
	return Event{Kind: KindHandshake, Host: host, Attack: AttackTrusted, Outcome: OutcomeAccepted}
}

// TestRecorderDefaultBound: a flood of host names (a client of an exposed
// proxy, or SNI garbage) cannot grow the results without bound.
func TestRecorderDefaultBound(t *testing.T) {
	t.Parallel()
	r := NewRecorder(0)
	for i := range DefaultMaxHosts + 500 {
		r.Record(handshake(fmt.Sprintf("h%d.example", i)))
	}
	if n := len(r.Results()); n != DefaultMaxHosts {
		t.Errorf("%d hosts kept, want %d", n, DefaultMaxHosts)
	}
	if r.Evicted() != 500 {
		t.Errorf("Evicted() = %d, want 500", r.Evicted())
	}
}

// TestRecorderEvictsLeastRecent: a host seen again is kept over one seen
// once before it.
func TestRecorderEvictsLeastRecent(t *testing.T) {
	t.Parallel()
	r := NewRecorder(2)
	r.Record(handshake("a"))
	r.Record(handshake("b"))
	r.Record(Event{Kind: KindRequest, Host: "a"})
	r.Record(handshake("c")) // evicts b
	res := r.Results()
	if len(res) != 2 || res[0].Host != "a" || res[1].Host != "c" || res[0].Requests != 1 {
		t.Errorf("results = %+v", res)
	}
	if r.Evicted() != 1 {
		t.Errorf("Evicted() = %d, want 1", r.Evicted())
	}
	r.Record(Event{Kind: KindError, Host: "d"}) // ignored: no eviction
	if r.Evicted() != 1 || len(r.Results()) != 2 {
		t.Errorf("an ignored event evicted a host")
	}
}

// TestProxyBoundsHosts: the proxy's results and its rotation counters are
// bounded by MaxHosts.
func TestProxyBoundsHosts(t *testing.T) {
	t.Parallel()
	ca, err := NewCA(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(Config{CA: ca, Attack: AttackRotate, MaxHosts: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, h := range []string{"a", "b", "c", "d"} {
		p.emit(handshake(h))
		p.attackFor(h)
	}
	if s := p.Summary(); len(s.Hosts) != 2 || s.EvictedHosts != 2 || len(p.rotate) > 2 {
		t.Errorf("%d results, %d evicted, %d rotation counters", len(s.Hosts), s.EvictedHosts, len(p.rotate))
	}
}
