package collector

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestWriterCheckpoints: with SQLite's automatic checkpoints off on the
// writer, the writer's own keep the WAL from growing: thousands of pages
// committed leave a WAL of about checkpointPages pages, and the data
// reads back.
func TestWriterCheckpoints(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := Open(context.Background(), filepath.Join(dir, "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const workers, each = 16, 150 // some 5,000 pages
	now := time.Now().UTC()
	base := sampleReport(t, "base.example", "app", "1", now)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				r := *base
				r.Host = fmt.Sprintf("h%d-%d.example", w, i)
				if _, err := s.Add(context.Background(), &r); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if s.ckpt.last < 2*checkpointPages {
		t.Fatalf("the writer wrote %d pages by its last checkpoint, want over %d", s.ckpt.last, 2*checkpointPages)
	}
	fi, err := os.Stat(filepath.Join(dir, "r.db-wal"))
	if err != nil {
		t.Fatal(err)
	}
	// A WAL restarted after each checkpoint stays near checkpointPages
	// 4 KiB pages (plus the batch that crossed it); without checkpoints it
	// would hold every page written.
	if max := int64(2 * checkpointPages * 4096); fi.Size() > max {
		t.Errorf("WAL is %d bytes, want at most %d", fi.Size(), max)
	}
	st, err := s.Stats(context.Background(), StatsQuery{Since: now.Add(-time.Hour), Until: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if st.Reports != workers*each {
		t.Errorf("%d rows, want %d", st.Reports, workers*each)
	}
}

// A checkpoint that fails (here: the database is closed) is counted and
// retried after the next batch instead of being dropped silently; one that
// succeeds ends the run of failures.
func TestCheckpointFailuresCounted(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite", filepath.Join(dir, "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA journal_mode=WAL"); err != nil {
		t.Fatal(err)
	}
	c := &checkpointer{}
	c.after(db)
	if c.failures != 0 {
		t.Fatalf("failures = %d after a checkpoint on an open database", c.failures)
	}
	db.Close()
	c.after(db)
	c.after(db)
	if c.failures != 2 {
		t.Fatalf("failures = %d after two checkpoints on a closed database, want 2", c.failures)
	}
}
