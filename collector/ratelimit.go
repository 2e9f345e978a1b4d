package collector

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxClients bounds the limiter's memory; idle full buckets are dropped
// first when it is reached.
const maxClients = 100_000

// limiter keeps one token bucket (golang.org/x/time/rate) per client:
// rate tokens per second, up to burst. It is per process: collectors
// behind a load balancer each keep their own buckets.
type limiter struct {
	rate    rate.Limit
	burst   int
	now     func() time.Time
	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

func newLimiter(r float64, burst int, now func() time.Time) *limiter {
	if burst < 1 {
		burst = 1
	}
	return &limiter{rate: rate.Limit(r), burst: burst, now: now, buckets: map[string]*rate.Limiter{}}
}

// allow takes a token for client and, when there is none, says how long
// until there will be one.
func (l *limiter) allow(client string) (bool, time.Duration) {
	if l == nil || l.rate <= 0 {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[client]
	if !ok {
		if len(l.buckets) >= maxClients {
			l.sweep(now)
		}
		b = rate.NewLimiter(l.rate, l.burst)
		l.buckets[client] = b
	}
	if b.AllowN(now, 1) {
		return true, 0
	}
	// The time until one token is there, without taking it.
	wait := time.Duration((1 - b.TokensAt(now)) / float64(l.rate) * float64(time.Second))
	return false, max(wait, time.Millisecond)
}

// sweep forgets clients whose buckets have refilled; if none has, it
// forgets everyone (a flood of new clients must not grow memory).
func (l *limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.burst) {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxClients {
		clear(l.buckets)
	}
}
