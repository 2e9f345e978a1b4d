package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/pinkit/pinkit/internal/safetext"
	"github.com/pinkit/pinkit/pinset"
	"github.com/spf13/cobra"
)

const pinsetExamples = `  pinkit pinset keygen --out ops-1                    ops-1.key (0600) + ops-1.pub
  pinkit pinset rotate-keys --pub ops-1.pub --pub ops-2.pub --threshold 2 \
      --key ops-1.key --key ops-2.key --out root.json   the root of trust apps ship
  pinkit pinset sign --policy pins.json --version 7 --expires 7d \
      --key ops-1.key --key ops-2.key --out pinset.json
  pinkit pinset verify --root root.json pinset.json
  pinkit pinset publish --root root.json --set pinset.json --out site/`

func pinsetCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pinset",
		Short: "Sign, verify and publish versioned pin sets that apps update without a release",
		Long: `pinset manages signed pin-set documents (docs/pinset.md): canonical JSON
with a monotonic version, a short expiry and the pinned hosts, signed by k of
the n keys of a root of trust that apps ship. Apps (pinset.Updater in Go, the
Java reference verifier on Android) refuse rollback, fall back to their
shipped pins when a set expires, and follow key rotations signed by the old
and the new keys.`,
		Example: pinsetExamples,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SetOut(e.stderr)
			_ = cmd.Usage()
			return exitCodeError{exitError}
		},
	}
	cmd.AddCommand(pinsetKeygenCmd(e), pinsetSignCmd(e), pinsetVerifyCmd(e), pinsetRotateCmd(e), pinsetPublishCmd(e))
	return cmd
}

func pinsetKeygenCmd(e *env) *cobra.Command {
	var alg, out string
	cmd := &cobra.Command{
		Use:   "keygen --out NAME",
		Short: "Make a signing key: NAME.key (private, 0600) and NAME.pub (its root entry)",
		Long: `keygen writes a new private key to NAME.key (PKCS #8 PEM, mode 0600, never
overwritten) and its public entry for a root document to NAME.pub, and prints
that entry. Use ecdsa-p256 when Android apps older than API 33 must verify.`,
		Example: "  pinkit pinset keygen --out ops-1\n  pinkit pinset keygen --alg ed25519 --out ci",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runKeygen(e, pinset.Algorithm(alg), out)
		},
	}
	cmd.Flags().StringVar(&alg, "alg", string(pinset.ECDSAP256), "key algorithm: ecdsa-p256 or ed25519")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write `NAME`.key and NAME.pub (required)")
	_ = cmd.RegisterFlagCompletionFunc("alg", cobra.FixedCompletions([]string{string(pinset.ECDSAP256), string(pinset.Ed25519)}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runKeygen(e *env, alg pinset.Algorithm, out string) error {
	if out == "" {
		return withHint(errors.New("keygen needs --out NAME"), "try %q", "pinkit pinset keygen --out ops-1")
	}
	k, err := pinset.GenerateKey(alg)
	if err != nil {
		return err
	}
	priv, err := k.MarshalPEM()
	if err != nil {
		return err
	}
	pub, err := k.Public().MarshalJSON()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(out+".key", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return withHint(fmt.Errorf("%s.key exists", out), "keygen never overwrites a key; choose another --out")
	}
	if err != nil {
		return fmt.Errorf("failed to create key file: %w", err)
	}
	if _, err := f.Write(priv); err != nil {
		f.Close()
		return fmt.Errorf("failed to write key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("failed to write key file: %w", err)
	}
	if err := os.WriteFile(out+".pub", append(pub, '\n'), 0o644); err != nil {
		return fmt.Errorf("failed to write public key: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s\n", pub)
	fmt.Fprintf(e.stderr, "pinkit: wrote %s.key (keep it offline) and %s.pub\n", out, out)
	return nil
}

func pinsetVerifyCmd(e *env) *cobra.Command {
	var roots []string
	var last int64
	var now string
	cmd := &cobra.Command{
		Use:   "verify --root ROOT [--root NEXT…] SET",
		Short: "Verify a pin set as an app would (exit 1 if rejected)",
		Long: `verify loads the first --root as the trusted (shipped) root, follows each
further --root as a rotation, then verifies SET: canonical form, schema,
threshold of distinct root keys, version above --last-version, not expired at
--now, a valid policy. It prints the set; a rejected document exits 1 with
its reason code (docs/pinset.md).`,
		Example: "  pinkit pinset verify --root root.json pinset.json\n  pinkit pinset verify --root root.json --root 2.root.json --last-version 6 pinset.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(e, roots, args[0], last, now)
		},
	}
	cmd.Flags().StringArrayVar(&roots, "root", nil, "root document `FILE`: the shipped one first, then rotations (required)")
	cmd.Flags().Int64Var(&last, "last-version", 0, "version of the last set accepted (rollback check)")
	cmd.Flags().StringVar(&now, "now", "", "verify at this `TIME` (YYYY-MM-DDTHH:MM:SSZ) instead of the clock")
	return cmd
}

func runVerify(e *env, roots []string, setFile string, last int64, nowFlag string) error {
	now, err := parseNow(nowFlag)
	if err != nil {
		return err
	}
	root, err := loadRootChain(roots)
	if err != nil {
		return rejected(e, err)
	}
	data, err := os.ReadFile(setFile)
	if err != nil {
		return err
	}
	set, err := root.Verify(data, last, now)
	if err != nil {
		return rejected(e, fmt.Errorf("%s: %w", setFile, err))
	}
	fmt.Fprintf(e.stdout, "ok: pin set version %d, issued %s, expires %s, root version %d (%d of %d keys)\n",
		set.Version, set.Issued.Format(time.RFC3339), set.Expires.Format(time.RFC3339), root.Version, root.Threshold, len(root.Keys))
	for _, h := range set.Hosts {
		scope := "host"
		if h.IncludeSubdomains {
			scope = "domain"
		}
		fmt.Fprintf(e.stdout, "%s %s\n", scope, h.Name)
		for _, p := range h.Pins {
			fmt.Fprintf(e.stdout, "  %s %s\n", p.SPKI, safetext.Escape(p.Label))
		}
	}
	return nil
}

// rejected prints why a document was refused and exits 1; I/O and other
// errors keep exit 2.
func rejected(e *env, err error) error {
	if pinset.ReasonOf(err) == "" {
		return err
	}
	fmt.Fprintf(e.stderr, "pinkit: rejected: %s\n", oneLine(safetext.Escape(err.Error())))
	return exitCodeError{exitFindings}
}

// loadRootChain loads the shipped root and follows the rotations after it.
func loadRootChain(files []string) (*pinset.Root, error) {
	if len(files) == 0 {
		return nil, withHint(errors.New("no --root given"), "pass the root document apps ship with --root root.json")
	}
	var root *pinset.Root
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			root, err = pinset.LoadRoot(data)
		} else {
			root, err = root.VerifyRotation(data)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
	}
	return root, nil
}

func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC().Truncate(time.Second), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, withHint(fmt.Errorf("invalid --now %q", s), "write it as 2026-12-01T00:00:00Z")
	}
	return t.UTC(), nil
}
