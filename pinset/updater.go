package pinset

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	pin "github.com/pinkit/pinkit"
)

// Updater reasons that are not about a document.
const (
	ReasonFetch Reason = "fetch" // the document could not be downloaded
	ReasonState Reason = "state" // the state file could not be read or written
)

// maxRootSteps bounds the rotations followed in one Update.
const maxRootSteps = 32

// UpdaterConfig configures an [Updater].
type UpdaterConfig struct {
	// URL is the https URL of a directory written by `pinkit pinset
	// publish`: pinset.json and N.root.json. Required.
	URL string
	// Client fetches the documents. Required: set its timeouts. Its TLS
	// needs no pinning for integrity (the documents are signed), but a
	// pinned client keeps the update host private.
	Client *http.Client
	// Root is the root document shipped in the app. Required.
	Root []byte
	// Shipped is the policy shipped in the app. It is live until a set is
	// accepted, and again whenever the live set expires. Required.
	Shipped *pin.Policy
	// StatePath is the file that keeps the current root, the last accepted
	// version and set across restarts ("" keeps them in memory only).
	StatePath string
	// PolicyOptions are added to every policy built from a set (such as
	// pin.App or pin.OnEvent, e.g. a pinreport.Reporter's Handle).
	PolicyOptions []pin.Option
	// OnEvent receives the updater's events. It may be called during a
	// TLS handshake (expired-fallback) and must not block.
	OnEvent func(Event)
	// Clock replaces time.Now, for tests.
	Clock func() time.Time
}

// EventKind says what an updater [Event] is about.
type EventKind int

// The updater's events.
const (
	// EventAccepted: a new pin set is live.
	EventAccepted EventKind = iota + 1
	// EventRejected: a document was refused (Reason says why); the live
	// policy did not change.
	EventRejected
	// EventExpiredFallback: the live set expired (or no longer verifies),
	// so the shipped pins are live again.
	EventExpiredFallback
	// EventRootRotated: a new root of trust was accepted.
	EventRootRotated
)

// String returns the kind's name, such as "accepted".
func (k EventKind) String() string {
	switch k {
	case EventAccepted:
		return "accepted"
	case EventRejected:
		return "rejected"
	case EventExpiredFallback:
		return "expired-fallback"
	case EventRootRotated:
		return "root-rotated"
	}
	return "unknown"
}

// Event is passed to UpdaterConfig.OnEvent.
type Event struct {
	Kind EventKind
	// Version is the version of the set or root concerned, if known.
	Version int64
	// Reason and Err say why a document was rejected.
	Reason Reason
	Err    error
	Time   time.Time
}

// Updater keeps a live *pin.Policy in step with a signed pin set published
// over HTTPS. It refuses rollback (a version not above the last accepted,
// persisted across restarts), follows root rotations, and falls back to
// the shipped pins — never to no pinning — when the live set expires, even
// between updates. The live policy is swapped atomically: a handshake
// keeps the policy it started with. Methods are safe for concurrent use.
type Updater struct {
	cfg     UpdaterConfig
	base    *url.URL
	shipped *live

	mu      sync.Mutex // serialises Update and the fields below
	root    *Root
	last    int64  // the rollback floor: version of the last accepted set
	lastRaw []byte // the last accepted document, to recognise it unchanged

	live atomic.Pointer[live]
}

// live is what handshakes read: a policy and, for a set, its expiry.
type live struct {
	policy *pin.Policy
	set    *PinSet // nil for the shipped policy
}

// NewUpdater checks cfg, loads the shipped root and the state file, and
// makes the persisted set live if it still verifies and has not expired.
func NewUpdater(cfg UpdaterConfig) (*Updater, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("failed to create updater: URL %q is not an absolute https URL", cfg.URL)
	}
	if cfg.Client == nil || cfg.Shipped == nil {
		return nil, errors.New("failed to create updater: Client and Shipped are required")
	}
	root, err := LoadRoot(cfg.Root)
	if err != nil {
		return nil, fmt.Errorf("failed to load shipped root: %w", err)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if u.Path == "" || u.Path[len(u.Path)-1] != '/' {
		u.Path += "/"
	}
	up := &Updater{cfg: cfg, base: u, root: root, shipped: &live{policy: cfg.Shipped}}
	up.live.Store(up.shipped)
	if err := up.loadState(); err != nil {
		up.emit(Event{Kind: EventRejected, Reason: ReasonOf(err), Err: err})
	}
	return up, nil
}

// Policy returns the live policy: the accepted set's while it has not
// expired, else the shipped one.
func (u *Updater) Policy() *pin.Policy {
	l := u.live.Load()
	if l.set != nil && !u.cfg.Clock().Before(l.set.Expires) {
		if u.live.CompareAndSwap(l, u.shipped) {
			u.emit(Event{Kind: EventExpiredFallback, Version: l.set.Version})
		}
		return u.cfg.Shipped
	}
	return l.policy
}

// VerifyConnection checks a handshake against the live policy; see
// [pin.Policy.VerifyConnection].
func (u *Updater) VerifyConnection(cs tls.ConnectionState) error {
	return u.Policy().VerifyConnection(cs)
}

