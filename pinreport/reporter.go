package pinreport

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	pin "github.com/pinkit/pinkit"
)

const (
	defaultQueueSize = 64
	dedupWindow      = 24 * time.Hour
	maxDedupEntries  = 4096
	sendTimeout      = 10 * time.Second
)

// Stats counts what happened to failure reports.
type Stats struct {
	Queued       uint64 // accepted into the queue
	Sent         uint64 // delivered with a 2xx answer
	Failed       uint64 // send error or non-2xx answer
	Dropped      uint64 // queue full, dedup table full, or reporter closed
	Deduplicated uint64 // same host, served chain and policy within 24 h
}

// ProblemKind says what went wrong with a report.
type ProblemKind int

const (
	// ProblemDropped: the report was not queued (queue full, dedup table
	// full, or the Reporter closed).
	ProblemDropped ProblemKind = iota + 1
	// ProblemSendFailed: sending failed (network error or non-2xx answer).
	ProblemSendFailed
)

// String returns "report-dropped" or "report-failed".
func (k ProblemKind) String() string {
	switch k {
	case ProblemDropped:
		return "report-dropped"
	case ProblemSendFailed:
		return "report-failed"
	}
	return "unknown"
}

// Problem is passed to the [OnProblem] callback.
type Problem struct {
	Kind ProblemKind
	Host string    // the host the report is about
	Time time.Time // the failure's time (dropped) or the send's (failed)
	Err  error
}

// Option configures a [Reporter]; see [New].
type Option func(*Reporter)

// Client sets the http.Client that sends reports. The default has a 10
// second timeout and does not follow redirects. It must not enforce the
// reporting policy's pins on the report host: when the report URI is on a
// pinned host whose pins fail, the report is exactly what must get out.
func Client(c *http.Client) Option { return func(r *Reporter) { r.client, r.ownClient = c, false } }

// QueueSize sets how many reports may wait to be sent (default 64). When
// the queue is full, new reports are dropped and counted.
func QueueSize(n int) Option { return func(r *Reporter) { r.size = n } }

// OnProblem registers fn to hear about dropped and failed reports. It is
// called from the handshake (dropped) or the sender (failed) and must not
// block.
func OnProblem(fn func(Problem)) Option { return func(r *Reporter) { r.onProblem = fn } }

// Reporter queues the failure reports of one or more policies and sends
// them to one report URI from a single goroutine, started on the first
// report. Give its Handle method to [pin.OnEvent]. A Reporter is safe for
// concurrent use; Close it when done.
type Reporter struct {
	url       string
	client    *http.Client
	ownClient bool
	size      int
	onProblem func(Problem)
	queue     chan pending
	done      chan struct{}

	mu      sync.Mutex
	started bool
	closed  bool
	pending int
	seen    map[[sha256.Size]byte]time.Time

	queued, sent, failed, dropped, deduped atomic.Uint64
}

// pending is a failure on its way out; its JSON is built by the sender,
// off the handshake path.
type pending struct {
	event pin.Event
}

// New returns a Reporter that POSTs reports to reportURI, an absolute
// http or https URL without credentials. There is no default endpoint.
func New(reportURI string, opts ...Option) (*Reporter, error) {
	if err := checkReportURI(reportURI); err != nil {
		return nil, err
	}
	r := &Reporter{url: reportURI, ownClient: true, seen: map[[sha256.Size]byte]time.Time{}}
	for _, opt := range opts {
		opt(r)
	}
	if r.size < 0 {
		return nil, fmt.Errorf("failed to create reporter: queue size %d is negative", r.size)
	}
	if r.size == 0 {
		r.size = defaultQueueSize
	}
	if r.client == nil {
		r.ownClient = true
		r.client = defaultClient()
	}
	r.queue = make(chan pending, r.size)
	r.done = make(chan struct{})
	return r, nil
}

