package collector

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// maxBatch bounds how many reports share one transaction (one fsync).
const maxBatch = 256

// writeReq is one report waiting for the batch writer.
type writeReq struct {
	r    *Report
	key  string
	res  Added
	err  error
	done chan struct{}
}

// errClosed is returned by Add after Close.
var errClosed = errors.New("failed to store report: store closed")

// Add implements Store. Concurrent calls are grouped into one transaction
// per batch; each returns after its batch committed.
func (s *SQLStore) Add(ctx context.Context, r *Report) (Added, error) {
	req := &writeReq{r: r, key: r.DedupKey(), done: make(chan struct{})}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return Added{}, errClosed
	}
	select {
	case s.queue <- req:
	case <-ctx.Done():
		s.mu.RUnlock()
		return Added{}, fmt.Errorf("failed to store report: %w", ctx.Err())
	}
	s.mu.RUnlock()
	select {
	case <-req.done:
		return req.res, req.err
	case <-ctx.Done():
		return Added{}, fmt.Errorf("failed to store report: %w", ctx.Err())
	}
}

// Group commit: under load a writer that finds fewer than lingerBatch
// reports waits up to maxLinger for more before committing. A commit (and
// its fsync) costs about as much CPU as several reports, so bigger batches
// cut the CPU per report (BenchmarkCommitBatch: ~86 µs at 8 reports per
// batch, ~57 µs at 32). Reports still get their 202 only after the commit;
// the price is at most maxLinger of latency, and only when the previous
// batch was not a lone report (an idle collector does not wait).
const (
	maxLinger   = 2 * time.Millisecond
	lingerBatch = 32
)

// writer commits queued reports in batches until Close, then drains.
func (s *SQLStore) writer() {
	defer s.wg.Done()
	batch := make([]*writeReq, 0, maxBatch)
	linger := time.NewTimer(maxLinger)
	linger.Stop()
	busy := false
	for {
		var first *writeReq
		select {
		case first = <-s.queue:
		case <-s.stop:
			s.drain()
			return
		}
		batch = s.fill(append(batch[:0], first))
		if busy && len(batch) < lingerBatch {
			batch = s.linger(batch, linger)
		}
		busy = len(batch) > 1
		s.commit(batch)
	}
}

// fill adds whatever is queued, up to maxBatch.
func (s *SQLStore) fill(batch []*writeReq) []*writeReq {
	for len(batch) < maxBatch {
		select {
		case req := <-s.queue:
			batch = append(batch, req)
		default:
			return batch
		}
	}
	return batch
}

// linger waits up to maxLinger for the batch to reach lingerBatch.
func (s *SQLStore) linger(batch []*writeReq, t *time.Timer) []*writeReq {
	t.Reset(maxLinger)
	defer t.Stop()
	for len(batch) < lingerBatch {
		select {
		case req := <-s.queue:
			batch = s.fill(append(batch, req))
		case <-t.C:
			return batch
		case <-s.stop:
			return batch
		}
	}
	return batch
}

// drain commits whatever is still queued after Close.
func (s *SQLStore) drain() {
	for {
		select {
		case req := <-s.queue:
			s.commit([]*writeReq{req})
		default:
			return
		}
	}
}

// commit writes a batch in one transaction. If the transaction fails, each
// report is retried alone so that one bad report cannot fail the others.
func (s *SQLStore) commit(batch []*writeReq) {
	// A fixed lock order (by dedup key) avoids deadlocks between
	// concurrent PostgreSQL writers.
	slices.SortFunc(batch, func(a, b *writeReq) int { return strings.Compare(a.key, b.key) })
	err := s.tx(batch)
	if err != nil && len(batch) > 1 {
		for _, req := range batch {
			req.err = s.tx([]*writeReq{req})
			close(req.done)
		}
		return
	}
	for _, req := range batch {
		req.err = err
		close(req.done)
	}
}

func (s *SQLStore) tx(batch []*writeReq) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("failed to begin transaction: %w", err)
	}
	var stmts [numStmts]*sql.Stmt
	for i, st := range s.inserts {
		stmts[i] = tx.StmtContext(ctx, st)
	}
	for _, req := range batch {
		if req.res, err = addTx(ctx, &stmts, req); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("failed to commit reports: %w", err)
	}
	return nil
}

// addTx stores one report inside tx. The unique dedup key makes the
// database fold identical reports (its row lock serialises them, also
// across collectors sharing one PostgreSQL database).
func addTx(ctx context.Context, stmts *[numStmts]*sql.Stmt, req *writeReq) (Added, error) {
	args := insertArgs(req)
	for attempt := 0; ; attempt++ {
		var id, count int64
		err := stmts[stmtUpsert].QueryRowContext(ctx, args...).Scan(&id, &count)
		if err == nil {
			return Added{ID: id, Duplicate: count > 1}, nil
		}
		if !errors.Is(err, sql.ErrNoRows) || attempt > 0 {
			return Added{}, fmt.Errorf("failed to store report: %w", err)
		}
		// The stored twin is older than the window: retire it and retry.
		if _, err := stmts[stmtRotate].ExecContext(ctx, req.key); err != nil {
			return Added{}, fmt.Errorf("failed to start a new dedup window: %w", err)
		}
	}
}

func insertArgs(req *writeReq) []any {
	r := req.r
	var lists [3]string
	for i, l := range [][]string{r.ServedChain, r.ValidatedChain, r.KnownPins} {
		lists[i] = string(appendJSONStrings(make([]byte, 0, listSize(l)), l))
	}
	sub := 0
	if r.IncludeSubdomains {
		sub = 1
	}
	return []any{
		req.key, string(r.Format), r.Host, r.Port, r.AppID, r.AppVersion, r.Platform, r.PlatformVersion,
		r.NotedHost, sub, r.Mode, r.PolicyHash, r.ValidationResult, lists[0], lists[1], lists[2],
		r.ServedIssuer, ms(r.Date), ms(r.FirstSeen), ms(r.LastSeen),
	}
}

// listSize is a good first guess of the JSON size of list: PEM has a
// newline (two bytes escaped) every 64 characters.
func listSize(list []string) int {
	n := 2
	for _, s := range list {
		n += len(s) + len(s)/32 + 3
	}
	return n
}
