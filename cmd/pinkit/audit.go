package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pinkit/pinkit/audit"
	appload "github.com/pinkit/pinkit/audit/load"
	"github.com/pinkit/pinkit/audit/rules"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

const auditExamples = `  pinkit audit app.apk                          per-host pinning table + findings
  pinkit audit testdata/apk/nested.apk          nested domain-configs, an empty <pin-set/>
  pinkit audit ./android-app                    a source tree (AndroidManifest.xml, res/, *.kt, *.java)
  pinkit audit app.apk App.ipa                  both platforms at once (PK401 compares their pins)
  pinkit audit --pair a.apk=A.ipa --pair b.apk=B.ipa a.apk b.apk A.ipa B.ipa
                                                which Android build to compare with which iOS build
  pinkit audit --format sarif app.apk > a.sarif SARIF 2.1.0 for code scanning
  pinkit audit --fail-on high --jobs 8 apks/*.apk   CI gate over many apps
  pinkit audit --baseline old.json app.apk      only findings not in an earlier JSON report
  pinkit audit --ignore PK102:cdn.example.com app.apk`

var auditFormats = []string{"text", "json", "sarif", "jsonl"}

type auditFlags struct {
	format     string
	failOn     string
	now        string
	expiryWarn string
	firstParty []string
	baseline   string
	ignore     []string
	jobs       int
	pairs      []string
	extra      auditExtra // audit_config.go
	batch      batchFlags // --format jsonl: audit_batch.go
}