func defaultClient() *http.Client {
	return &http.Client{
		Timeout: sendTimeout,
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			TLSHandshakeTimeout:   5 * time.Second,
			ResponseHeaderTimeout: 5 * time.Second,
			IdleConnTimeout:       30 * time.Second,
			MaxIdleConns:          2,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// checkReportURI accepts absolute http and https URLs with a host.
func checkReportURI(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("failed to create reporter: report URI: %w", err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("failed to create reporter: report URI %q: want an absolute http or https URL", raw)
	}
	if u.User != nil {
		return fmt.Errorf("failed to create reporter: report URI %q: must not hold credentials", u.Redacted())
	}
	return nil
}

// Handle queues a report for a pin failure event and ignores other
// events. It never blocks: a duplicate (same host, served chain and policy
// hash within 24 hours) is counted, a report that does not fit is dropped
// and counted.
func (r *Reporter) Handle(e pin.Event) {
	if e.Kind != pin.EventPinFailure {
		return
	}
	if err := r.tryEnqueue(e); err != nil {
		r.dropped.Add(1)
		r.problem(Problem{Kind: ProblemDropped, Host: e.Host, Time: e.Time, Err: err})
	}
}

func (r *Reporter) problem(p Problem) {
	if r.onProblem != nil {
		r.onProblem(p)
	}
}

// dedupKey identifies a failure: host, policy and served chain.
func dedupKey(e pin.Event) [sha256.Size]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", e.Host, e.PolicyHash)
	for _, c := range e.Served[:min(len(e.Served), maxReportCerts)] {
		h.Write(c.Raw)
	}
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// tryEnqueue returns why e was dropped, if it was.
func (r *Reporter) tryEnqueue(e pin.Event) error {
	key := dedupKey(e)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return errors.New("failed to queue report: reporter closed")
	}
	if last, ok := r.seen[key]; ok && absDuration(e.Time.Sub(last)) < dedupWindow {
		r.deduped.Add(1)
		return nil
	}
	if len(r.seen) >= maxDedupEntries {
		r.prune(e.Time)
		if len(r.seen) >= maxDedupEntries {
			return errors.New("failed to queue report: dedup table full")
		}
	}
	if !r.started {
		r.started = true
		go r.run()
	}
	select {
	case r.queue <- pending{event: e}:
		r.seen[key] = e.Time
		r.pending++
		r.queued.Add(1)
		return nil
	default:
		return errors.New("failed to queue report: queue full")
	}
}

// prune forgets dedup entries older than the window; r.mu is held.
func (r *Reporter) prune(now time.Time) {
	for k, t := range r.seen {
		if absDuration(now.Sub(t)) >= dedupWindow {
			delete(r.seen, k)
		}
	}
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// run sends queued reports until the queue is closed and drained.
func (r *Reporter) run() {
	defer close(r.done)
	for p := range r.queue {
		if err := r.send(p.event); err != nil {
			r.failed.Add(1)
			r.problem(Problem{Kind: ProblemSendFailed, Host: p.event.Host, Time: time.Now(), Err: err})
		} else {
			r.sent.Add(1)
		}
		r.mu.Lock()
		r.pending--
		r.mu.Unlock()
	}
}

// send posts the report of one event.
func (r *Reporter) send(e pin.Event) error {
	rep, _ := FromEvent(e)
	body, err := json.Marshal(rep)
	if err != nil {
		return fmt.Errorf("failed to encode report: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), sendTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("failed to build report request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "pinkit-pinreport")
	resp, err := r.client.Do(req)
	if err != nil {
		return fmt.Errorf("failed to send report: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("failed to send report: collector answered %s", resp.Status)
	}
	return nil
}

// Stats returns the report counters.
func (r *Reporter) Stats() Stats {
	return Stats{
		Queued: r.queued.Load(), Sent: r.sent.Load(), Failed: r.failed.Load(),
		Dropped: r.dropped.Load(), Deduplicated: r.deduped.Load(),
	}
}

// Flush waits until every queued report has been sent or has failed, or
// until ctx is done.
func (r *Reporter) Flush(ctx context.Context) error {
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		r.mu.Lock()
		n := r.pending
		r.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("failed to flush %d reports: %w", n, ctx.Err())
		case <-tick.C:
		}
	}
}

// Close stops accepting reports, sends the queued ones (each bounded by
// the client's timeout) and waits for them. Later failures are dropped and
// counted; the policies keep enforcing. Close is safe to call more than
// once.
func (r *Reporter) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	started := r.started
	close(r.queue)
	r.mu.Unlock()
	if started {
		<-r.done
	}
	if r.ownClient {
		r.client.CloseIdleConnections()
	}
	return nil
}
