package collector

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"modernc.org/sqlite"
)

// checkpointPages is how many pages the SQLite writer appends to the WAL
// before it copies them back into the database file: SQLite's own
// wal_autocheckpoint default.
const checkpointPages = 1000

// checkpointer runs SQLite's WAL checkpoints on the writer's connection,
// after the batch whose commit filled the WAL has been answered, instead
// of inside that commit (wal_autocheckpoint, which the writer's
// connection turns off). A checkpoint copies about a thousand pages into
// the database and syncs it, some 10 ms under load: the reports of that
// batch, already durable in the WAL, no longer wait for it. The work done
// and its order with respect to later batches are unchanged.
type checkpointer struct {
	last     int // the connection's pages written at the last checkpoint
	failures int // in a row
}

// after runs maybe after a batch. A failure is retried after the next
// batch; the first of a run of failures, and every 100th, is logged, so a
// WAL that keeps growing does not grow silently.
func (c *checkpointer) after(w *sql.DB) {
	if err := c.maybe(w); err != nil {
		if c.failures%100 == 0 {
			slog.Warn("collector: SQLite WAL checkpoint failed; retrying after the next batch", "err", err, "failures", c.failures+1)
		}
		c.failures++
		return
	}
	c.failures = 0
}

// maybe checkpoints when the writer has appended checkpointPages pages
// since the last checkpoint (or when it cannot tell). A checkpoint that
// fails is retried after the next batch, and the WAL keeps every commit
// meanwhile, as with wal_autocheckpoint, whose errors SQLite ignores.
func (c *checkpointer) maybe(w *sql.DB) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("failed to checkpoint: %w", err)
	}
	defer conn.Close()
	written := -1
	conn.Raw(func(dc any) error {
		if st, ok := dc.(sqlite.DBStatus); ok {
			if n, _, err := st.Status(sqlite.DBStatusCacheWrite, false); err == nil {
				written = n
			}
		}
		return nil
	})
	if written >= 0 {
		if written < c.last { // a new connection counts from zero
			c.last = 0
		}
		if written-c.last < checkpointPages {
			return nil
		}
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
		return fmt.Errorf("failed to checkpoint: %w", err)
	}
	if written >= 0 {
		c.last = written // only now: a failed checkpoint is retried after the next batch
	}
	return nil
}
