package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/pinkit/pinkit/policy"
	"github.com/spf13/cobra"
)

const genExamples = `  pinkit gen --target nsc pinkit.yaml > res/xml/network_security_config.xml
  pinkit gen --target ats pinkit.yaml                 NSAppTransportSecurity plist fragment
  pinkit gen --target okhttp --lang java pinkit.yaml  OkHttp CertificatePinner (kotlin or java)
  pinkit gen --target trustkit-ios --lang objc        TrustKit (swift, objc or plist)
  pinkit gen --target go --package pins -o pins/pins_gen.go`

type genFlags struct {
	target, lang, pkg, class, out string
}

func genCmd(e *env) *cobra.Command {
	f := &genFlags{}
	cmd := &cobra.Command{
		Use:   "gen --target TARGET [POLICY]",
		Short: "Compile pinkit.yaml to a platform's pinning config or code",
		Long: `gen reads the policy (default pinkit.yaml; "-" for stdin), validates it and
writes the artefact of one target: nsc (Android network security config),
ats (iOS NSPinnedDomains), okhttp (Kotlin or Java), trustkit-ios (Swift,
Objective-C or Info.plist), trustkit-android (network security config with
<trustkit-config>) or go (a function calling pin.NewPolicy).`,
		Example: genExamples,
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := "pinkit.yaml"
			if len(args) == 1 {
				path = args[0]
			}
			return runGen(e, f, path)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.target, "target", "t", "", "artefact to write: "+strings.Join(policy.Targets, ", "))
	fl.StringVar(&f.lang, "lang", "", "language: kotlin|java for okhttp, swift|objc|plist for trustkit-ios")
	fl.StringVar(&f.pkg, "package", "", "package of the generated Go, Kotlin or Java code")
	fl.StringVar(&f.class, "class", "", "Java class name (default PinkitPins)")
	fl.StringVarP(&f.out, "output", "o", "", "write to `FILE` instead of stdout")
	_ = cmd.RegisterFlagCompletionFunc("target", cobra.FixedCompletions(policy.Targets, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runGen(e *env, f *genFlags, path string) error {
	if f.target == "" {
		return withHint(errors.New("gen needs --target"), "one of %s", strings.Join(policy.Targets, ", "))
	}
	if !slices.Contains(policy.Targets, f.target) {
		return fmt.Errorf("unknown target %q (want %s)", f.target, strings.Join(policy.Targets, ", "))
	}
	pf, err := loadPolicy(e, path)
	if err != nil {
		return err
	}
	out, err := policy.Generate(pf, f.target, policy.GenOptions{Lang: f.lang, Package: f.pkg, Class: f.class})
	if err != nil {
		return err
	}
	if f.out != "" {
		if err := os.WriteFile(f.out, out, 0o644); err != nil {
			return fmt.Errorf("failed to write output: %w", err)
		}
		return nil
	}
	_, err = e.stdout.Write(out)
	return err
}

// loadPolicy reads a policy file, or stdin for "-" (cert: and key: paths
// then relative to the working directory).
func loadPolicy(e *env, path string) (*policy.File, error) {
	var (
		pf  *policy.File
		err error
	)
	if path == "-" {
		pf, err = policy.Load(e.stdin, policy.Name("stdin"))
	} else {
		pf, err = policy.LoadFile(path)
	}
	var es policy.Errors
	if errors.As(err, &es) {
		for _, pe := range es[:len(es)-1] {
			fmt.Fprintf(e.stderr, "pinkit: error: %s\n", oneLine(pe.Error()))
		}
		return nil, es[len(es)-1]
	}
	return pf, err
}
