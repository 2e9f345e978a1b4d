package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/certio"
	"github.com/pinkit/pinkit/internal/safetext"
	"github.com/pinkit/pinkit/nsc"
	"github.com/spf13/cobra"
)

const pinExamples = `  pinkit pin testdata/certs/chain.pem          every cert of a PEM chain
  pinkit pin leaf.der                          a DER certificate
  openssl s_client ... | pinkit pin -          from stdin
  pinkit pin example.com                       the verified chain of a live host (port 443)
  pinkit pin --ca myca.pem 10.0.0.5:8443       a host whose CA is private
  pinkit pin --format nsc --role intermediate chain.pem    an Android <pin-set>
  pinkit pin --format okhttp example.com       OkHttp CertificatePinner lines`

var (
	pinFormats = []string{"text", "json", "nsc", "okhttp", "hpkp"}
	pinRoles   = []string{"leaf", "intermediate", "root"}
)

type pinFlags struct {
	format      string
	roles       []string
	caFiles     []string
	timeout     time.Duration
	serverName  string
	host        string
	maxAge      int64
	includeSubs bool
}

func pinCmd(e *env) *cobra.Command {
	f := &pinFlags{}
	cmd := &cobra.Command{
		Use:   "pin FILE|-|HOST[:PORT] ...",
		Short: "Print the SPKI pins of a certificate chain or of a live host",
		Long: `pin prints, for each certificate of a chain, its role (leaf, intermediate,
root), subject, issuer, key type and size, expiry and SHA-256 SPKI pin.

An argument is a PEM file (one or many certificates, or PKCS7 blocks), a DER
certificate, a DER PKCS #7 bundle (.p7b), "-" for stdin, or — when it is not an
existing file — HOST[:PORT] (default port 443) or an https:// URL: pin then
connects with TLS and prints the chain that verification built against the
system roots (plus --ca), never the certificates the server merely sent.`,
		Example: pinExamples,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return withHint(errors.New("pin needs a FILE, - or HOST[:PORT]"), "run %q", "pinkit pin --help")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPin(cmd.Context(), e, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(pinFormats, ", "))
	fl.StringSliceVar(&f.roles, "role", nil, "only these roles (leaf, intermediate, root; repeat or comma-separate)")
	fl.StringArrayVar(&f.caFiles, "ca", nil, "add the certificates of `FILE` to the system roots for HOST inputs (repeatable)")
	fl.DurationVar(&f.timeout, "timeout", 10*time.Second, "connect + handshake timeout for HOST inputs")
	fl.StringVar(&f.serverName, "servername", "", "SNI and verified name for HOST inputs (default: the host)")
	fl.StringVar(&f.host, "host", "", "host name for --format okhttp (default: the connected host or the leaf's first DNS name)")
	fl.Int64Var(&f.maxAge, "max-age", 60*24*3600, "max-age in seconds for --format hpkp")
	fl.BoolVar(&f.includeSubs, "include-subdomains", false, "add includeSubDomains for --format hpkp")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(pinFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("role", cobra.FixedCompletions(pinRoles, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func (f *pinFlags) validate() error {
	if !slices.Contains(pinFormats, f.format) {
		return fmt.Errorf("--format: unknown format %q (want %s)", f.format, strings.Join(pinFormats, ", "))
	}
	for _, r := range f.roles {
		if !slices.Contains(pinRoles, r) {
			return fmt.Errorf("--role: unknown role %q (want %s)", r, strings.Join(pinRoles, ", "))
		}
	}
	if f.timeout <= 0 {
		return fmt.Errorf("--timeout: must be positive, got %v", f.timeout)
	}
	if f.maxAge < 0 {
		return fmt.Errorf("--max-age: must not be negative, got %d", f.maxAge)
	}
	return nil
}

// runPin loads every input first, so that a bad one prints a single error
// line and no partial output.
func runPin(ctx context.Context, e *env, f *pinFlags, args []string) error {
	if err := f.validate(); err != nil {
		return err
	}
	roots, err := rootPool(e.stdin, f.caFiles)
	if err != nil {
		return err
	}
	opts := tlsOptions{roots: roots, timeout: f.timeout, serverName: f.serverName}
	var certs []certInfo
	for _, arg := range args {
		src, err := loadSource(ctx, e.stdin, arg, opts)
		if err != nil {
			return inputError(displayName(arg), err)
		}
		certs = append(certs, describe(src, time.Now())...)
	}
	if len(f.roles) > 0 {
		certs = slices.DeleteFunc(certs, func(c certInfo) bool { return !slices.Contains(f.roles, c.Role) })
		if len(certs) == 0 {
			return fmt.Errorf("no certificate with role %s", strings.Join(f.roles, " or "))
		}
	}
	var buf bytes.Buffer
	if err := writePins(&buf, f, certs); err != nil {
		return err
	}
	_, err = e.stdout.Write(buf.Bytes())
	return err
}

func displayName(arg string) string {
	if arg == "-" {
		return "stdin"
	}
	return arg
}

func loadSource(ctx context.Context, stdin io.Reader, arg string, o tlsOptions) (*source, error) {
	if arg != "-" && isHostArg(arg) {
		return dialChain(ctx, arg, o)
	}
	data, err := readInput(stdin, arg)
	if err != nil {
		return nil, err
	}
	certs, err := certio.Parse(data)
	if err != nil {
		return nil, err
	}
	return &source{input: displayName(arg), certs: certs}, nil
}

// certInfo is one certificate as pinkit pin prints it; the JSON form is
// stable (snake_case, documented in docs/cli.md).
type certInfo struct {
	Input     string   `json:"input"`
	Index     int      `json:"index"`
	Role      string   `json:"role"`
	Subject   string   `json:"subject"`
	Issuer    string   `json:"issuer"`
	Key       string   `json:"key"`
	DNSNames  []string `json:"dns_names"`
	NotBefore string   `json:"not_before"`
	NotAfter  string   `json:"not_after"`
	Expired   bool     `json:"expired"`
	Pin       string   `json:"pin"`
	host      string   // connected host, for okhttp
}

func describe(src *source, now time.Time) []certInfo {
	out := make([]certInfo, len(src.certs))
	for i, c := range src.certs {
		out[i] = certInfo{
			Input:     src.input,
			Index:     i,
			Role:      role(src, i),
			Subject:   nameOrEmpty(c.Subject.String()),
			Issuer:    nameOrEmpty(c.Issuer.String()),
			Key:       keyDescription(c),
			DNSNames:  append([]string{}, c.DNSNames...),
			NotBefore: c.NotBefore.UTC().Format(time.RFC3339),
			NotAfter:  c.NotAfter.UTC().Format(time.RFC3339),
			Expired:   now.After(c.NotAfter),
			Pin:       pin.FromCertificate(c).String(),
			host:      src.host,
		}
	}
	return out
}

func nameOrEmpty(s string) string {
	if s == "" {
		return "(empty)"
	}
	return s
}

// role decides leaf / intermediate / root. A verified chain is ordered, so
// position decides; a file may hold anything (a lone CA, a bundle), so the
// certificate itself decides: a self-issued CA (or a self-issued v1
// certificate without basic constraints) is a root, another CA an
// intermediate, anything else a leaf.
func role(src *source, i int) string {
	c := src.certs[i]
	selfIssued := bytes.Equal(c.RawSubject, c.RawIssuer)
	if src.live && len(src.certs) > 1 {
		switch {
		case i == 0:
			return "leaf"
		case i == len(src.certs)-1 && selfIssued:
			return "root"
		default:
			return "intermediate"
		}
	}
	switch {
	case selfIssued && (c.IsCA || !c.BasicConstraintsValid):
		return "root"
	case c.IsCA:
		return "intermediate"
	default:
		return "leaf"
	}
}

// keyDescription names the key as "RSA-2048", "ECDSA-P256", "Ed25519", or
// "unknown" (the pin is still computed over the raw SPKI).
func keyDescription(c *x509.Certificate) string {
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA-%d", k.N.BitLen())
	case *ecdsa.PublicKey:
		return "ECDSA-" + strings.ReplaceAll(k.Curve.Params().Name, "-", "")
	case ed25519.PublicKey:
		return "Ed25519"
	}
	if c.PublicKeyAlgorithm != x509.UnknownPublicKeyAlgorithm {
		return c.PublicKeyAlgorithm.String()
	}
	return "unknown"
}

func writePins(w *bytes.Buffer, f *pinFlags, certs []certInfo) error {
	switch f.format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(certs)
	case "nsc":
		return writeNSC(w, certs)
	case "okhttp":
		return writeOkHttp(w, f.host, certs)
	case "hpkp":
		writeHPKP(w, f, certs)
	default:
		writeText(w, certs)
	}
	return nil
}

func writeText(w io.Writer, certs []certInfo) {
	for i, c := range certs {
		if i == 0 || c.Input != certs[i-1].Input {
			if i > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "# %s\n", safetext.Escape(c.Input))
		}
		expired := ""
		if c.Expired {
			expired = " EXPIRED"
		}
		fmt.Fprintf(w, "%-12s %s\n", c.Role, safetext.Escape(c.Subject))
		fmt.Fprintf(w, "  issuer     %s\n", safetext.Escape(c.Issuer))
		fmt.Fprintf(w, "  key        %s\n", safetext.Escape(c.Key))
		fmt.Fprintf(w, "  not after  %s%s\n", c.NotAfter, expired)
		fmt.Fprintf(w, "  pin        %s\n", c.Pin)
	}
}

// uniquePins keeps the first certInfo of each pin, in order.
func uniquePins(certs []certInfo) []certInfo {
	seen := map[string]bool{}
	var out []certInfo
	for _, c := range certs {
		if !seen[c.Pin] {
			seen[c.Pin] = true
			out = append(out, c)
		}
	}
	return out
}

// xmlComment makes s safe inside <!-- -->: no "--" (XML 1.0 §2.5) and
// no control character (§2.2), which are escaped by safetext.Escape.
func xmlComment(s string) string {
	out := safetext.Escape(s)
	for strings.Contains(out, "--") {
		out = strings.ReplaceAll(out, "--", "- -")
	}
	return out
}

// writeNSC writes a <pin-set> fragment for a domain-config: the <pin>
// elements as nsc.Marshal writes them, each after a comment naming its
// certificate.
func writeNSC(w io.Writer, certs []certInfo) error {
	uniq := uniquePins(certs)
	ps := &nsc.PinSet{}
	for _, c := range uniq {
		ps.Pins = append(ps.Pins, nsc.Pin{Digest: "SHA-256", Value: strings.TrimPrefix(c.Pin, "sha256/")})
	}
	doc, err := nsc.Marshal(&nsc.Config{DomainConfigs: []*nsc.DomainConfig{{Kind: nsc.KindDomain, PinSet: ps}}})
	if err != nil {
		return fmt.Errorf("failed to write the pin set: %w", err)
	}
	pins := pinElements(doc)
	if len(pins) != len(uniq) {
		return fmt.Errorf("failed to write the pin set: %d <pin> elements for %d pins", len(pins), len(uniq))
	}
	fmt.Fprintln(w, "<pin-set>")
	for i, c := range uniq {
		fmt.Fprintf(w, "    <!-- %s: %s -->\n", c.Role, xmlComment(c.Subject))
		fmt.Fprintf(w, "    %s\n", pins[i])
	}
	fmt.Fprintln(w, "</pin-set>")
	return nil
}

// pinElements returns the <pin> elements of a document written by
// nsc.Marshal, which puts each on a line of its own.
func pinElements(doc []byte) []string {
	var out []string
	for line := range strings.Lines(string(doc)) {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "<pin ") || strings.HasPrefix(t, "<pin>") {
			out = append(out, t)
		}
	}
	return out
}

// okhttpHost picks the host of a chain: --host, else the connected host,
// else the leaf's first DNS name.
func okhttpHost(flagHost string, chain []certInfo) (string, error) {
	if flagHost != "" {
		return flagHost, nil
	}
	if chain[0].host != "" {
		return chain[0].host, nil
	}
	for _, c := range chain {
		if c.Role == "leaf" && len(c.DNSNames) > 0 {
			return c.DNSNames[0], nil
		}
	}
	return "", withHint(fmt.Errorf("%s: no host name for okhttp: no leaf with a DNS name", chain[0].Input), "pass --host NAME")
}

func writeOkHttp(w io.Writer, flagHost string, certs []certInfo) error {
	type line struct{ host, pin, comment string }
	var lines []line
	seen := map[[2]string]bool{}
	for _, chain := range byInput(certs) {
		host, err := okhttpHost(flagHost, chain)
		if err != nil {
			return err
		}
		for _, c := range chain {
			if k := [2]string{host, c.Pin}; !seen[k] {
				seen[k] = true
				lines = append(lines, line{host, c.Pin, c.Role + ": " + c.Subject})
			}
		}
	}
	fmt.Fprintln(w, "val certificatePinner = CertificatePinner.Builder()")
	for _, l := range lines {
		fmt.Fprintf(w, "    .add(%s, %s) // %s\n", kotlinString(l.host), kotlinString(l.pin), l.comment)
	}
	fmt.Fprintln(w, "    .build()")
	return nil
}

// byInput splits certs into runs of the same input.
func byInput(certs []certInfo) [][]certInfo {
	var out [][]certInfo
	for i, c := range certs {
		if i == 0 || c.Input != certs[i-1].Input {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], c)
	}
	return out
}

// kotlinString quotes s as a Kotlin string literal ($ would interpolate).
func kotlinString(s string) string {
	b, _ := json.Marshal(s)
	return strings.ReplaceAll(string(b), "$", `\$`)
}

func writeHPKP(w io.Writer, f *pinFlags, certs []certInfo) {
	var parts []string
	for _, c := range uniquePins(certs) {
		parts = append(parts, fmt.Sprintf("pin-sha256=%q", strings.TrimPrefix(c.Pin, "sha256/")))
	}
	parts = append(parts, fmt.Sprintf("max-age=%d", f.maxAge))
	if f.includeSubs {
		parts = append(parts, "includeSubDomains")
	}
	fmt.Fprintf(w, "Public-Key-Pins: %s\n", strings.Join(parts, "; "))
}
