package collector

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrNotFound is returned by Store.Get for an unknown report.
var ErrNotFound = errors.New("report not found")

// Get implements Store.
func (s *SQLStore) Get(ctx context.Context, id int64) (*Report, error) {
	rows, err := s.r.QueryContext(ctx, s.rebind(`SELECT id, `+reportCols+` FROM reports WHERE id = ?`), id)
	if err != nil {
		return nil, fmt.Errorf("failed to read report: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("failed to read report: %w", err)
		}
		return nil, ErrNotFound
	}
	return scanReport(rows)
}

// verdictRank orders verdicts from the most alarming.
func verdictRank(v Verdict) int {
	if i := slices.Index(Verdicts, v); i >= 0 {
		return i
	}
	return len(Verdicts)
}

// Hosts implements Store: the q.Top hosts with the most failures.
func (s *SQLStore) Hosts(ctx context.Context, q StatsQuery) ([]HostSummary, error) {
	q.normalise(s.now())
	var w where
	filter(&w, q.Since, q.Until, q.Host, q.App, q.Verdict)
	query := `SELECT host, verdict, MIN(first_seen), MAX(last_seen), SUM(count) FROM reports` + w.String() +
		` GROUP BY host, verdict`
	rows, err := s.r.QueryContext(ctx, s.rebind(query), w.args...)
	if err != nil {
		return nil, fmt.Errorf("failed to summarise hosts: %w", err)
	}
	byHost := map[string]*HostSummary{}
	for rows.Next() {
		var host, v string
		var first, last, n int64
		if err := rows.Scan(&host, &v, &first, &last, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("failed to summarise hosts: %w", err)
		}
		h := byHost[host]
		if h == nil {
			h = &HostSummary{Host: host, FirstSeen: fromMS(first), LastSeen: fromMS(last), Verdict: Verdict(v), Verdicts: map[Verdict]int64{}}
			byHost[host] = h
		}
		h.FirstSeen, h.LastSeen = minTime(h.FirstSeen, fromMS(first)), maxTime(h.LastSeen, fromMS(last))
		h.Count += n
		h.Verdicts[Verdict(v)] += n
		if verdictRank(Verdict(v)) < verdictRank(h.Verdict) {
			h.Verdict = Verdict(v)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("failed to summarise hosts: %w", err)
	}
	out := make([]HostSummary, 0, len(byHost))
	for _, h := range byHost {
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b HostSummary) int {
		if a.Count != b.Count {
			return int(b.Count - a.Count)
		}
		return strings.Compare(a.Host, b.Host)
	})
	if len(out) > q.Top {
		out = out[:q.Top]
	}
	for i := range out {
		if err := s.hostDetail(ctx, &out[i], q); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// hostDetail fills the versions and issuers of one host.
func (s *SQLStore) hostDetail(ctx context.Context, h *HostSummary, q StatsQuery) error {
	var w where
	filter(&w, q.Since, q.Until, h.Host, q.App, q.Verdict)
	var err error
	if h.Versions, err = s.top(ctx, &w, "app_id || ' ' || app_version", q.Top); err != nil {
		return err
	}
	h.Issuers, err = s.top(ctx, &w, "served_issuer", q.Top)
	return err
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// HostIssuers implements Store.
func (s *SQLStore) HostIssuers(ctx context.Context) (map[string][]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT host, issuer_key FROM host_issuers LIMIT `+strconv.Itoa(maxHistory))
	if err != nil {
		return nil, fmt.Errorf("failed to read issuer history: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var host, key string
		if err := rows.Scan(&host, &key); err != nil {
			return nil, fmt.Errorf("failed to read issuer history: %w", err)
		}
		out[host] = append(out[host], key)
	}
	return out, rows.Err()
}

// DeleteBefore implements Store. Each batch is its own short transaction
// so that ingest is not blocked for long.
func (s *SQLStore) DeleteBefore(ctx context.Context, t time.Time, batch int) (int64, error) {
	if batch <= 0 {
		batch = 1000
	}
	q := s.rebind(`DELETE FROM reports WHERE id IN (SELECT id FROM reports WHERE last_seen < ? LIMIT ` + strconv.Itoa(batch) + `)`)
	var total int64
	for {
		res, err := s.w.ExecContext(ctx, q, ms(t))
		if err != nil {
			return total, fmt.Errorf("failed to delete old reports: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, fmt.Errorf("failed to delete old reports: %w", err)
		}
		total += n
		if n < int64(batch) {
			return total, nil
		}
	}
}

// Ping implements Store: a query on the reports table, so that a corrupt
// or missing table fails it and not only a dead connection.
func (s *SQLStore) Ping(ctx context.Context) error {
	var n int64
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT id FROM reports ORDER BY id DESC LIMIT 1) AS t`).Scan(&n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("failed to query the store: %w", err)
	}
	return nil
}

// readFileLimited reads at most limit bytes of path and fails beyond.
func readFileLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return b, nil
}