func auditCmd(e *env) *cobra.Command {
	f := &auditFlags{}
	cmd := &cobra.Command{
		Use:   "audit APP...",
		Short: "Audit the pinning of Android and iOS apps (APK, IPA or source tree)",
		Long: `audit computes, for each app, the effective pinning policy of every host it
names — in its Network Security Config (found through the manifest's resource
reference, as Android does), OkHttp CertificatePinner calls, hardcoded URLs and
string resources; for iOS, App Transport Security NSPinnedDomains, TrustKit
and the Mach-O strings — and reports the weaknesses of the rule catalogue
(OWASP MASWE-0047, CWE-295; see docs/RULES.md).

An APP is an .apk or .ipa file, or a directory holding an Android or iOS
source tree (an Info.plist and no AndroidManifest.xml means iOS).

PK401 compares an Android build with an iOS build of the same app: those
with equal package name and bundle ID, or the only Android and the only iOS
APP given. With several apps, --pair ANDROID=IOS names the two APP arguments
to compare (repeatable); then only the named pairs are compared.

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 error.`,
		Example: auditExamples,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return withHint(errors.New("audit needs at least one APP (an .apk, an .ipa or a source directory)"),
					"try %q", "pinkit audit testdata/apk/good.apk")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.extra.apply(cmd, f); err != nil {
				return err
			}
			tuneGC()
			return runAudit(e, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(auditFormats, ", "))
	fl.StringVar(&f.failOn, "fail-on", "low", "exit 1 when a finding has at least this `SEVERITY` (info, low, medium, high, critical)")
	fl.StringVar(&f.now, "now", "", "audit as of `DATE` (2006-01-02 or RFC 3339) instead of today")
	fl.StringVar(&f.expiryWarn, "expiry-warn", "30d", "report pin sets expiring within this `DURATION` (e.g. 30d, 720h)")
	fl.StringArrayVar(&f.firstParty, "first-party", nil, "treat `DOMAIN` and its subdomains as first-party (repeatable)")
	fl.StringVar(&f.baseline, "baseline", "", "mark findings listed in `FILE` (a baseline or JSON report) as baseline")
	fl.StringArrayVar(&f.ignore, "ignore", nil, "suppress findings: PKxxx or PKxxx:host (repeatable)")
	fl.IntVarP(&f.jobs, "jobs", "j", 4, "audit `N` apps in parallel")
	fl.StringArrayVar(&f.pairs, "pair", nil, "compare the Android APP with the iOS APP of `ANDROID=IOS` for PK401 (repeatable)")
	f.extra.register(cmd)
	addBatchFlags(cmd, &f.batch)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(auditFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions(
		[]string{"info", "low", "medium", "high", "critical"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// auditGCPercent: with the inflated DEX files outside the Go heap
// (internal/bigbuf), an audit's heap is small (2-25 MB live) and churns:
// at the default 100 the collector ran 17 times on an asset-heavy APK where
// it had run 8. At 200 a batch of small apps takes 0.72x the CPU, and the
// 96 MB DEX-heavy APK peaks at ~110 MB instead of ~95 (bench/RESULTS-speed.md).
// GOGC, when set, wins.
const auditGCPercent = 200

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(auditGCPercent)
	}
}

func runAudit(e *env, f *auditFlags, args []string) error {
	if f.format == "jsonl" || f.batch.shard != "" || f.batch.resume != "" {
		return runBatch(e, f, args)
	}
	opts, failOn, write, err := f.options()
	if err != nil {
		return err
	}
	pairs, err := parsePairs(f.pairs, args)
	if err != nil {
		return err
	}
	apps, loadErrs := loadApps(e, args, f.jobs)
	failed := inputErrors(args, apps, loadErrs)
	opts.Pairs = loadedPairs(pairs, apps)
	res, err := audit.Run(apps, opts)
	if err != nil && len(opts.Pairs) > 0 {
		return withHint(err, "the left of --pair names an Android APP, the right an iOS APP")
	}
	if err != nil {
		return err
	}
	res.Failed = failed
	if len(apps) > 0 || len(loadErrs) == 0 || f.format != "text" {
		if err := write(e.stdout, res); err != nil {
			return fmt.Errorf("failed to write report: %w", err)
		}
	}
	printLoadErrors(e.stderr, failed)
	switch {
	case len(loadErrs) > 0:
		return exitCodeError{exitError}
	case res.Fails(failOn):
		return exitCodeError{exitFindings}
	}
	return nil
}

// options turns the flags into audit options, the --fail-on threshold and
// the report writer.
func (f *auditFlags) options() (audit.Options, audit.Severity, func(io.Writer, *audit.Result) error, error) {
	opts := audit.Options{Rules: rules.All(), FirstParty: f.firstParty, Ignore: f.ignore, Suppressions: f.extra.suppress}
	write, err := f.writer()
	if err != nil {
		return opts, 0, nil, err
	}
	failOn, err := audit.ParseSeverity(f.failOn)
	if err != nil {
		return opts, 0, nil, fmt.Errorf("invalid --fail-on: %w", err)
	}
	if f.now != "" {
		if opts.Now, err = parseDate(f.now); err != nil {
			return opts, 0, nil, err
		}
	}
	if opts.ExpiryWarn, err = parseDays(f.expiryWarn); err != nil {
		return opts, 0, nil, err
	}
	if _, err := audit.Run(nil, opts); err != nil { // validates --ignore early
		return opts, 0, nil, withHint(err, "write --ignore PK102 or --ignore PK102:api.example.com")
	}
	if f.baseline != "" {
		if opts.Baseline, err = readBaseline(f.baseline); err != nil {
			return opts, 0, nil, err
		}
	}
	if f.jobs < 1 {
		return opts, 0, nil, fmt.Errorf("invalid --jobs %d: want at least 1", f.jobs)
	}
	return opts, failOn, write, nil
}

// parsePairs parses --pair values: ANDROID=IOS, each side one of args.
func parsePairs(values, args []string) ([]audit.PathPair, error) {
	var out []audit.PathPair
	for _, v := range values {
		a, i, ok := strings.Cut(v, "=")
		if !ok || a == "" || i == "" {
			return nil, withHint(fmt.Errorf("invalid --pair %q: want ANDROID=IOS", v), "try --pair app.apk=App.ipa")
		}
		for _, p := range []string{a, i} {
			if !slices.Contains(args, p) {
				return nil, withHint(fmt.Errorf("invalid --pair %q: %q is not an APP argument", v, p),
					"name two of the APP arguments as written on the command line")
			}
		}
		out = append(out, audit.PathPair{Android: a, IOS: i})
	}
	return out, nil
}

// loadedPairs keeps the pairs whose two apps loaded (the others are
// already reported as load errors).
func loadedPairs(pairs []audit.PathPair, apps []*audit.App) []audit.PathPair {
	loaded := func(path string) bool {
		return slices.ContainsFunc(apps, func(a *audit.App) bool { return a.Path == path })
	}
	var out []audit.PathPair
	for _, p := range pairs {
		if loaded(p.Android) && loaded(p.IOS) {
			out = append(out, p)
		}
	}
	return out
}

// parseDate accepts 2006-01-02 (midnight UTC) or RFC 3339.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid --now %q: want YYYY-MM-DD or RFC 3339", s)
	}
	return t, nil
}

// parseDays accepts a Go duration or a number of days ("30d").
func parseDays(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err == nil && n >= 0 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("invalid --expiry-warn %q: want e.g. 30d or 720h", s)
	}
	return d, nil
}

func readBaseline(path string) (*audit.Baseline, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("failed to open baseline: %w", err)
	}
	defer fh.Close()
	b, err := audit.ReadBaseline(fh)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// loadApps loads every input with up to jobs in parallel (see appload.All),
// drawing a progress bar on a terminal's stderr.
func loadApps(e *env, paths []string, jobs int) ([]*audit.App, []error) {
	opts := appload.Options{Jobs: jobs}
	bar := newBar(e.stderr, len(paths))
	if bar != nil {
		opts.Progress = func(int, int) { _ = bar.Add(1) }
	}
	apps, errs := appload.All(paths, opts)
	if bar != nil {
		_ = bar.Finish()
	}
	return apps, errs
}

// newBar returns a progress bar on w when w is a terminal and there is more
// than one input, else nil.
func newBar(w io.Writer, n int) *progressbar.ProgressBar {
	fh, ok := w.(*os.File)
	if !ok || n < 2 {
		return nil
	}
	fi, err := fh.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("auditing"),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
}
