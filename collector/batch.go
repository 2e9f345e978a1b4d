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
	args []any // the upsert's values for r (insertCols of them)
	res  Added
	err  error
	done chan struct{}
}

// newWriteReq prepares r for the writer. The dedup key and the bound
// values (the chains encoded as JSON) are computed here, by the caller of
// Add, so that the single writer, whose time per report bounds ingest,
// only binds them.
func newWriteReq(r *Report) *writeReq {
	key := r.DedupKey()
	return &writeReq{r: r, key: key, args: insertArgs(key, r), done: make(chan struct{})}
}

// errClosed is returned by Add after Close.
var errClosed = errors.New("failed to store report: store closed")

// Add implements Store. Concurrent calls are grouped into one transaction
// per batch; each returns after its batch committed.
func (s *SQLStore) Add(ctx context.Context, r *Report) (Added, error) {
	req := newWriteReq(r)
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
		if s.ckpt != nil {
			s.ckpt.after(s.w)
		}
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
	rounds := s.rounds(batch)
	// Before BEGIN: the SQLite writer pool has one connection, which the
	// transaction then holds.
	if err := s.prepareUpserts(ctx, rounds); err != nil {
		return err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("failed to begin transaction: %w", err)
	}
	rotate := tx.StmtContext(ctx, s.inserts[stmtRotate])
	for _, round := range rounds {
		if err := s.upsertRound(ctx, tx, rotate, round); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := s.learnIssuers(ctx, tx, batch); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("failed to commit reports: %w", err)
	}
	return nil
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

// learnIssuers stores the host × CA pairs the batch's verdicts learned.
func (s *SQLStore) learnIssuers(ctx context.Context, tx *sql.Tx, batch []*writeReq) error {
	var st *sql.Stmt
	for _, req := range batch {
		if !req.r.learned {
			continue
		}
		if st == nil {
			st = tx.StmtContext(ctx, s.inserts[stmtLearn])
		}
		if _, err := st.ExecContext(ctx, req.r.Host, req.r.IssuerKey, ms(req.r.FirstSeen)); err != nil {
			return fmt.Errorf("failed to store issuer history: %w", err)
		}
	}
	return nil
}
