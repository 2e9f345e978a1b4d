package collector

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// insertCols is the number of bound values per report in the upsert.
const insertCols = 26

// errNoRow is returned when a report's upsert returns no row even after
// its expired dedup window was rotated.
var errNoRow = errors.New("failed to store report: no row returned after starting a new dedup window")

// rounds splits batch (sorted by dedup key) into upsert statements. Round
// k holds the k-th report of each dedup key in the batch, so that no
// statement touches a row twice and same-key reports are applied one after
// the other; where the dialect caps the rows per statement, a round is cut
// into several statements (its keys are distinct, so their order does not
// matter).
func (s *SQLStore) rounds(batch []*writeReq) [][]*writeReq {
	var out [][]*writeReq
	for rest := batch; len(rest) > 0; {
		var round []*writeReq
		round, rest = splitRound(rest)
		for n := s.d.stmtRows; n > 0 && len(round) > n; round = round[n:] {
			out = append(out, round[:n:n])
		}
		out = append(out, round)
	}
	return out
}

// splitRound takes the first report of each dedup key from batch (sorted
// by key) and returns them and the remaining reports, both still sorted.
func splitRound(batch []*writeReq) (round, rest []*writeReq) {
	round = make([]*writeReq, 0, len(batch))
	for i, req := range batch {
		if i > 0 && req.key == batch[i-1].key {
			rest = append(rest, req)
			continue
		}
		round = append(round, req)
	}
	return round, rest
}

// upsertRound stores reports with distinct dedup keys inside tx. The unique
// dedup key makes the database fold identical reports (its row lock
// serialises them, also across collectors sharing one PostgreSQL database).
func (s *SQLStore) upsertRound(ctx context.Context, tx *sql.Tx, rotate *sql.Stmt, round []*writeReq) error {
	missing, err := s.upsertRows(ctx, tx, round)
	if err != nil || len(missing) == 0 {
		return err
	}
	// The stored twins are older than the window: retire them and retry.
	for _, req := range missing {
		if _, err := rotate.ExecContext(ctx, req.key); err != nil {
			return fmt.Errorf("failed to start a new dedup window: %w", err)
		}
	}
	missing, err = s.upsertRows(ctx, tx, missing)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		return errNoRow
	}
	return nil
}

// upsertRows runs one multi-row upsert for reqs (distinct keys, sorted, so
// concurrent PostgreSQL writers lock rows in the same order) and records
// each result. It returns the reports that got no row back: their stored
// twin is older than the dedup window.
func (s *SQLStore) upsertRows(ctx context.Context, tx *sql.Tx, reqs []*writeReq) ([]*writeReq, error) {
	args := make([]any, 0, len(reqs)*insertCols)
	for _, req := range reqs {
		args = append(args, req.args...)
	}
	var rows *sql.Rows
	var err error
	if st := s.preparedUpsert(len(reqs)); st != nil {
		rows, err = tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	} else {
		rows, err = tx.QueryContext(ctx, s.upsertQuery(len(reqs)), args...)
	}
	if err != nil {
		return nil, fmt.Errorf("failed to store report: %w", err)
	}
	defer rows.Close()
	got := make([]bool, len(reqs))
	for rows.Next() {
		var key string
		var id, count int64
		if err := rows.Scan(&key, &id, &count); err != nil {
			return nil, fmt.Errorf("failed to store report: %w", err)
		}
		i, ok := slices.BinarySearchFunc(reqs, key, func(r *writeReq, k string) int { return strings.Compare(r.key, k) })
		if !ok || got[i] {
			return nil, fmt.Errorf("failed to store report: unexpected row for dedup key %q", key)
		}
		got[i] = true
		reqs[i].res = Added{ID: id, Duplicate: count > 1}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("failed to store report: %w", err)
	}
	var missing []*writeReq
	for i, ok := range got {
		if !ok {
			missing = append(missing, reqs[i])
		}
	}
	return missing, nil
}

// upsertQuery returns the upsert of n reports, built once per n. A new
// report is inserted; a repeat within the window bumps the counter
// (RETURNING count > 1); a repeat after the window returns no row.
func (s *SQLStore) upsertQuery(n int) string {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	if q, ok := s.upserts[n]; ok {
		return q
	}
	row := "(" + strings.Repeat("?, ", insertCols) + "1)"
	var b strings.Builder
	b.WriteString("INSERT INTO reports (dedup_key, " + reportCols + ")\nVALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(row)
	}
	b.WriteString(`
ON CONFLICT (dedup_key) DO UPDATE SET count = reports.count + 1, last_seen = excluded.last_seen
WHERE reports.first_seen > excluded.first_seen - ` + strconv.FormatInt(DedupWindow.Milliseconds(), 10) + `
RETURNING dedup_key, id, count`)
	q := s.rebind(b.String())
	if s.upserts == nil {
		s.upserts = make(map[int]string)
	}
	s.upserts[n] = q
	return q
}

// prepareUpserts prepares, once per row count, the upserts that rounds
// need, where the dialect caches them (SQLite: parsing a multi-row upsert
// costs the writer about as much as binding it). It must run outside a
// transaction.
func (s *SQLStore) prepareUpserts(ctx context.Context, rounds [][]*writeReq) error {
	if s.d.stmtRows == 0 {
		return nil
	}
	for _, round := range rounds {
		n := len(round)
		if s.preparedUpsert(n) != nil {
			continue
		}
		st, err := s.w.PrepareContext(ctx, s.upsertQuery(n))
		if err != nil {
			return fmt.Errorf("failed to prepare statement: %w", err)
		}
		s.qmu.Lock()
		if s.prepared == nil {
			s.prepared = make(map[int]*sql.Stmt)
		}
		s.prepared[n] = st
		s.qmu.Unlock()
	}
	return nil
}

// preparedUpsert returns the prepared upsert of n rows, or nil.
func (s *SQLStore) preparedUpsert(n int) *sql.Stmt {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	return s.prepared[n]
}

// insertArgs returns the insertCols values bound for r, whose dedup key
// is key.
func insertArgs(key string, r *Report) []any {
	var lists [3]string
	for i, l := range [][]string{r.ServedChain, r.ValidatedChain, r.KnownPins} {
		lists[i] = string(appendJSONStrings(make([]byte, 0, listSize(l)), l))
	}
	sub := 0
	if r.IncludeSubdomains {
		sub = 1
	}
	return append(make([]any, 0, insertCols),
		key, string(r.Format), r.Host, r.Port, r.AppID, r.AppVersion, r.Platform, r.PlatformVersion,
		r.NotedHost, sub, r.Mode, r.PolicyHash, r.ValidationResult, lists[0], lists[1], lists[2],
		r.ServedIssuer, ms(r.Date), ms(r.FirstSeen), ms(r.LastSeen), r.Expires, string(r.Extra),
		string(verdictOrUnknown(r.Verdict)), r.VerdictReason, r.Roots, r.IssuerKey,
	)
}

func verdictOrUnknown(v Verdict) Verdict {
	if v == "" {
		return VerdictUnknown
	}
	return v
}
