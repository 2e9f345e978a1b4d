package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/check"
	"github.com/pinkit/pinkit/internal/certio"
	"github.com/spf13/cobra"
)

const checkExamples = `  pinkit check pinkit.yaml                          every pinned domain of the policy
  pinkit check app.apk                              the effective pins of an app, checked live
  pinkit check --pin sha256/… --pin sha256/… api.example.com
  pinkit check --connect api.example.com=10.0.0.5:8443 --roots staging-ca.pem pinkit.yaml
  pinkit check --warn 60d --format sarif pinkit.yaml > check.sarif`

var checkFormats = []string{"text", "json", "sarif"}

type checkFlags struct {
	format, warn, roots, now string
	connect, pins, setRoots  []string
	jobs                     int
	timeout                  time.Duration
}

func checkCmd(e *env) *cobra.Command {
	f := &checkFlags{}
	cmd := &cobra.Command{
		Use:   "check POLICY|APP|HOST[:PORT] ...",
		Short: "Will this brick? Check pins against the live chains of their hosts",
		Long: `check connects to every pinned host, verifies its chain against a root store
(the system's, or --roots) the way the platforms do — a pinned root the server
does not send still matches, as on Android — and reports which pin matches which
certificate, whether a real backup pin exists (a key held but not served, not a
placeholder), and the date the app bricks. An input is a policy file (.yaml,
.yml, .json), a signed pin set (.json from pinkit pinset sign, verified first
against --pinset-root), an app (.apk, .ipa or a source tree: its effective
per-host pins), or HOST[:PORT] with --pin.

Exit status: 0 all good, 1 a host is bricked or bricks within --warn, 2 a host
could not be checked or the input is bad.`,
		Example: checkExamples,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return withHint(errors.New("check needs a POLICY, APP or HOST"), "run %q", "pinkit check --help")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runCheck(cmd.Context(), e, f, args) },
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(checkFormats, ", "))
	fl.StringVar(&f.warn, "warn", "30d", "warn when a host bricks within this `DURATION` (e.g. 30d, 720h)")
	fl.StringVar(&f.roots, "roots", "", "verify against the certificates of `FILE` only (default: the system roots)")
	fl.StringArrayVar(&f.connect, "connect", nil, "connect to `HOST=ADDR` (host:port) instead of HOST:443 (repeatable)")
	fl.StringArrayVar(&f.setRoots, "pinset-root", nil, "root document (`FILE`) a signed pin-set input must verify against; repeat for rotations (root.json, 2.root.json, …)")
	fl.StringArrayVar(&f.pins, "pin", nil, "a `sha256/…` pin for HOST inputs (repeatable)")
	fl.IntVar(&f.jobs, "jobs", check.DefaultJobs, "hosts checked at once")
	fl.DurationVar(&f.timeout, "timeout", check.DefaultTimeout, "connect + handshake timeout per host")
	fl.StringVar(&f.now, "now", "", "check as of `DATE` (yyyy-mm-dd, for tests)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(checkFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// options turns the flags into check.Options.
func (f *checkFlags) options() (check.Options, error) {
	var o check.Options
	if !slices.Contains(checkFormats, f.format) {
		return o, fmt.Errorf("--format: unknown format %q (want %s)", f.format, strings.Join(checkFormats, ", "))
	}
	warn, err := parseDays(f.warn)
	if err != nil || warn < 0 {
		return o, fmt.Errorf("--warn: %q is not a duration like 30d or 720h", f.warn)
	}
	o.Warn = max(warn, 1) // zero would mean the default
	if f.jobs < 1 {
		return o, fmt.Errorf("--jobs: must be at least 1, got %d", f.jobs)
	}
	if f.timeout <= 0 {
		return o, fmt.Errorf("--timeout: must be positive, got %v", f.timeout)
	}
	o.Jobs, o.Timeout = f.jobs, f.timeout
	if f.now != "" {
		if o.Now, err = time.Parse(time.DateOnly, f.now); err != nil {
			return o, fmt.Errorf("--now: %q is not a date yyyy-mm-dd", f.now)
		}
	}
	if f.roots != "" {
		if o.Roots, err = readRoots(f.roots); err != nil {
			return o, err
		}
		o.RootsName = f.roots
	}
	return o, nil
}

func readRoots(path string) (*x509.CertPool, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		var certs []*x509.Certificate
		if certs, err = certio.Parse(data); err == nil {
			pool := x509.NewCertPool()
			for _, c := range certs {
				pool.AddCert(c)
			}
			return pool, nil
		}
	}
	return nil, fmt.Errorf("--roots %s: %w", path, err)
}

// connectMap parses --connect HOST=ADDR values.
func connectMap(values []string) (map[string]string, error) {
	m := map[string]string{}
	for _, v := range values {
		host, addr, ok := strings.Cut(v, "=")
		if !ok || host == "" || addr == "" || !strings.Contains(addr, ":") {
			return nil, fmt.Errorf("--connect %q: want HOST=ADDR with ADDR as host:port", v)
		}
		m[strings.TrimSuffix(strings.ToLower(host), ".")] = addr
	}
	return m, nil
}

func runCheck(ctx context.Context, e *env, f *checkFlags, args []string) error {
	o, err := f.options()
	if err != nil {
		return err
	}
	connect, err := connectMap(f.connect)
	if err != nil {
		return err
	}
	var pins []check.Pin
	for _, s := range f.pins {
		p, err := pin.ParsePin(s)
		if err != nil {
			return fmt.Errorf("--pin: %w", err)
		}
		pins = append(pins, check.Pin{Pin: p})
	}
	targets, err := checkTargets(e, args, pins, f.setRoots, o.Now)
	if err != nil {
		return err
	}
	for i := range targets {
		if addr, ok := connect[targets[i].Host]; ok {
			targets[i].Addr = addr
		}
	}
	results := check.Run(ctx, targets, o)
	switch f.format {
	case "json":
		err = check.WriteJSON(e.stdout, results, o)
	case "sarif":
		err = check.WriteSARIF(e.stdout, results, sarifSource(args))
	default:
		err = check.WriteText(e.stdout, results, o)
	}
	if err != nil {
		return err
	}
	return checkExit(results)
}

func sarifSource(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return ""
}

// checkExit is 1 when a host fails, else 2 when one could not be checked.
func checkExit(results []check.Result) error {
	code := exitOK
	for _, r := range results {
		switch {
		case r.Failing():
			return exitCodeError{exitFindings}
		case r.Status == check.StatusError:
			code = exitError
		}
	}
	if code != exitOK {
		return exitCodeError{code}
	}
	return nil
}
