package pinset

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
)

// repo is a published directory served over local HTTPS.
type repo struct {
	mu    sync.Mutex
	files map[string][]byte
	srv   *httptest.Server
}

func newRepo(t *testing.T) *repo {
	r := &repo{files: map[string][]byte{}}
	r.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		data, ok := r.files[req.URL.Path]
		r.mu.Unlock()
		if !ok {
			http.NotFound(w, req)
			return
		}
		_, _ = w.Write(data)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *repo) put(name string, data []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files["/pins/"+name] = data
}

// clock is a settable test clock.
type clock struct{ ns atomic.Int64 }

func (c *clock) now() time.Time      { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) set(t time.Time)     { c.ns.Store(t.UnixNano()) }
func newClock(t time.Time) *clock    { c := &clock{}; c.set(t); return c }
func (c *clock) add(d time.Duration) { c.ns.Add(int64(d)) }

// events records updater events.
type events struct {
	mu   sync.Mutex
	list []Event
}

func (e *events) add(ev Event) { e.mu.Lock(); e.list = append(e.list, ev); e.mu.Unlock() }

// last returns the last event and clears the list.
func (e *events) take() []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := e.list
	e.list = nil
	return l
}

func mustPolicy(t *testing.T, opts ...pin.Option) *pin.Policy {
	t.Helper()
	p, err := pin.NewPolicy(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func sign(t *testing.T, c Content, keys ...*PrivateKey) []byte {
	t.Helper()
	doc, err := SignPinSet(c, keys...)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func policyOf(t *testing.T, c Content) string {
	t.Helper()
	p, err := (&PinSet{Hosts: c.Hosts}).Policy()
	if err != nil {
		t.Fatal(err)
	}
	return p.Hash()
}

func TestUpdater(t *testing.T) {
	b, c, d, e := testKey(t, "b"), testKey(t, "c"), testKey(t, "d"), testKey(t, "e")
	root1, err := SignRoot(1, 2, []PublicKey{b.Public(), c.Public()}, b, c)
	if err != nil {
		t.Fatal(err)
	}
	r := newRepo(t)
	clk := newClock(t0.Add(time.Hour))
	var ev events
	shipped := mustPolicy(t, pin.HostPins("api.example.com", testPin("shipped 1"), testPin("shipped 2")))
	state := filepath.Join(t.TempDir(), "state.json")
	cfg := UpdaterConfig{URL: r.srv.URL + "/pins", Client: r.srv.Client(), Root: root1, Shipped: shipped,
		StatePath: state, OnEvent: ev.add, Clock: clk.now}
	u, err := NewUpdater(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	step := func(name string, wantReason Reason, wantHash string, wantKinds ...EventKind) {
		t.Helper()
		err := u.Update(ctx)
		if ReasonOf(err) != wantReason || (wantReason == "" && err != nil) {
			t.Fatalf("%s: Update = %v, want reason %q", name, err, wantReason)
		}
		if got := u.Policy().Hash(); got != wantHash {
			t.Errorf("%s: live policy %s, want %s", name, got[:8], wantHash[:8])
		}
		got := ev.take()
		if len(got) != len(wantKinds) {
			t.Fatalf("%s: events %v, want kinds %v", name, got, wantKinds)
		}
		for i, k := range wantKinds {
			if got[i].Kind != k || (k == EventRejected && got[i].Reason != wantReason) {
				t.Errorf("%s: event %d is %v (%s), want %v", name, i, got[i].Kind, got[i].Reason, k)
			}
		}
	}

	if u.Policy() != shipped {
		t.Fatal("the shipped policy is not live at first")
	}
	r.put("pinset.json", sign(t, testContent(1, "api.example.com"), b))
	step("no pinset yet", ReasonThreshold, shipped.Hash(), EventRejected)

	v2 := testContent(2, "api.example.com", "login.example.com")
	r.put("pinset.json", sign(t, v2, b, c))
	step("valid update", "", policyOf(t, v2), EventAccepted)
	step("unchanged", "", policyOf(t, v2))

	r.put("pinset.json", sign(t, testContent(1, "api.example.com"), b, c))
	step("rollback", ReasonRollback, policyOf(t, v2), EventRejected)

	old := testContent(3, "api.example.com")
	old.Issued, old.Expires = t0.Add(-48*time.Hour), t0
	r.put("pinset.json", sign(t, old, b, c))
	step("expired set", ReasonExpired, policyOf(t, v2), EventRejected)

	r.put("pinset.json", sign(t, testContent(4, "api.example.com"), c, c))
	step("below threshold", ReasonThreshold, policyOf(t, v2), EventRejected)

	// Rotation to D and E: the old set no longer verifies and is dropped,
	// then the new set signed by the new keys is accepted.
	root2, err := SignRoot(2, 2, []PublicKey{d.Public(), e.Public()}, b, c, d, e)
	if err != nil {
		t.Fatal(err)
	}
	r.put("2.root.json", root2)
	v5 := testContent(5, "api.example.com")
	r.put("pinset.json", sign(t, v5, d, e))
	step("key rotation", "", policyOf(t, v5), EventRootRotated, EventExpiredFallback, EventAccepted)
	if u.Root().Version != 2 {
		t.Errorf("root version %d after rotation", u.Root().Version)
	}
	r.put("pinset.json", sign(t, testContent(6, "api.example.com"), b, c))
	step("old keys after rotation", ReasonThreshold, policyOf(t, v5), EventRejected)

	// A restart keeps root 2, the set and its version as the rollback floor.
	u2, err := NewUpdater(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if u2.Root().Version != 2 || u2.Policy().Hash() != policyOf(t, v5) {
		t.Errorf("after restart: root v%d, policy %s", u2.Root().Version, u2.Policy().Hash()[:8])
	}
	r.put("pinset.json", sign(t, testContent(4, "api.example.com", "login.example.com"), d, e))
	if err := u2.Update(ctx); ReasonOf(err) != ReasonRollback {
		t.Errorf("after restart, version 4: %v, want rollback", err)
	}
	ev.take()

	// Freeze: nothing new arrives and the set expires — the shipped pins
	// come back, at handshake time, not at the next poll.
	clk.set(v5.Expires)
	if u.Policy() != shipped {
		t.Error("expired set is still live")
	}
	if got := ev.take(); len(got) != 1 || got[0].Kind != EventExpiredFallback {
		t.Errorf("events after expiry: %v", got)
	}
	if _, err := NewUpdater(cfg); err != nil {
		t.Fatal(err)
	}
	if got := ev.take(); len(got) != 1 || got[0].Kind != EventExpiredFallback {
		t.Errorf("restart with an expired set: events %v", got)
	}
}

func TestUpdaterConfig(t *testing.T) {
	b := testKey(t, "b")
	root, _ := SignRoot(1, 1, []PublicKey{b.Public()}, b)
	shipped := mustPolicy(t, pin.HostPins("a.example.com", testPin("1"), testPin("2")))
	for _, cfg := range []UpdaterConfig{
		{URL: "http://example.com/pins", Client: http.DefaultClient, Root: root, Shipped: shipped},
		{URL: "https://example.com/pins", Root: root, Shipped: shipped},
		{URL: "https://example.com/pins", Client: http.DefaultClient, Root: root},
		{URL: "https://example.com/pins", Client: http.DefaultClient, Root: []byte("{}"), Shipped: shipped},
	} {
		if _, err := NewUpdater(cfg); err == nil {
			t.Errorf("NewUpdater(%+v) succeeded", cfg)
		}
	}
}
