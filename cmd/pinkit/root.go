package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pinkit/pinkit/internal/buildinfo"
	"github.com/spf13/cobra"
)

// Exit codes shared by every verb.
const (
	exitOK       = 0
	exitFindings = 1 // audit found something at or above --fail-on; mitm saw interception
	exitError    = 2 // bad input, bad flags, I/O errors
)

// env is what a verb may touch: its streams. Verbs never call os.Exit and
// never read os.Args.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// exitCodeError lets a verb choose its exit code without printing an error
// (e.g. audit returns exitFindings after writing its report).
type exitCodeError struct{ code int }

func (e exitCodeError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// verbs lists every verb constructor; each lives in its own file.
var verbs = []func(*env) *cobra.Command{
	versionCmd,
	pinCmd,
	auditCmd,
	collectCmd,
	mitmCmd,
	pinsetCmd,
	genCmd,
	checkCmd,
	manCmd,
}

// usageExamples is shown by "pinkit" with no arguments and by "pinkit help".
const usageExamples = `  pinkit audit app.apk                 effective per-host pinning policy + findings
  pinkit pin cert.pem                  SPKI pins of a certificate chain
  pinkit pin example.com:443           pins of a live host's verified chain
  pinkit pin --format nsc chain.pem    the same pins as an Android <pin-set>
  pinkit mitm --listen 127.0.0.1:8080  dynamic test: which hosts refuse interception
  pinkit collect                       pin-failure report collector and dashboard
  pinkit completion bash               shell completion script (bash, zsh, fish, powershell)`

const rootLong = "pinkit audits, tests and builds certificate / public-key pinning (OWASP MASWE-0047, CWE-295)."

func newRootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:                        "pinkit",
		Short:                      "Get identity pinning right and prove it",
		Long:                       rootLong,
		Example:                    usageExamples,
		Version:                    version(),
		SilenceUsage:               true,
		SilenceErrors:              true,
		DisableSuggestions:         true, // rootArgs turns suggestions into a hint line
		SuggestionsMinimumDistance: 2,
		Args:                       rootArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			// No verb: usage with examples on stderr, exit 2 (like mkcert/age).
			fmt.Fprintf(e.stderr, "%s\n\n", rootLong)
			cmd.SetOut(e.stderr)
			_ = cmd.Usage()
			return exitCodeError{exitError}
		},
	}
	root.SetVersionTemplate("pinkit {{.Version}}\n")
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return withHint(err, "run %q for the flags", cmd.CommandPath()+" --help")
	})
	for _, v := range verbs {
		root.AddCommand(v(e))
	}
	return root
}

// rootArgs rejects an unknown verb, suggesting the closest one.
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	err := fmt.Errorf("unknown command %q", args[0])
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		return withHint(err, "did you mean %q?", "pinkit "+s[0])
	}
	return withHint(err, "run %q for the list of verbs", "pinkit help")
}

// hintError is an error plus the next thing to try, printed by run as a
// second line "pinkit: hint: …".
type hintError struct {
	err  error
	hint string
}

func (h *hintError) Error() string { return h.err.Error() }
func (h *hintError) Unwrap() error { return h.err }

// withHint attaches a hint to err.
func withHint(err error, format string, args ...any) error {
	return &hintError{err: err, hint: fmt.Sprintf(format, args...)}
}

// run executes the command line and returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRootCmd(e)
	root.SetArgs(args)
	err := root.Execute()
	var ec exitCodeError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ec):
		return ec.code
	default:
		fmt.Fprintf(stderr, "pinkit: error: %s\n", oneLine(err.Error()))
		var h *hintError
		if errors.As(err, &h) {
			fmt.Fprintf(stderr, "pinkit: hint: %s\n", oneLine(h.hint))
		}
		return exitError
	}
}

// oneLine keeps an error on one line so that scripts can rely on it.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func versionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the pinkit version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(e.stdout, "pinkit %s\n", version())
			return nil
		},
	}
}

// version is the one version of this build (see internal/buildinfo: set
// with -ldflags "-X github.com/pinkit/pinkit/internal/buildinfo.version=v1.2.3").
func version() string { return buildinfo.Version() }