// TLSConfig returns a clone of base (or of an empty config) whose
// VerifyConnection consults the live policy on every handshake, then calls
// base's own VerifyConnection. base is never modified. Use it as an
// http.Transport's TLSClientConfig.
func (u *Updater) TLSConfig(base *tls.Config) *tls.Config {
	c := &tls.Config{}
	if base != nil {
		c = base.Clone()
	}
	next := c.VerifyConnection
	c.VerifyConnection = func(cs tls.ConnectionState) error {
		if err := u.VerifyConnection(cs); err != nil {
			return err
		}
		if next != nil {
			return next(cs)
		}
		return nil
	}
	return c
}

// Root returns the current root of trust.
func (u *Updater) Root() *Root {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.root
}

// Run calls Update now and then every interval until ctx is done. Errors
// are reported through OnEvent.
func (u *Updater) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		_ = u.Update(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Update follows any root rotations (N+1.root.json, N+2…), then fetches
// pinset.json and makes it live if it verifies. A rejected document leaves
// the live policy as it was; the error says why (see [ReasonOf]).
func (u *Updater) Update(ctx context.Context) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if err := u.updateRoot(ctx); err != nil {
		return u.reject(0, err)
	}
	data, found, err := u.fetch(ctx, "pinset.json")
	if err == nil && !found {
		err = &Error{Reason: ReasonFetch, Detail: "pinset.json: 404 Not Found"}
	}
	if err != nil {
		return u.reject(0, err)
	}
	if bytes.Equal(data, u.lastRaw) {
		return nil
	}
	set, err := u.root.Verify(data, u.last, u.cfg.Clock())
	if err != nil {
		return u.reject(0, err)
	}
	policy, err := set.Policy(u.cfg.PolicyOptions...)
	if err != nil {
		return u.reject(set.Version, &Error{Reason: ReasonInvalidPolicy, Detail: err.Error()})
	}
	u.last, u.lastRaw = set.Version, set.Raw
	u.swap(&live{policy: policy, set: set})
	u.emit(Event{Kind: EventAccepted, Version: set.Version})
	return u.saveState()
}

// updateRoot follows rotations from the current root.
func (u *Updater) updateRoot(ctx context.Context) error {
	for range maxRootSteps {
		data, found, err := u.fetch(ctx, fmt.Sprintf("%d.root.json", u.root.Version+1))
		if err != nil || !found {
			return err
		}
		next, err := u.root.VerifyRotation(data)
		if err != nil {
			return err
		}
		u.root = next
		u.emit(Event{Kind: EventRootRotated, Version: next.Version})
		// The live set must verify under the new root, or it is dropped.
		if l := u.live.Load(); l.set != nil {
			if _, err := next.Verify(l.set.Raw, l.set.Version-1, u.cfg.Clock()); err != nil {
				u.swap(u.shipped)
				u.emit(Event{Kind: EventExpiredFallback, Version: l.set.Version, Reason: ReasonOf(err), Err: err})
			}
		}
		if err := u.saveState(); err != nil {
			return err
		}
	}
	return nil
}

// swap makes l live; handshakes that loaded the old policy finish with it.
func (u *Updater) swap(l *live) {
	u.live.Store(l)
}

func (u *Updater) reject(version int64, err error) error {
	u.emit(Event{Kind: EventRejected, Version: version, Reason: ReasonOf(err), Err: err})
	return err
}

func (u *Updater) emit(e Event) {
	if u.cfg.OnEvent != nil {
		if e.Time.IsZero() {
			e.Time = u.cfg.Clock()
		}
		u.cfg.OnEvent(e)
	}
}

// fetch downloads name below the base URL. found is false on 404.
func (u *Updater) fetch(ctx context.Context, name string) (data []byte, found bool, err error) {
	target := u.base.JoinPath(name).String()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, false, &Error{Reason: ReasonFetch, Detail: err.Error()}
	}
	req.Header.Set("Cache-Control", "no-cache")
	resp, err := u.cfg.Client.Do(req)
	if err != nil {
		return nil, false, &Error{Reason: ReasonFetch, Detail: err.Error()}
	}
	defer resp.Body.Close()
	if resp.Request != nil && resp.Request.URL.Scheme != "https" {
		return nil, false, &Error{Reason: ReasonFetch, Detail: fmt.Sprintf("%s: redirected to %s, not https", name, resp.Request.URL.Redacted())}
	}
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, false, nil
	case resp.StatusCode == http.StatusForbidden && strings.HasSuffix(name, ".root.json"):
		// S3 and CDNs in front of it answer 403 for a missing object. A
		// hidden rotation is no worse than a blocked one: new sets stop
		// verifying and the live set expires into the shipped pins.
		return nil, false, nil
	case resp.StatusCode != http.StatusOK:
		return nil, false, &Error{Reason: ReasonFetch, Detail: fmt.Sprintf("%s: %s", name, resp.Status)}
	}
	data, err = io.ReadAll(io.LimitReader(resp.Body, MaxDocumentSize+1))
	if err != nil {
		return nil, false, &Error{Reason: ReasonFetch, Detail: fmt.Sprintf("%s: %v", name, err)}
	}
	if len(data) > MaxDocumentSize {
		return nil, false, newError(ReasonTooLarge, "%s is larger than %d bytes", name, MaxDocumentSize)
	}
	return data, true, nil
}
