package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pinkit/pinkit/pinset"
	"github.com/pinkit/pinkit/policy"
	"github.com/spf13/cobra"
)

// maxValidity is the longest --expires accepted: a set is meant to expire
// soon, so that a blocked update (freeze) ends in the shipped pins.
const maxValidity = 90 * 24 * time.Hour

type signFlags struct {
	policy, expires, now, out, add string
	version                        int64
	keys, roots                    []string
	partial                        bool
}

func pinsetSignCmd(e *env) *cobra.Command {
	f := &signFlags{}
	cmd := &cobra.Command{
		Use:   "sign --policy FILE --version N --expires 7d --key KEY… [--out SET]",
		Short: "Sign a pin set (or add signatures to one with --add)",
		Long: `sign writes the canonical pin-set document for the domains of --policy, a
pinkit.yaml (YAML or JSON; see docs/policy.md), signed by every --key. The
policy is validated as everywhere else (two pins a host, no placeholder).
--expires is a duration (7d, 36h, at most 90d) or a time. The document is
written byte for byte (no trailing newline: it must stay canonical). With
--root, the result must verify against that root chain unless --partial.
--add DOC adds the signatures of --key to an existing document instead, for
threshold keys held by different people.`,
		Example: "  pinkit pinset sign --policy pinkit.yaml --version 7 --expires 7d --key ops-1.key --key ops-2.key --out pinset.json\n" +
			"  pinkit pinset sign --add pinset.json --key ops-3.key --out pinset.json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSign(e, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.policy, "policy", "", "hosts and pins to sign (`FILE`: pinkit.yaml, YAML or JSON)")
	fl.Int64Var(&f.version, "version", 0, "version, greater than every version published before")
	fl.StringVar(&f.expires, "expires", "7d", "validity: a duration (7d, 36h) or a time (YYYY-MM-DDTHH:MM:SSZ)")
	fl.StringVar(&f.now, "now", "", "issue time (YYYY-MM-DDTHH:MM:SSZ; default: now)")
	fl.StringArrayVar(&f.keys, "key", nil, "private key `FILE` to sign with (repeatable)")
	fl.StringArrayVar(&f.roots, "root", nil, "check the result against this root chain (repeatable, shipped root first)")
	fl.BoolVar(&f.partial, "partial", false, "write even if --root's threshold is not met yet")
	fl.StringVar(&f.add, "add", "", "add signatures to this existing `DOC` instead of signing a new set")
	fl.StringVarP(&f.out, "out", "o", "", "output `FILE` (default: stdout)")
	return cmd
}

func runSign(e *env, f *signFlags) error {
	keys, err := loadKeys(f.keys)
	if err != nil {
		return err
	}
	now, err := parseNow(f.now)
	if err != nil {
		return err
	}
	var doc []byte
	if f.add != "" {
		old, err := os.ReadFile(f.add)
		if err != nil {
			return err
		}
		if doc, err = pinset.AddSignatures(old, keys...); err != nil {
			return fmt.Errorf("%s: %w", f.add, err)
		}
	} else if doc, err = signNew(f, keys, now); err != nil {
		return err
	}
	if len(f.roots) > 0 && !f.partial {
		root, err := loadRootChain(f.roots)
		if err != nil {
			return err
		}
		if _, err := root.Verify(doc, 0, now); err != nil {
			return withHint(fmt.Errorf("the signed set does not verify: %w", err), "add keys with --key, or pass --partial to collect signatures with --add")
		}
	}
	return writeOut(e, f.out, doc)
}

func signNew(f *signFlags, keys []*pinset.PrivateKey, now time.Time) ([]byte, error) {
	if f.policy == "" || f.version < 1 {
		return nil, withHint(errors.New("sign needs --policy FILE and --version N (N ≥ 1)"), "run %q", "pinkit pinset sign --help")
	}
	expires, err := parseExpires(f.expires, now)
	if err != nil {
		return nil, err
	}
	hosts, err := readPolicyHosts(f.policy, now)
	if err != nil {
		return nil, err
	}
	return pinset.SignPinSet(pinset.Content{Version: f.version, Issued: now, Expires: expires, Hosts: hosts}, keys...)
}

// parseExpires reads "7d", a Go duration or a time, at most maxValidity
// after now.
func parseExpires(s string, now time.Time) (time.Time, error) {
	var t time.Time
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 1 {
			return t, fmt.Errorf("invalid --expires %q", s)
		}
		t = now.Add(time.Duration(n) * 24 * time.Hour)
	} else if d, err := time.ParseDuration(s); err == nil && d > 0 {
		t = now.Add(d)
	} else if t, err = time.Parse(time.RFC3339, s); err != nil || !t.After(now) {
		return t, withHint(fmt.Errorf("invalid --expires %q", s), "write 7d, 36h or a future 2026-12-08T00:00:00Z")
	}
	if t.Sub(now) > maxValidity {
		return t, withHint(fmt.Errorf("--expires %s is more than 90 days away", s),
			"a short expiry is what turns a blocked update into the shipped pins; publish often instead")
	}
	return t.UTC().Truncate(time.Second), nil
}

// readPolicyHosts loads --policy (pinkit.yaml, YAML or JSON: docs/policy.md)
// with the policy package, so the pins signed are validated like every
// other use of the file, and returns its domains as pin-set hosts.
func readPolicyHosts(path string, now time.Time) ([]pinset.Host, error) {
	f, err := policy.LoadFile(path, policy.Now(now))
	if err != nil {
		return nil, withHint(err, "--policy is a pinkit.yaml: see %q", "docs/policy.md")
	}
	return f.PinSetHosts(), nil
}

func loadKeys(files []string) ([]*pinset.PrivateKey, error) {
	if len(files) == 0 {
		return nil, withHint(errors.New("no --key given"), "make one with %q", "pinkit pinset keygen --out NAME")
	}
	var keys []*pinset.PrivateKey
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		k, err := pinset.ParsePrivateKeyPEM(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// readPub reads a NAME.pub written by keygen.
func readPub(path string) (pinset.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return pinset.PublicKey{}, err
	}
	var entry struct {
		KeyID  string `json:"keyid"`
		Public string `json:"public"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&entry); err != nil {
		return pinset.PublicKey{}, fmt.Errorf("%s: not a public key entry: %w", path, err)
	}
	spki, err := base64.StdEncoding.Strict().DecodeString(entry.Public)
	if err != nil {
		return pinset.PublicKey{}, fmt.Errorf("%s: public: %w", path, err)
	}
	k, err := pinset.ParsePublicKey(spki)
	if err != nil {
		return pinset.PublicKey{}, fmt.Errorf("%s: %w", path, err)
	}
	if k.ID != entry.KeyID {
		return pinset.PublicKey{}, fmt.Errorf("%s: keyid %q is not the SHA-256 of the key (%s)", path, entry.KeyID, k.ID)
	}
	return k, nil
}

func writeOut(e *env, out string, data []byte) error {
	if out == "" {
		_, err := e.stdout.Write(data)
		return err
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return fmt.Errorf("failed to write %s: %w", out, err)
	}
	return nil
}
