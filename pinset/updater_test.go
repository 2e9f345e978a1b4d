package pinset

import (
	"bytes"
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
)

// repo is a published directory served over local HTTPS.
type repo struct {
	mu       sync.Mutex
	files    map[string][]byte
	override http.Handler // if set, answers every request
	srv      *httptest.Server
}

func newRepo(t *testing.T) *repo {
	r := &repo{files: map[string][]byte{}}
	r.srv = httptest.NewTLSServer(r.handler())
	t.Cleanup(r.srv.Close)
	return r
}

func (r *repo) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		data, ok := r.files[req.URL.Path]
		override := r.override
		r.mu.Unlock()
		if override != nil {
			override.ServeHTTP(w, req)
			return
		}
		if !ok {
			http.NotFound(w, req)
			return
		}
		_, _ = w.Write(data)
	})
}

func (r *repo) put(name string, data []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files["/pins/"+name] = data
}

// clock is a settable test clock.
type clock struct{ ns atomic.Int64 }

func (c *clock) now() time.Time   { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) set(t time.Time)  { c.ns.Store(t.UnixNano()) }
func newClock(t time.Time) *clock { c := &clock{}; c.set(t); return c }

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

// fixture is an Updater fed from a local HTTPS repo, with a test clock.
type fixture struct {
	t       *testing.T
	r       *repo
	clk     *clock
	ev      events
	shipped *pin.Policy
	cfg     UpdaterConfig
	u       *Updater
}

func newFixture(t *testing.T, root []byte) *fixture {
	f := &fixture{t: t, r: newRepo(t), clk: newClock(t0.Add(time.Hour))}
	f.shipped = mustPolicy(t, pin.HostPins("api.example.com", testPin("shipped 1"), testPin("shipped 2")))
	f.cfg = UpdaterConfig{URL: f.r.srv.URL + "/pins", Client: f.r.srv.Client(), Root: root, Shipped: f.shipped,
		StatePath: filepath.Join(t.TempDir(), "state.json"), OnEvent: f.ev.add, Clock: f.clk.now}
	var err error
	if f.u, err = NewUpdater(f.cfg); err != nil {
		t.Fatal(err)
	}
	return f
}

// step serves doc as pinset.json, runs Update and checks its reason, the
// live policy and the events.
func (f *fixture) step(name string, doc []byte, wantReason Reason, wantHash string, wantKinds ...EventKind) {
	f.t.Helper()
	f.r.put("pinset.json", doc)
	err := f.u.Update(context.Background())
	if ReasonOf(err) != wantReason || (wantReason == "" && err != nil) {
		f.t.Fatalf("%s: Update = %v, want reason %q", name, err, wantReason)
	}
	if got := f.u.Policy().Hash(); got != wantHash {
		f.t.Errorf("%s: live policy %.8s, want %.8s", name, got, wantHash)
	}
	got := f.ev.take()
	if len(got) != len(wantKinds) {
		f.t.Fatalf("%s: events %v, want kinds %v", name, got, wantKinds)
	}
	for i, k := range wantKinds {
		if got[i].Kind != k || (k == EventRejected && got[i].Reason != wantReason) {
			f.t.Errorf("%s: event %d is %v (%s), want %v", name, i, got[i].Kind, got[i].Reason, k)
		}
	}
}

// TestUpdater serves, in turn, a set below threshold, a valid update, the
// same again, a rollback, an expired set, a key rotation and a set by the
// rotated-out keys, then restarts from the state file and lets the set
// expire, checking the live policy after each.
func TestUpdater(t *testing.T) {
	b, c, d, e := testKey(t, "b"), testKey(t, "c"), testKey(t, "d"), testKey(t, "e")
	root1, err := SignRoot(1, 2, []PublicKey{b.Public(), c.Public()}, b, c)
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, root1)
	if f.u.Policy() != f.shipped {
		t.Fatal("the shipped policy is not live at first")
	}
	f.step("one signature", sign(t, testContent(1, "api.example.com"), b), ReasonThreshold, f.shipped.Hash(), EventRejected)
	v2 := testContent(2, "api.example.com", "login.example.com")
	f.step("valid update", sign(t, v2, b, c), "", policyOf(t, v2), EventAccepted)
	f.step("unchanged", sign(t, v2, b, c), "", policyOf(t, v2))
	f.step("rollback", sign(t, testContent(1, "api.example.com"), b, c), ReasonRollback, policyOf(t, v2), EventRejected)
	old := testContent(3, "api.example.com")
	old.Issued, old.Expires = t0.Add(-48*time.Hour), t0
	f.step("expired set", sign(t, old, b, c), ReasonExpired, policyOf(t, v2), EventRejected)
	f.step("below threshold", sign(t, testContent(4, "api.example.com"), c, c), ReasonThreshold, policyOf(t, v2), EventRejected)

	// Rotation to D and E: the live set (by B and C) no longer verifies and
	// is dropped, then the set signed by the new keys is accepted. Dropping
	// login.example.com is a removal by a signed set.
	root2, err := SignRoot(2, 2, []PublicKey{d.Public(), e.Public()}, b, c, d, e)
	if err != nil {
		t.Fatal(err)
	}
	f.r.put("2.root.json", root2)
	v5 := testContent(5, "api.example.com")
	f.step("key rotation", sign(t, v5, d, e), "", policyOf(t, v5), EventRootRotated, EventExpiredFallback, EventAccepted)
	if f.u.Root().Version != 2 {
		t.Errorf("root version %d after rotation", f.u.Root().Version)
	}
	f.step("old keys after rotation", sign(t, testContent(6, "api.example.com"), b, c), ReasonThreshold, policyOf(t, v5), EventRejected)
	restartAndFreeze(t, f, v5, sign(t, testContent(4, "api.example.com", "login.example.com"), d, e))
}

