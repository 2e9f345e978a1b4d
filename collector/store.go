package collector

import (
	"context"
	"time"
)

// DedupWindow is how long identical reports are folded into one row whose
// counter goes up instead of adding rows.
const DedupWindow = 24 * time.Hour

// Store keeps reports durably. Implementations are safe for concurrent use.
type Store interface {
	// Add stores r, or counts it against an identical report received in
	// the last DedupWindow. It returns only after the write is committed.
	Add(ctx context.Context, r *Report) (Added, error)
	// List returns one page of reports, newest first.
	List(ctx context.Context, q Query) (*Page, error)
	// Stats aggregates the reports first seen in [q.Since, q.Until).
	Stats(ctx context.Context, q StatsQuery) (*Stats, error)
	// Get returns one report, or ErrNotFound.
	Get(ctx context.Context, id int64) (*Report, error)
	// Hosts summarises the hosts of the reports dated in [q.Since, q.Until).
	Hosts(ctx context.Context, q StatsQuery) ([]HostSummary, error)
	// HostIssuers returns the verdict history: which public CAs (SPKI pins)
	// issued for which host.
	HostIssuers(ctx context.Context) (map[string][]string, error)
	// DeleteBefore deletes the reports last seen before t, batch rows per
	// transaction, and returns how many it deleted.
	DeleteBefore(ctx context.Context, t time.Time, batch int) (int64, error)
	// Ping checks that the database answers a query.
	Ping(ctx context.Context) error
	// Close flushes pending writes and releases the database.
	Close() error
}

// HostSummary is what the dashboard shows per host.
type HostSummary struct {
	Host      string            `json:"host"`
	FirstSeen time.Time         `json:"first_seen"`
	LastSeen  time.Time         `json:"last_seen"`
	Count     int64             `json:"count"`    // failures including repeats
	Verdict   Verdict           `json:"verdict"`  // the most alarming verdict seen
	Verdicts  map[Verdict]int64 `json:"verdicts"` // failures per verdict
	Versions  []Count           `json:"versions"` // "app version" pairs affected
	Issuers   []Count           `json:"issuers"`  // served issuers (host × issuer)
}

// Added says what Store.Add did.
type Added struct {
	ID        int64 // row holding the report
	Duplicate bool  // an identical report was already stored within DedupWindow
}

// Query selects reports for Store.List. Zero fields do not filter.
type Query struct {
	Host    string
	App     string    // app id
	Verdict Verdict   // one verdict
	Since   time.Time // first seen at or after
	Until   time.Time // first seen before
	Cursor  string    // Page.Next of the previous page
	Limit   int       // default 100, at most 1000
}

// Page is one page of reports; Next is "" on the last page.
type Page struct {
	Reports []*Report `json:"reports"`
	Next    string    `json:"next,omitempty"`
}

// StatsQuery selects the reports (first seen in [Since, Until), and the
// host, app and verdict filters) and the bucket size of Store.Stats.
type StatsQuery struct {
	Since, Until time.Time
	Host, App    string
	Verdict      Verdict
	Bucket       time.Duration // timeline resolution; default one hour
	Top          int           // entries per top list; default 10
}

// Stats aggregates reports. Counts include deduplicated repeats.
type Stats struct {
	Since       time.Time `json:"since"`
	Until       time.Time `json:"until"`
	BucketSecs  int64     `json:"bucket_seconds"`
	Reports     int64     `json:"reports"`      // rows (distinct reports)
	Failures    int64     `json:"failures"`     // reports including repeats
	Timeline    []Point   `json:"timeline"`     // failures per bucket of the reports' own dates
	DatedBefore int64     `json:"dated_before"` // failures received in range, dated before it
	DatedAfter  int64     `json:"dated_after"`  // failures received in range, dated after it (client clocks)
	Hosts       []Count   `json:"hosts"`        // top hosts
	AppVersions []Count   `json:"app_versions"` // top "app version" pairs
	Issuers     []Count   `json:"issuers"`      // top served issuers
	Platforms   []Count   `json:"platforms"`
	Verdicts    []Count   `json:"verdicts"` // failures per verdict
}

// Point is one timeline bucket.
type Point struct {
	Time     time.Time         `json:"time"`
	Count    int64             `json:"count"`
	Verdicts map[Verdict]int64 `json:"verdicts,omitempty"`
}

// Count is one entry of a top list.
type Count struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
}

func (q *Query) limit() int {
	switch {
	case q.Limit <= 0:
		return 100
	case q.Limit > 1000:
		return 1000
	default:
		return q.Limit
	}
}

func (q *StatsQuery) normalise(now time.Time) {
	if q.Bucket <= 0 {
		q.Bucket = time.Hour
	}
	if q.Bucket < time.Minute {
		q.Bucket = time.Minute
	}
	if q.Until.IsZero() {
		q.Until = now
	}
	if q.Since.IsZero() {
		q.Since = q.Until.Add(-7 * 24 * time.Hour)
	}
	// At most 2000 buckets.
	if span := q.Until.Sub(q.Since); span/q.Bucket > 2000 {
		q.Bucket = span / 2000
	}
	if q.Top <= 0 || q.Top > 100 {
		q.Top = 10
	}
}
