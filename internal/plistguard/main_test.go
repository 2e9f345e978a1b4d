package plistguard

import (
	"flag"
	"os"
	"testing"
)

// TestMain caps how long the fuzzer minimises each new input at 100 runs
// unless -fuzzminimizetime is given: with the default of 60 seconds,
// "go test -fuzz" spends its first minutes minimising instead of fuzzing.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.fuzzminimizetime" })
	if !set {
		flag.Set("test.fuzzminimizetime", "100x")
	}
	os.Exit(m.Run())
}
