package collector

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCommitBatchRounds commits one batch holding the same report several
// times, a repeat of a stored report and a repeat of an expired one: the
// multi-row upsert must give each report the answer it would get alone.
func TestCommitBatchRounds(t *testing.T) {
	t.Parallel()
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			s := openTestStore(t, kind)
			ctx := context.Background()
			now := time.Now().UTC().Truncate(time.Millisecond)
			old := now.Add(-DedupWindow - time.Hour)
			stored, err := s.Add(ctx, sampleReport(t, "stored.example", "app", "1", now.Add(-time.Minute)))
			if err != nil {
				t.Fatal(err)
			}
			expired, err := s.Add(ctx, sampleReport(t, "expired.example", "app", "1", old))
			if err != nil {
				t.Fatal(err)
			}
			hosts := []string{"new.example", "stored.example", "new.example", "expired.example",
				"other.example", "new.example", "expired.example", "stored.example"}
			batch := make([]*writeReq, len(hosts))
			for i, h := range hosts {
				r := sampleReport(t, h, "app", "1", now.Add(time.Duration(i)*time.Millisecond))
				batch[i] = newWriteReq(r)
			}
			// s.tx, not s.commit: commit's one-report-at-a-time fallback
			// would hide a batch transaction that fails.
			slices.SortFunc(batch, func(a, b *writeReq) int { return strings.Compare(a.key, b.key) })
			if err := s.tx(batch); err != nil {
				t.Fatalf("batch transaction failed: %v", err)
			}
			ids := map[string]int64{}
			fresh := map[string]int{}
			for _, req := range batch {
				h := req.r.Host
				if id, ok := ids[h]; ok && id != req.res.ID {
					t.Errorf("%s: IDs %d and %d in one batch", h, id, req.res.ID)
				}
				ids[h] = req.res.ID
				if !req.res.Duplicate {
					fresh[h]++
				}
			}
			wantFresh := map[string]int{"new.example": 1, "other.example": 1, "expired.example": 1}
			for h := range ids {
				if fresh[h] != wantFresh[h] {
					t.Errorf("%s: %d reports not marked duplicate, want %d", h, fresh[h], wantFresh[h])
				}
			}
			if ids["stored.example"] != stored.ID {
				t.Errorf("stored.example: ID %d, want the stored row %d", ids["stored.example"], stored.ID)
			}
			if ids["expired.example"] == expired.ID {
				t.Errorf("expired.example: folded into the expired row %d", expired.ID)
			}
			wantCount := map[string]int64{"new.example": 3, "stored.example": 3, "other.example": 1}
			page, err := s.List(ctx, Query{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page.Reports {
				want, ok := wantCount[r.Host]
				switch {
				case r.Host == "expired.example" && r.ID == expired.ID:
					want, ok = 1, true
				case r.Host == "expired.example":
					want, ok = 2, true
				}
				if !ok || r.Count != want {
					t.Errorf("row %d %s: count %d, want %d (known %v)", r.ID, r.Host, r.Count, want, ok)
				}
			}
			if len(page.Reports) != 5 {
				t.Errorf("got %d rows, want 5", len(page.Reports))
			}
		})
	}
}

// TestCommitBatchStatements commits a batch larger than one SQLite
// statement holds, with repeats: every report gets its own row back and
// the stored counts add up, whether the rounds are cut into prepared
// statements (SQLite) or not (PostgreSQL).
func TestCommitBatchStatements(t *testing.T) {
	t.Parallel()
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			s := openTestStore(t, kind)
			now := time.Now().UTC().Truncate(time.Millisecond)
			const hosts = 2*lingerBatch + 5
			var batch []*writeReq
			for i := range hosts + 7 {
				r := sampleReport(t, fmt.Sprintf("h%d.example", i%hosts), "app", "1", now.Add(time.Duration(i)*time.Millisecond))
				batch = append(batch, newWriteReq(r))
			}
			slices.SortFunc(batch, func(a, b *writeReq) int { return strings.Compare(a.key, b.key) })
			if err := s.tx(batch); err != nil {
				t.Fatalf("batch transaction failed: %v", err)
			}
			ids := map[string]int64{}
			fresh := 0
			for _, req := range batch {
				if id, ok := ids[req.r.Host]; req.res.ID == 0 || ok && id != req.res.ID {
					t.Fatalf("%s: ID %d (earlier %d)", req.r.Host, req.res.ID, id)
				}
				ids[req.r.Host] = req.res.ID
				if !req.res.Duplicate {
					fresh++
				}
			}
			if len(ids) != hosts || fresh != hosts {
				t.Errorf("%d hosts, %d reports not duplicates; want %d of each", len(ids), fresh, hosts)
			}
			st, err := s.Stats(context.Background(), StatsQuery{Since: now.Add(-time.Hour), Until: now.Add(time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if st.Reports != hosts || st.Failures != int64(len(batch)) {
				t.Errorf("stored %d rows counting %d reports, want %d counting %d", st.Reports, st.Failures, hosts, len(batch))
			}
			for n := range s.prepared {
				if n > s.d.stmtRows {
					t.Errorf("prepared a %d-row upsert, more than %d rows", n, s.d.stmtRows)
				}
			}
			if kind == "sqlite" && len(s.prepared) == 0 {
				t.Error("SQLite upserts were not prepared")
			}
		})
	}
}

// TestSQLiteSettings: the SQLite writer keeps its statement journal in
// memory, the readers keep SQLite's default; pages are 4 KiB, as the
// comments in openSQLite say.
func TestSQLiteSettings(t *testing.T) {
	t.Parallel()
	s := openTestStore(t, "sqlite")
	for _, c := range []struct {
		db     *sql.DB
		pragma string
		want   int
	}{{s.w, "temp_store", 2}, {s.r, "temp_store", 0}, {s.w, "page_size", 4096}, {s.w, "synchronous", 2}} {
		var got int
		if err := c.db.QueryRow("PRAGMA " + c.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s = %d, want %d", c.pragma, got, c.want)
		}
	}
}
