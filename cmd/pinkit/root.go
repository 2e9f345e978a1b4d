package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"

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

// exitError lets a verb choose its exit code without printing an error
// (e.g. audit returns exitFindings after writing its report).
type exitCodeError struct{ code int }

func (e exitCodeError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// verbs lists every verb constructor; each lives in its own file.
var verbs = []func(*env) *cobra.Command{
	versionCmd,
}

const usageExamples = `Examples:
  pinkit audit app.apk                 effective per-host pinning policy + findings
  pinkit pin cert.pem                  SPKI pins of a certificate chain
  pinkit pin example.com:443           pins of a live host's verified chain
  pinkit mitm --listen 127.0.0.1:8080  dynamic test: which hosts refuse interception
  pinkit collect                       pin-failure report collector and dashboard`

func newRootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:           "pinkit",
		Short:         "Get identity pinning right and prove it",
		Long:          "pinkit audits, tests and builds certificate / public-key pinning (OWASP MASWE-0047, CWE-295).\n\n" + usageExamples,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SetOut(e.stderr)
			_ = cmd.Usage()
			return exitCodeError{exitError}
		},
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	for _, v := range verbs {
		root.AddCommand(v(e))
	}
	return root
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
		fmt.Fprintf(stderr, "pinkit: error: %v\n", err)
		return exitError
	}
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

// Version is set with -ldflags "-X main.Version=v1.2.3".
var Version = ""

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
