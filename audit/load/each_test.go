package load

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pinkit/pinkit/audit"
)

// TestEachStreams: every input is delivered once with its index, a panic
// is that input's error, at most Jobs loads run at once, and Each reads
// the inputs only as workers free up (memory does not grow with them).
func TestEachStreams(t *testing.T) {
	t.Parallel()
	const n, jobs = 200, 3
	var running, peak, yielded, finished atomic.Int64
	var ahead atomic.Int64 // largest yielded - finished seen
	fake := func(p string) (*audit.App, error) {
		if r := running.Add(1); r > peak.Load() {
			peak.Store(r)
		}
		defer running.Add(-1)
		switch {
		case p == "in17":
			panic("boom")
		case p == "in42":
			return nil, errors.New("failed to read in42")
		}
		return &audit.App{Path: p}, nil
	}
	paths := func(yield func(string) bool) {
		for i := range n {
			if d := yielded.Load() - finished.Load(); d > ahead.Load() {
				ahead.Store(d)
			}
			yielded.Add(1)
			if !yield(fmt.Sprintf("in%d", i)) {
				return
			}
		}
	}
	var mu sync.Mutex
	seen := map[int]string{}
	Each(paths, Options{Jobs: jobs, load: fake}, func(i int, path string, app *audit.App, err error) {
		defer finished.Add(1)
		mu.Lock()
		defer mu.Unlock()
		if _, dup := seen[i]; dup || path != fmt.Sprintf("in%d", i) {
			t.Errorf("input %d (%s) delivered twice or with the wrong index", i, path)
		}
		switch {
		case err != nil:
			seen[i] = err.Error()
		case app == nil || app.Path != path:
			t.Errorf("input %d: app %v", i, app)
		default:
			seen[i] = "ok"
		}
	})
	if len(seen) != n {
		t.Fatalf("%d inputs delivered, want %d", len(seen), n)
	}
	if seen[17] != "failed to load in17: internal error: boom" || seen[42] != "failed to read in42" {
		t.Errorf("errors: %q, %q", seen[17], seen[42])
	}
	if peak.Load() > jobs {
		t.Errorf("%d loads ran at once, want <= %d", peak.Load(), jobs)
	}
	if ahead.Load() > 2*jobs+1 {
		t.Errorf("Each read %d inputs ahead of the finished ones, want <= %d", ahead.Load(), 2*jobs+1)
	}
}