// restartAndFreeze restarts from the state file (root 2, set v5 and its
// version as the rollback floor are kept), then lets v5 expire: the
// shipped pins come back at handshake time, not at the next poll.
func restartAndFreeze(t *testing.T, f *fixture, v5 Content, older []byte) {
	u2, err := NewUpdater(f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	if u2.Root().Version != 2 || u2.Policy().Hash() != policyOf(t, v5) {
		t.Errorf("after restart: root v%d, policy %.8s", u2.Root().Version, u2.Policy().Hash())
	}
	f.r.put("pinset.json", older)
	if err := u2.Update(context.Background()); ReasonOf(err) != ReasonRollback {
		t.Errorf("after restart, version 4: %v, want rollback", err)
	}
	f.ev.take()
	f.clk.set(v5.Expires)
	if f.u.Policy() != f.shipped {
		t.Error("expired set is still live")
	}
	if got := f.ev.take(); len(got) != 1 || got[0].Kind != EventExpiredFallback {
		t.Errorf("events after expiry: %v", got)
	}
	if _, err := NewUpdater(f.cfg); err != nil {
		t.Fatal(err)
	}
	if got := f.ev.take(); len(got) != 1 || got[0].Kind != EventExpiredFallback {
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

// TestUpdaterConcurrent swaps policies while handshake-time lookups run,
// for the race detector.
func TestUpdaterConcurrent(t *testing.T) {
	b := testKey(t, "b")
	root, err := SignRoot(1, 1, []PublicKey{b.Public()}, b)
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, root)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
					_ = f.u.VerifyConnection(tls.ConnectionState{ServerName: "api.example.com"})
				}
			}
		}()
	}
	for v := int64(1); v <= 10; v++ {
		f.r.put("pinset.json", sign(t, testContent(v, "api.example.com"), b))
		if err := f.u.Update(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	if got := f.u.Policy().Hash(); got != policyOf(t, testContent(10, "api.example.com")) {
		t.Errorf("live policy %.8s after 10 updates", got)
	}
}

// TestUpdaterFetch: server errors, a redirect away from https and an
// oversized document are rejected without touching the live policy; a
// corrupt state file starts from the shipped pins.
func TestUpdaterFetch(t *testing.T) {
	b := testKey(t, "b")
	root, err := SignRoot(1, 1, []PublicKey{b.Public()}, b)
	if err != nil {
		t.Fatal(err)
	}
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer plain.Close()
	f := newFixture(t, root)
	for _, tc := range []struct {
		name   string
		doc    []byte
		reason Reason
	}{
		{"server error", nil, ReasonFetch},
		{"redirect to http", []byte("redirect"), ReasonFetch},
		{"too large", bytes.Repeat([]byte(" "), MaxDocumentSize+1), ReasonTooLarge},
	} {
		var override http.Handler
		switch string(tc.doc) {
		case "":
			override = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "down", http.StatusInternalServerError)
			})
		case "redirect":
			override = http.RedirectHandler(plain.URL+"/pins/pinset.json", http.StatusFound)
		}
		f.r.mu.Lock()
		f.r.files["/pins/pinset.json"], f.r.override = tc.doc, override
		f.r.mu.Unlock()
		if err := f.u.Update(context.Background()); ReasonOf(err) != tc.reason {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.reason)
		}
		if f.u.Policy() != f.shipped {
			t.Errorf("%s: live policy changed", tc.name)
		}
	}
	if err := os.WriteFile(f.cfg.StatePath, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.ev.take()
	u, err := NewUpdater(f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.ev.take(); u.Policy() != f.shipped || len(got) != 1 || got[0].Reason != ReasonState {
		t.Errorf("corrupt state: events %v", got)
	}
}

// TestUpdaterRun: Run updates at once, keeps polling at the interval
// (picking up a newer set) and returns when its context ends.
func TestUpdaterRun(t *testing.T) {
	b, c := testKey(t, "b"), testKey(t, "c")
	root1, err := SignRoot(1, 2, []PublicKey{b.Public(), c.Public()}, b, c)
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, root1)
	v1, v2 := testContent(1, "api.example.com"), testContent(2, "api.example.com", "login.example.com")
	f.r.put("pinset.json", sign(t, v1, b, c))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.u.Run(ctx, 10*time.Millisecond); close(done) }()
	waitFor(t, func() bool { return f.u.Policy().Hash() == policyOf(t, v1) })
	f.r.put("pinset.json", sign(t, v2, b, c))
	waitFor(t, func() bool { return f.u.Policy().Hash() == policyOf(t, v2) })
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met within 10 s")
}
