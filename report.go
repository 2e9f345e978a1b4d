package pin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

const (
	defaultQueueSize = 64
	dedupWindow      = 24 * time.Hour
	maxDedupEntries  = 4096
	maxReportCerts   = 16
	reportTimeout    = 10 * time.Second
)

// Report is a pin validation failure report: the fields of RFC 7469 §3
// plus "app", "policy-hash" and "mode" ("enforce" or "report-only").
// Certificates are PEM encoded, leaf first.
type Report struct {
	DateTime                  string   `json:"date-time"`
	Hostname                  string   `json:"hostname"`
	Port                      int      `json:"port"`
	EffectiveExpirationDate   string   `json:"effective-expiration-date,omitempty"`
	IncludeSubdomains         bool     `json:"include-subdomains"`
	NotedHostname             string   `json:"noted-hostname"`
	ServedCertificateChain    []string `json:"served-certificate-chain"`
	ValidatedCertificateChain []string `json:"validated-certificate-chain"`
	KnownPins                 []string `json:"known-pins"`
	App                       string   `json:"app,omitempty"`
	PolicyHash                string   `json:"policy-hash"`
	Mode                      string   `json:"mode"`
}

// ReportStats counts what happened to failure reports.
type ReportStats struct {
	Queued       uint64 // accepted into the queue
	Sent         uint64 // delivered with a 2xx answer
	Failed       uint64 // send error or non-2xx answer
	Dropped      uint64 // queue full, dedup table full, or policy closed
	Deduplicated uint64 // same host, served chain and policy within 24 h
}

// ReportStats returns the report counters. They are all zero without
// ReportTo.
func (p *Policy) ReportStats() ReportStats {
	if p.reporter == nil {
		return ReportStats{}
	}
	r := p.reporter
	return ReportStats{
		Queued: r.queued.Load(), Sent: r.sent.Load(), Failed: r.failed.Load(),
		Dropped: r.dropped.Load(), Deduplicated: r.deduped.Load(),
	}
}

// FlushReports waits until every queued report has been sent or has
// failed, or until ctx is done.
func (p *Policy) FlushReports(ctx context.Context) error {
	if p.reporter == nil {
		return nil
	}
	return p.reporter.flush(ctx)
}

// pendingReport is what a handshake hands to the sender; the JSON is built
// on the sender's goroutine, off the handshake path.
type pendingReport struct {
	key      string
	host     string
	now      time.Time
	port     int
	rule     *rule
	served   []*x509.Certificate
	verified []*x509.Certificate
}

// newReport captures a failure for the reporter.
func (p *Policy) newReport(r *rule, e *Error, port int) *pendingReport {
	served := e.Served[:min(len(e.Served), maxReportCerts)]
	var verified []*x509.Certificate
	if len(e.Verified) > 0 {
		verified = e.Verified[0][:min(len(e.Verified[0]), maxReportCerts)]
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", e.Host, p.hash)
	for _, c := range served {
		h.Write(c.Raw)
	}
	return &pendingReport{
		key: string(h.Sum(nil)), host: e.Host, now: p.clock(), port: port,
		rule: r, served: served, verified: verified,
	}
}

// build renders the JSON report.
func (p *Policy) build(pr *pendingReport) ([]byte, error) {
	rep := Report{
		DateTime:                  pr.now.UTC().Format(time.RFC3339),
		Hostname:                  pr.host,
		Port:                      pr.port,
		IncludeSubdomains:         pr.rule.subdomains,
		NotedHostname:             pr.rule.name,
		ServedCertificateChain:    pemChain(pr.served),
		ValidatedCertificateChain: pemChain(pr.verified),
		App:                       p.app,
		PolicyHash:                p.hash,
		Mode:                      "enforce",
	}
	if rep.Port == 0 {
		rep.Port = 443
	}
	if !p.expires.IsZero() {
		rep.EffectiveExpirationDate = p.expires.Format(time.RFC3339)
	}
	for _, pn := range pr.rule.pins {
		rep.KnownPins = append(rep.KnownPins, `pin-sha256="`+pn.Base64()+`"`)
	}
	if p.reportOnly {
		rep.Mode = "report-only"
	}
	return json.Marshal(rep)
}

func pemChain(certs []*x509.Certificate) []string {
	out := make([]string, 0, len(certs))
	for _, c := range certs {
		out = append(out, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})))
	}
	return out
}

// reporter sends reports from one goroutine through a bounded queue.
type reporter struct {
	url       string
	client    *http.Client
	ownClient bool
	policy    *Policy
	queue     chan *pendingReport
	done      chan struct{}

	mu      sync.Mutex
	started bool
	closed  bool
	pending int
	seen    map[string]time.Time

	queued, sent, failed, dropped, deduped atomic.Uint64
}

func newReporter(url string, client *http.Client, size int, p *Policy) *reporter {
	if size == 0 {
		size = defaultQueueSize
	}
	r := &reporter{
		url: url, client: client, policy: p,
		queue: make(chan *pendingReport, size), done: make(chan struct{}),
		seen: map[string]time.Time{},
	}
	if r.client == nil {
		r.ownClient = true
		r.client = &http.Client{
			Timeout: reportTimeout,
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
	return r
}

// enqueue queues pr unless it is a duplicate; it never blocks.
func (r *reporter) enqueue(pr *pendingReport) {
	if err := r.tryEnqueue(pr); err != nil {
		r.dropped.Add(1)
		r.policy.emit(Event{Kind: EventReportDropped, Host: pr.host, Time: pr.now, Err: err})
	}
}

// tryEnqueue returns why pr was dropped, if it was.
func (r *reporter) tryEnqueue(pr *pendingReport) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return errors.New("failed to queue report: policy closed")
	}
	if last, ok := r.seen[pr.key]; ok && absDuration(pr.now.Sub(last)) < dedupWindow {
		r.deduped.Add(1)
		return nil
	}
	if len(r.seen) >= maxDedupEntries {
		r.prune(pr.now)
		if len(r.seen) >= maxDedupEntries {
			return errors.New("failed to queue report: dedup table full")
		}
	}
	if !r.started {
		r.started = true
		go r.run()
	}
	select {
	case r.queue <- pr:
		r.seen[pr.key] = pr.now
		r.pending++
		r.queued.Add(1)
		return nil
	default:
		return errors.New("failed to queue report: queue full")
	}
}

// prune forgets dedup entries older than the window; r.mu is held.
func (r *reporter) prune(now time.Time) {
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
func (r *reporter) run() {
	defer close(r.done)
	for pr := range r.queue {
		if err := r.send(pr); err != nil {
			r.failed.Add(1)
			r.policy.emit(Event{Kind: EventReportFailed, Host: pr.host, Time: r.policy.clock(), Err: err})
		} else {
			r.sent.Add(1)
		}
		r.mu.Lock()
		r.pending--
		r.mu.Unlock()
	}
}

// send posts one report.
func (r *reporter) send(pr *pendingReport) error {
	body, err := r.policy.build(pr)
	if err != nil {
		return fmt.Errorf("failed to encode report: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), reportTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("failed to build report request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "pinkit-pin")
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

// flush waits until nothing is pending.
func (r *reporter) flush(ctx context.Context) error {
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
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// close stops accepting reports, sends the queued ones and waits.
func (r *reporter) close() error {
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
