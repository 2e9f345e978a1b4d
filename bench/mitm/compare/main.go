// Command compare measures pinkit's proxy against goproxy doing the same
// MITM. Each proxy runs in its own subprocess (this binary with -serve), so
// that the report can give, besides operations per second, the proxy
// process's own CPU time per operation (from /proc) — a figure that a
// loaded shared machine distorts far less than throughput. Rounds
// alternate A B B A … and the ratios reported are medians of per-round
// ratios.
//
//	go run ./compare -rounds 10 -round 3s -conc 8 -mode handshake
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	mitmbench "github.com/pinkit/pinkit/bench/mitm"
)

func main() {
	rounds := flag.Int("rounds", 10, "rounds per proxy")
	round := flag.Duration("round", 3*time.Second, "length of a round")
	conc := flag.Int("conc", 8, "concurrent clients")
	mode := flag.String("mode", "handshake", "handshake (CONNECT + TLS) or request (plus one forwarded GET)")
	serve := flag.String("serve", "", "internal: run this proxy with the world in -dir")
	dir := flag.String("dir", "", "internal: world directory for -serve")
	flag.Parse()
	if p := os.Getenv("COMPARE_CPUPROFILE"); p != "" && *serve != "" {
		f, err := os.Create(p + "." + *serve)
		if err == nil {
			_ = pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	var err error
	if *serve != "" {
		err = serveChild(*serve, *dir)
	} else {
		err = run(*rounds, *round, *conc, *mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// serveChild runs one proxy, prints its address, and stops when stdin
// closes.
func serveChild(name, dir string) error {
	w, err := mitmbench.LoadWorld(dir)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(mitmbench.Proxies, func(p struct {
		Name  string
		Start func(*mitmbench.World) (*mitmbench.Proxy, error)
	}) bool {
		return p.Name == name
	})
	if i < 0 {
		return fmt.Errorf("unknown proxy %q", name)
	}
	p, err := mitmbench.Proxies[i].Start(w)
	if err != nil {
		return err
	}
	defer p.Stop()
	fmt.Println(p.Addr)
	_, _ = io.Copy(io.Discard, os.Stdin)
	return nil
}

type child struct {
	name string
	cmd  *exec.Cmd
	in   io.Closer
	addr string
	op   func() error
}

func startChild(name, dir string) (*child, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "-serve", name, "-dir", dir)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("%s did not start: %w", name, err)
	}
	return &child{name: name, cmd: cmd, in: in, addr: strings.TrimSpace(line)}, nil
}

func (c *child) stop() {
	c.in.Close()
	_ = c.cmd.Wait()
}

// cpuTicks is the process's user+system CPU time in clock ticks.
func (c *child) cpuTicks() (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", c.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad /proc stat: %q", data)
	}
	return utime + stime, nil
}

const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux

type sample struct{ rate, cpuPerOp float64 } // ops/s, µs of proxy CPU per op

func run(rounds int, round time.Duration, conc int, mode string) error {
	w, err := mitmbench.NewWorld()
	if err != nil {
		return err
	}
	defer w.Close()
	dir, err := os.MkdirTemp("", "mitmbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := w.Save(dir); err != nil {
		return err
	}
	var kids []*child
	for _, px := range mitmbench.Proxies {
		c, err := startChild(px.Name, dir)
		if err != nil {
			return err
		}
		defer c.stop()
		c.op = op(mode, c.addr, w)
		if err := c.op(); err != nil { // warm the cert cache
			return fmt.Errorf("%s: %w", c.name, err)
		}
		kids = append(kids, c)
	}
	res := make([][]sample, len(kids))
	for r := 0; r < rounds; r++ {
		order := []int{0, 1}
		if r%2 == 1 {
			order = []int{1, 0}
		}
		for _, i := range order {
			s, err := measure(kids[i], round, conc)
			if err != nil {
				return fmt.Errorf("%s: %w", kids[i].name, err)
			}
			res[i] = append(res[i], s)
		}
		a, b := res[0][r], res[1][r]
		fmt.Printf("round %2d  pinkit %7.1f/s %6.0f µs CPU/op   goproxy %7.1f/s %6.0f µs CPU/op\n", r+1, a.rate, a.cpuPerOp, b.rate, b.cpuPerOp)
	}
	rate, cpu := make([]float64, rounds), make([]float64, rounds)
	for r := range rate {
		rate[r] = res[0][r].rate / res[1][r].rate
		cpu[r] = res[1][r].cpuPerOp / res[0][r].cpuPerOp
	}
	fmt.Printf("mode %s, %d clients, %d rounds of %v:\n", mode, conc, rounds, round)
	fmt.Printf("  throughput   pinkit %.1f/s, goproxy %.1f/s (medians); median ratio pinkit/goproxy %.2fx\n",
		median(pick(res[0], true)), median(pick(res[1], true)), median(rate))
	fmt.Printf("  proxy CPU/op pinkit %.0f µs, goproxy %.0f µs (medians); median efficiency ratio goproxy/pinkit %.2fx\n",
		median(pick(res[0], false)), median(pick(res[1], false)), median(cpu))
	return nil
}

func pick(s []sample, rate bool) []float64 {
	out := make([]float64, len(s))
	for i, v := range s {
		out[i] = v.cpuPerOp
		if rate {
			out[i] = v.rate
		}
	}
	return out
}

func op(mode, addr string, w *mitmbench.World) func() error {
	if mode == "request" {
		c := mitmbench.NewRequestClient(addr, w.CARoots)
		return func() error { return mitmbench.Get(c) }
	}
	return func() error { return mitmbench.Handshake(addr, w.CARoots) }
}

// measure runs c.op from conc goroutines for d.
func measure(c *child, d time.Duration, conc int) (sample, error) {
	var n atomic.Int64
	var firstErr atomic.Value
	cpu0, err := c.cpuTicks()
	if err != nil {
		return sample{}, err
	}
	start := time.Now()
	stop := start.Add(d)
	var wg sync.WaitGroup
	for i := 0; i < conc; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				if err := c.op(); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err, ok := firstErr.Load().(error); ok {
		return sample{}, err
	}
	cpu1, err := c.cpuTicks()
	if err != nil {
		return sample{}, err
	}
	ops := float64(n.Load())
	return sample{rate: ops / elapsed.Seconds(), cpuPerOp: float64(time.Duration(cpu1-cpu0)*tick) / float64(time.Microsecond) / ops}, nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
