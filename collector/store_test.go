package collector

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestStore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fn   func(t *testing.T, s *SQLStore)
	}{
		{"RoundTrip", testRoundTrip},
		{"Dedup", testDedup},
		{"DedupWindowExpires", testDedupWindow},
		{"ConcurrentAdds", testConcurrentAdds},
		{"ListFiltersAndPages", testListPages},
		{"Stats", testStats},
		{"Reopen", nil},
	}
	for _, kind := range storeKinds {
		for _, tc := range tests {
			t.Run(kind+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				if tc.fn == nil {
					testReopen(t, kind)
					return
				}
				tc.fn(t, openTestStore(t, kind))
			})
		}
	}
}

func testRoundTrip(t *testing.T, s *SQLStore) {
	ctx := context.Background()
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	want := sampleReport(t, "api.example.com", "com.example", "1.2", at)
	added, err := s.Add(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	if added.ID == 0 || added.Duplicate {
		t.Fatalf("Add = %+v, want a new row", added)
	}
	page, err := s.List(ctx, Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Reports) != 1 {
		t.Fatalf("got %d reports, want 1", len(page.Reports))
	}
	got := page.Reports[0]
	want.ID = added.ID
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	if got.ServedIssuer != "CN=pintest rogue CA, O=pintest" {
		t.Errorf("served issuer = %q", got.ServedIssuer)
	}
}

func testDedup(t *testing.T, s *SQLStore) {
	ctx := context.Background()
	at := time.Now().UTC().Truncate(time.Millisecond)
	first, err := s.Add(ctx, sampleReport(t, "a.example", "app", "1", at))
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		r := sampleReport(t, "a.example", "app", "1", at.Add(time.Duration(i)*time.Hour))
		r.Date = at.Add(time.Minute) // a different date does not make it a different report
		added, err := s.Add(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if !added.Duplicate || added.ID != first.ID {
			t.Fatalf("repeat %d: Add = %+v, want duplicate of %d", i, added, first.ID)
		}
	}
	other, err := s.Add(ctx, sampleReport(t, "a.example", "app", "2", at))
	if err != nil {
		t.Fatal(err)
	}
	if other.Duplicate {
		t.Fatal("a different app version was folded into the first report")
	}
	page, _ := s.List(ctx, Query{})
	counts := map[int64]int64{}
	for _, r := range page.Reports {
		counts[r.ID] = r.Count
	}
	if counts[first.ID] != 4 || counts[other.ID] != 1 || len(counts) != 2 {
		t.Errorf("counts = %v, want {%d:4 %d:1}", counts, first.ID, other.ID)
	}
}

func testDedupWindow(t *testing.T, s *SQLStore) {
	ctx := context.Background()
	at := time.Now().UTC()
	a, _ := s.Add(ctx, sampleReport(t, "w.example", "app", "1", at))
	b, err := s.Add(ctx, sampleReport(t, "w.example", "app", "1", at.Add(DedupWindow+time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	if b.Duplicate || b.ID == a.ID {
		t.Fatalf("report after the window was deduplicated: %+v vs %+v", b, a)
	}
	c, _ := s.Add(ctx, sampleReport(t, "w.example", "app", "1", at.Add(DedupWindow+time.Hour)))
	if !c.Duplicate || c.ID != b.ID {
		t.Fatalf("repeat in the new window = %+v, want duplicate of %d", c, b.ID)
	}
}

func testConcurrentAdds(t *testing.T, s *SQLStore) {
	ctx := context.Background()
	at := time.Now().UTC()
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			// Half unique, half the same report.
			host := fmt.Sprintf("h%d.example", i)
			if i%2 == 1 {
				host = "same.example"
			}
			_, err := s.Add(ctx, sampleReport(t, host, "app", "1", at))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	st, err := s.Stats(ctx, StatsQuery{Since: at.Add(-time.Hour), Until: at.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if st.Reports != n/2+1 || st.Failures != n {
		t.Errorf("stats = %d rows / %d failures, want %d / %d", st.Reports, st.Failures, n/2+1, n)
	}
}

func testListPages(t *testing.T, s *SQLStore) {
	ctx := context.Background()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 25 {
		host := "even.example"
		if i%2 == 1 {
			host = "odd.example"
		}
		if _, err := s.Add(ctx, sampleReport(t, host, "app", fmt.Sprint(i), base.Add(time.Duration(i)*time.Minute))); err != nil {
			t.Fatal(err)
		}
	}
	var ids []int64
	q := Query{Host: "EVEN.example", Limit: 5}
	for {
		page, err := s.List(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Reports {
			if r.Host != "even.example" {
				t.Fatalf("host filter let %q through", r.Host)
			}
			ids = append(ids, r.ID)
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	if len(ids) != 13 || !slices.IsSortedFunc(ids, func(a, b int64) int { return int(b - a) }) {
		t.Errorf("paged ids = %v, want 13 ids newest first", ids)
	}
	page, err := s.List(ctx, Query{Since: base.Add(10 * time.Minute), Until: base.Add(12 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Reports) != 2 {
		t.Errorf("since/until returned %d reports, want 2", len(page.Reports))
	}
	if page, _ := s.List(ctx, Query{App: "nope"}); len(page.Reports) != 0 {
		t.Errorf("app filter returned %d reports", len(page.Reports))
	}
	if _, err := s.List(ctx, Query{Cursor: "x'; DROP TABLE reports"}); err == nil {
		t.Error("bad cursor accepted")
	}
}

func testStats(t *testing.T, s *SQLStore) {
	ctx := context.Background()
	base := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	add := func(host, version string, at time.Time, times int) {
		for range times {
			if _, err := s.Add(ctx, sampleReport(t, host, "com.example", version, at)); err != nil {
				t.Fatal(err)
			}
		}
	}
	add("a.example", "1.0", base, 3)
	add("b.example", "1.0", base.Add(2*time.Hour), 1)
	add("b.example", "2.0", base.Add(2*time.Hour+time.Minute), 1)
	st, err := s.Stats(ctx, StatsQuery{Since: base, Until: base.Add(4 * time.Hour), Bucket: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if st.Reports != 3 || st.Failures != 5 {
		t.Errorf("reports/failures = %d/%d, want 3/5", st.Reports, st.Failures)
	}
	var series []int64
	for _, p := range st.Timeline {
		series = append(series, p.Count)
	}
	if !slices.Equal(series, []int64{3, 0, 2, 0}) {
		t.Errorf("timeline = %v, want [3 0 2 0]", series)
	}
	wantHosts := []Count{{"a.example", 3}, {"b.example", 2}}
	if !slices.Equal(st.Hosts, wantHosts) {
		t.Errorf("hosts = %v, want %v", st.Hosts, wantHosts)
	}
	wantApps := []Count{{"com.example 1.0", 4}, {"com.example 2.0", 1}}
	if !slices.Equal(st.AppVersions, wantApps) {
		t.Errorf("app versions = %v, want %v", st.AppVersions, wantApps)
	}
	if len(st.Issuers) != 1 || st.Issuers[0] != (Count{"CN=pintest rogue CA, O=pintest", 5}) {
		t.Errorf("issuers = %v", st.Issuers)
	}
}

func testReopen(t *testing.T, kind string) {
	dsn := testDSN(t, kind)
	ctx := context.Background()
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(ctx, sampleReport(t, "r.example", "app", "1", time.Now())); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(ctx, sampleReport(t, "r.example", "app", "1", time.Now())); err == nil {
		t.Error("Add after Close succeeded")
	}
	s2, err := Open(ctx, dsn) // migrations run again: must be a no-op
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	page, err := s2.List(ctx, Query{})
	if err != nil || len(page.Reports) != 1 {
		t.Fatalf("after reopen: %v reports, err %v", page, err)
	}
}

// TestPostgresConcurrentStart: collectors that start together against one
// schema must not race on the migrations, and identical reports sent to
// different collectors are deduplicated by the database (scale-out).
func TestPostgresConcurrentStart(t *testing.T) {
	t.Parallel()
	dsn := testDSN(t, "postgres")
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := Open(context.Background(), dsn)
			if err == nil {
				_, err = s.Add(context.Background(), sampleReport(t, "start.example", "app", "1", time.Now()))
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	// The four stores each added the same report: one row, counted 4 times.
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(context.Background(), StatsQuery{Since: time.Now().Add(-time.Hour), Until: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if st.Reports != 1 || st.Failures != 4 {
		t.Errorf("rows/failures = %d/%d, want 1/4 (dedup across collectors)", st.Reports, st.Failures)
	}
}
