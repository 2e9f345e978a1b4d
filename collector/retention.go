package collector

import (
	"context"
	"log/slog"
	"time"
)

// RunRetention deletes the reports last seen longer than keep ago, now
// and then every interval, until ctx ends. Deletion runs in batches of
// 1,000 rows so that ingest waits for no long transaction.
func RunRetention(ctx context.Context, s Store, keep, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := s.DeleteBefore(ctx, time.Now().Add(-keep), 1000)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("retention failed", "err", err)
		case n > 0:
			log.Info("retention deleted old reports", "rows", n, "older_than", keep.String())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
