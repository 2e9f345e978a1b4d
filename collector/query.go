package collector

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// where builds the shared filter of List and Stats.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, arg any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, arg)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// filter adds the shared conditions: first received in [since, until),
// and host, app and verdict when set.
func filter(w *where, since, until time.Time, host, app string, verdict Verdict) {
	if !since.IsZero() {
		w.add("first_seen >= ?", ms(since))
	}
	if !until.IsZero() {
		w.add("first_seen < ?", ms(until))
	}
	if host != "" {
		w.add("host = ?", queryHost(host))
	}
	if app != "" {
		w.add("app_id = ?", app)
	}
	if verdict != "" {
		w.add("verdict = ?", string(verdict))
	}
}

// List implements Store.
func (s *SQLStore) List(ctx context.Context, q Query) (*Page, error) {
	var w where
	filter(&w, q.Since, q.Until, q.Host, q.App, q.Verdict)
	if q.Cursor != "" {
		id, err := strconv.ParseInt(q.Cursor, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("failed to list reports: invalid cursor %q", q.Cursor)
		}
		w.add("id < ?", id)
	}
	limit := q.limit()
	query := `SELECT id, ` + reportCols + ` FROM reports` + w.String() +
		` ORDER BY id DESC LIMIT ` + strconv.Itoa(limit)
	rows, err := s.r.QueryContext(ctx, s.rebind(query), w.args...)
	if err != nil {
		return nil, fmt.Errorf("failed to list reports: %w", err)
	}
	defer rows.Close()
	page := &Page{Reports: []*Report{}}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		page.Reports = append(page.Reports, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("failed to list reports: %w", err)
	}
	if len(page.Reports) == limit {
		page.Next = strconv.FormatInt(page.Reports[limit-1].ID, 10)
	}
	return page, nil
}

func scanReport(rows *sql.Rows) (*Report, error) {
	var r Report
	var format string
	var sub int
	var lists [3]string
	var date, first, last int64
	var extra, verdict string
	err := rows.Scan(&r.ID, &format, &r.Host, &r.Port, &r.AppID, &r.AppVersion, &r.Platform,
		&r.PlatformVersion, &r.NotedHost, &sub, &r.Mode, &r.PolicyHash, &r.ValidationResult,
		&lists[0], &lists[1], &lists[2], &r.ServedIssuer, &date, &first, &last, &r.Expires, &extra,
		&verdict, &r.VerdictReason, &r.Roots, &r.IssuerKey, &r.Count)
	if err != nil {
		return nil, fmt.Errorf("failed to read report: %w", err)
	}
	r.Format, r.IncludeSubdomains, r.Verdict = Format(format), sub != 0, Verdict(verdict)
	r.Date, r.FirstSeen, r.LastSeen = fromMS(date), fromMS(first), fromMS(last)
	if extra != "" {
		r.Extra = json.RawMessage(extra)
	}
	for i, dst := range []*[]string{&r.ServedChain, &r.ValidatedChain, &r.KnownPins} {
		if err := json.Unmarshal([]byte(lists[i]), dst); err != nil {
			return nil, fmt.Errorf("failed to read report %d: %w", r.ID, err)
		}
	}
	return &r, nil
}

// Stats implements Store.
func (s *SQLStore) Stats(ctx context.Context, q StatsQuery) (*Stats, error) {
	q.normalise(s.now())
	var w where
	filter(&w, q.Since, q.Until, q.Host, q.App, q.Verdict)
	st := &Stats{Since: q.Since.UTC(), Until: q.Until.UTC(), BucketSecs: int64(q.Bucket / time.Second)}
	row := s.r.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*), COALESCE(SUM(count), 0) FROM reports`+w.String()), w.args...)
	if err := row.Scan(&st.Reports, &st.Failures); err != nil {
		return nil, fmt.Errorf("failed to count reports: %w", err)
	}
	var err error
	if st.Timeline, err = s.timeline(ctx, &w, q, st); err != nil {
		return nil, err
	}
	tops := []struct {
		dst  *[]Count
		expr string
	}{
		{&st.Hosts, "host"},
		{&st.AppVersions, "app_id || ' ' || app_version"},
		{&st.Issuers, "served_issuer"},
		{&st.Platforms, "platform"},
		{&st.Verdicts, "verdict"},
	}
	for _, t := range tops {
		if *t.dst, err = s.top(ctx, &w, t.expr, q.Top); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// top returns the q.Top most frequent values of expr.
func (s *SQLStore) top(ctx context.Context, w *where, expr string, n int) ([]Count, error) {
	query := `SELECT ` + expr + ` AS k, SUM(count) AS c FROM reports` + w.String() +
		` GROUP BY k ORDER BY c DESC, k LIMIT ` + strconv.Itoa(n)
	rows, err := s.r.QueryContext(ctx, s.rebind(query), w.args...)
	if err != nil {
		return nil, fmt.Errorf("failed to aggregate reports: %w", err)
	}
	defer rows.Close()
	out := []Count{}
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Key, &c.Count); err != nil {
			return nil, fmt.Errorf("failed to aggregate reports: %w", err)
		}
		c.Key = strings.TrimSpace(c.Key)
		out = append(out, c)
	}
	return out, rows.Err()
}

// timeline counts failures per bucket, filling empty buckets with zero.
// The buckets are the reports' own dates (a client's date-time, else the
// receive time); reports received in the range but dated outside it are
// counted in st.DatedBefore and st.DatedAfter.
func (s *SQLStore) timeline(ctx context.Context, w *where, q StatsQuery, st *Stats) ([]Point, error) {
	b := q.Bucket.Milliseconds()
	bs := strconv.FormatInt(b, 10)
	query := `SELECT (report_time / ` + bs + `) * ` + bs + ` AS t, verdict, SUM(count) FROM reports` + w.String() +
		` GROUP BY t, verdict ORDER BY t`
	rows, err := s.r.QueryContext(ctx, s.rebind(query), w.args...)
	if err != nil {
		return nil, fmt.Errorf("failed to build timeline: %w", err)
	}
	defer rows.Close()
	got := map[int64]map[Verdict]int64{}
	for rows.Next() {
		var t, c int64
		var v string
		if err := rows.Scan(&t, &v, &c); err != nil {
			return nil, fmt.Errorf("failed to build timeline: %w", err)
		}
		switch {
		case t < ms(q.Since)/b*b:
			st.DatedBefore += c
			continue
		case t >= ms(q.Until):
			st.DatedAfter += c
			continue
		}
		if got[t] == nil {
			got[t] = map[Verdict]int64{}
		}
		got[t][Verdict(v)] += c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("failed to build timeline: %w", err)
	}
	out := []Point{}
	for t := ms(q.Since) / b * b; t < ms(q.Until); t += b {
		p := Point{Time: fromMS(t), Verdicts: got[t]}
		for _, c := range got[t] {
			p.Count += c
		}
		out = append(out, p)
	}
	return out, nil
}
