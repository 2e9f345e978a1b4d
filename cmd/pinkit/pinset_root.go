package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/pinkit/pinkit/pinset"
	"github.com/spf13/cobra"
)

type rotateFlags struct {
	pubs, keys, roots []string
	threshold         int
	out               string
	partial           bool
}

func pinsetRotateCmd(e *env) *cobra.Command {
	f := &rotateFlags{}
	cmd := &cobra.Command{
		Use:   "rotate-keys --pub PUB… --threshold K --key KEY… [--root ROOT…] --out ROOT",
		Short: "Write a root of trust: the first (no --root) or the rotation after --root",
		Long: `rotate-keys writes a root document listing the --pub keys (NAME.pub from
keygen) with --threshold. Without --root it is version 1, the root apps ship,
signed by the new keys. With --root (the shipped root first, then each
rotation since) it is the next version, and must be signed by the threshold
of the current root AND its own: give both sets of --key (or --partial, then
collect the rest with "pinkit pinset sign --add").`,
		Example: "  pinkit pinset rotate-keys --pub a.pub --pub b.pub --threshold 2 --key a.key --key b.key --out root.json\n" +
			"  pinkit pinset rotate-keys --root root.json --pub c.pub --pub d.pub --threshold 2 \\\n" +
			"      --key a.key --key b.key --key c.key --key d.key --out 2.root.json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRotate(e, f)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.pubs, "pub", nil, "public key `FILE` of the new root (repeatable)")
	fl.IntVar(&f.threshold, "threshold", 0, "how many of the new keys must sign")
	fl.StringArrayVar(&f.keys, "key", nil, "private key `FILE` to sign with (repeatable)")
	fl.StringArrayVar(&f.roots, "root", nil, "current root chain, shipped root first (repeatable)")
	fl.BoolVar(&f.partial, "partial", false, "write even if the thresholds are not met yet")
	fl.StringVarP(&f.out, "out", "o", "", "output `FILE` (default: stdout)")
	return cmd
}

func runRotate(e *env, f *rotateFlags) error {
	if len(f.pubs) == 0 || f.threshold < 1 {
		return withHint(errors.New("rotate-keys needs --pub FILE… and --threshold K"), "run %q", "pinkit pinset rotate-keys --help")
	}
	var pubs []pinset.PublicKey
	for _, p := range f.pubs {
		k, err := readPub(p)
		if err != nil {
			return err
		}
		pubs = append(pubs, k)
	}
	keys, err := loadKeys(f.keys)
	if err != nil {
		return err
	}
	var current *pinset.Root
	version := int64(1)
	if len(f.roots) > 0 {
		if current, err = loadRootChain(f.roots); err != nil {
			return err
		}
		version = current.Version + 1
	}
	doc, err := pinset.SignRoot(version, f.threshold, pubs, keys...)
	if err != nil {
		return err
	}
	if !f.partial {
		if current == nil {
			_, err = pinset.LoadRoot(doc)
		} else {
			_, err = current.VerifyRotation(doc)
		}
		if err != nil {
			return withHint(fmt.Errorf("root version %d does not verify: %w", version, err),
				"sign with the threshold of the current root and of the new one, or pass --partial")
		}
	}
	if err := writeOut(e, f.out, doc); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "pinkit: root version %d, %d of %d keys\n", version, f.threshold, len(pubs))
	return nil
}

func pinsetPublishCmd(e *env) *cobra.Command {
	var roots []string
	var set, out, now string
	cmd := &cobra.Command{
		Use:   "publish --root ROOT… --set SET --out DIR",
		Short: "Write the static directory apps update from (pinset.json, N.root.json)",
		Long: `publish checks the root chain and the set, then writes DIR/pinset.json and
DIR/N.root.json for each root, for any HTTPS host or CDN to serve. The
transport is not trusted for integrity: every document is signed. Serve it
over https only.`,
		Example: "  pinkit pinset publish --root root.json --root 2.root.json --set pinset.json --out site/pins",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(roots) == 0 || set == "" || out == "" {
				return withHint(errors.New("publish needs --root, --set and --out"), "run %q", "pinkit pinset publish --help")
			}
			t, err := parseNow(now)
			if err != nil {
				return err
			}
			var docs [][]byte
			for _, r := range roots {
				d, err := os.ReadFile(r)
				if err != nil {
					return err
				}
				docs = append(docs, d)
			}
			data, err := os.ReadFile(set)
			if err != nil {
				return err
			}
			if err := pinset.Publish(out, docs, data, t); err != nil {
				return rejected(e, err)
			}
			fmt.Fprintf(e.stdout, "%s/pinset.json and %d root document(s)\n", out, len(docs))
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&roots, "root", nil, "root chain `FILE`s, shipped root first (repeatable)")
	cmd.Flags().StringVar(&set, "set", "", "signed pin set `FILE`")
	cmd.Flags().StringVarP(&out, "out", "o", "", "output `DIR`")
	cmd.Flags().StringVar(&now, "now", "", "check expiry at this `TIME` instead of the clock")
	return cmd
}
