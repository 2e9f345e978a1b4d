// Command compare measures handshakes per second through pinkit's proxy
// and goproxy in alternating rounds (A B B A …), so that load drift on a
// shared machine hits both alike, and prints the median ratio.
//
//	go run ./compare -rounds 10 -round 2s -conc 4 -mode handshake
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	mitmbench "github.com/pinkit/pinkit/bench/mitm"
)

func main() {
	rounds := flag.Int("rounds", 10, "rounds per proxy")
	round := flag.Duration("round", 2*time.Second, "length of a round")
	conc := flag.Int("conc", 4, "concurrent clients")
	mode := flag.String("mode", "handshake", "handshake (CONNECT + TLS) or request (plus one forwarded GET)")
	flag.Parse()
	if err := run(*rounds, *round, *conc, *mode); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

func run(rounds int, round time.Duration, conc int, mode string) error {
	w, err := mitmbench.NewWorld()
	if err != nil {
		return err
	}
	defer w.Close()
	ops := make([]func() error, len(mitmbench.Proxies))
	for i, px := range mitmbench.Proxies {
		p, err := px.Start(w)
		if err != nil {
			return err
		}
		defer p.Stop()
		ops[i] = op(mode, p.Addr, w)
		if err := ops[i](); err != nil { // warm the cert cache
			return fmt.Errorf("%s: %w", px.Name, err)
		}
	}
	rates := make([][]float64, len(ops))
	for r := 0; r < rounds; r++ {
		order := []int{0, 1}
		if r%2 == 1 {
			order = []int{1, 0}
		}
		for _, i := range order {
			rate, err := measure(ops[i], round, conc)
			if err != nil {
				return fmt.Errorf("%s: %w", mitmbench.Proxies[i].Name, err)
			}
			rates[i] = append(rates[i], rate)
		}
		fmt.Printf("round %2d  pinkit %7.1f/s  goproxy %7.1f/s  ratio %.2f\n", r+1, rates[0][r], rates[1][r], rates[0][r]/rates[1][r])
	}
	ratios := make([]float64, rounds)
	for r := range ratios {
		ratios[r] = rates[0][r] / rates[1][r]
	}
	fmt.Printf("mode %s, %d clients: median pinkit %.1f/s, goproxy %.1f/s, median ratio %.2fx\n",
		mode, conc, median(rates[0]), median(rates[1]), median(ratios))
	return nil
}

func op(mode, addr string, w *mitmbench.World) func() error {
	if mode == "request" {
		c := mitmbench.NewRequestClient(addr, w.CARoots)
		return func() error { return mitmbench.Get(c) }
	}
	return func() error { return mitmbench.Handshake(addr, w.CARoots) }
}

// measure runs op from conc goroutines for d and returns ops per second.
func measure(op func() error, d time.Duration, conc int) (float64, error) {
	var n atomic.Int64
	var firstErr atomic.Value
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < conc; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				if err := op(); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return 0, err
	}
	return float64(n.Load()) / time.Since(start).Seconds(), nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
