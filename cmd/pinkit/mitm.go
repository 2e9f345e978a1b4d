package main

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pinkit/pinkit/internal/safetext"
	"github.com/pinkit/pinkit/mitm"
	"github.com/spf13/cobra"
)

const mitmExamples = `  pinkit mitm                                  explicit proxy on 127.0.0.1:8080, attack "trusted"
  pinkit mitm --attack rotate --duration 5m    try every attack per host, then print the matrix
  pinkit mitm --transparent 127.0.0.1:8443     also a TLS listener for redirected traffic (SNI)
  pinkit mitm --passthrough login.example.com  leave one host alone
  pinkit mitm --upstream api.example.com=127.0.0.1:8443   send a host to a local server
  pinkit mitm --format sarif > mitm.sarif      verdicts as SARIF (MASTG-TEST-0244)
  pinkit mitm ca export --format android --out .   c8750f0d.0 for /system/etc/security/cacerts`

var mitmFormats = []string{"text", "json", "sarif"}

type mitmFlags struct {
	listen, transparent, transparentPort string
	caDir, attack, events, format        string
	passthrough, upstreams, upstreamCAs  []string
	duration, handshakeTimeout           time.Duration
	maxHosts                             int
	quiet, allowPrivate, sarifAll        bool
}

func mitmCmd(e *env) *cobra.Command {
	f := &mitmFlags{}
	cmd := &cobra.Command{
		Use:   "mitm",
		Short: "Dynamic pinning test: an intercepting proxy that gives a per-host verdict",
		Long: `mitm runs an intercepting proxy (OWASP MASTG-TEST-0244). Point a device or
emulator at it, use the app, then stop with Ctrl-C (or --duration): pinkit prints
per host whether the app refused a certificate forged by a CA it trusts (pinned),
accepted it (intercepted), accepted a self-signed or expired one
(validation-broken) or one for another name (hostname-broken).

Install the CA first: "pinkit mitm ca export". Accepted connections are
forwarded to the real servers so that the app keeps working. Exit status 1
when a host is intercepted, validation-broken or hostname-broken.
See docs/mitm.md.`,
		Example: mitmExamples,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMitm(cmd.Context(), e, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", "127.0.0.1:8080", "explicit HTTP proxy address (\"\" for none)")
	fl.StringVar(&f.transparent, "transparent", "", "also accept redirected TLS on `ADDR`, reading the host from SNI")
	fl.StringVar(&f.transparentPort, "transparent-port", "443", "upstream port for transparent connections")
	fl.StringVar(&f.attack, "attack", "trusted", "certificate to present: "+attackNames())
	fl.StringArrayVar(&f.passthrough, "passthrough", nil, "tunnel `HOST` untouched (repeatable)")
	fl.StringArrayVar(&f.upstreams, "upstream", nil, "forward `HOST=ADDR` to ADDR instead of resolving HOST (repeatable)")
	fl.BoolVar(&f.allowPrivate, "allow-private", false, "also forward to loopback, private and link-local addresses (refused by default: clients of the proxy would reach this machine's services)")
	fl.IntVar(&f.maxHosts, "max-hosts", mitm.DefaultMaxHosts, "keep results for at most `N` hosts, evicting the least recently seen")
	fl.StringArrayVar(&f.upstreamCAs, "upstream-ca", nil, "trust the certificates of `FILE` for upstream servers, besides the system roots")
	fl.StringVar(&f.events, "events", "", "write every event as JSON Lines to `FILE`")
	fl.DurationVar(&f.duration, "duration", 0, "stop after this long (default: at Ctrl-C)")
	fl.DurationVar(&f.handshakeTimeout, "handshake-timeout", 10*time.Second, "limit for a client's ClientHello, handshake and first request")
	fl.StringVarP(&f.format, "format", "f", "text", "verdict matrix format: "+strings.Join(mitmFormats, ", "))
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "no live line per connection on stderr")
	fl.BoolVar(&f.sarifAll, "sarif-all", false, "with --format sarif, also write results for pinned and unknown hosts")
	addCADirFlag(cmd, &f.caDir)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(mitmFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("attack", cobra.FixedCompletions(strings.Split(attackNames(), ", "), cobra.ShellCompDirectiveNoFileComp))
	cmd.AddCommand(mitmCACmd(e))
	return cmd
}

func attackNames() string {
	names := make([]string, len(mitm.Attacks))
	for i, a := range mitm.Attacks {
		names[i] = string(a)
	}
	return strings.Join(names, ", ")
}

func addCADirFlag(cmd *cobra.Command, dir *string) {
	cmd.Flags().StringVar(dir, "ca-dir", "", "directory of the proxy CA, created on first use (default: <user config dir>/pinkit/mitm)")
}

// caDir resolves the --ca-dir default.
func caDir(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", withHint(fmt.Errorf("failed to find the user config directory: %w", err), "pass --ca-dir DIR")
	}
	return filepath.Join(base, "pinkit", "mitm"), nil
}

// loadCA loads or creates the CA, telling the user when it is new.
func loadCA(e *env, dir string) (*mitm.CA, error) {
	dir, err := caDir(dir)
	if err != nil {
		return nil, err
	}
	ca, created, err := mitm.LoadOrCreateCA(dir, time.Now())
	if err != nil {
		return nil, withHint(err, "remove %s to start over with a new CA", dir)
	}
	if created {
		fmt.Fprintf(e.stderr, "pinkit mitm: created a new CA in %s (install it with \"pinkit mitm ca export\")\n", dir)
	}
	return ca, nil
}

func (f *mitmFlags) config(e *env) (mitm.Config, error) {
	var cfg mitm.Config
	a, err := mitm.ParseAttack(f.attack)
	if err != nil {
		return cfg, withHint(err, "run %q", "pinkit mitm --help")
	}
	if !slices.Contains(mitmFormats, f.format) {
		return cfg, fmt.Errorf("unknown --format %q, want one of %s", f.format, strings.Join(mitmFormats, ", "))
	}
	if f.listen == "" && f.transparent == "" {
		return cfg, errors.New("nothing to listen on: --listen and --transparent are both empty")
	}
	if f.maxHosts < 1 {
		return cfg, fmt.Errorf("bad --max-hosts %d, want at least 1", f.maxHosts)
	}
	cfg = mitm.Config{Attack: a, Passthrough: f.passthrough, Upstreams: map[string]string{},
		TransparentPort: f.transparentPort, HandshakeTimeout: f.handshakeTimeout,
		AllowPrivate: f.allowPrivate, MaxHosts: f.maxHosts}
	for _, u := range f.upstreams {
		host, addr, ok := strings.Cut(u, "=")
		if _, _, err := net.SplitHostPort(addr); !ok || host == "" || err != nil {
			return cfg, fmt.Errorf("bad --upstream %q, want HOST=ADDR:PORT", u)
		}
		cfg.Upstreams[host] = addr
	}
	if len(f.upstreamCAs) > 0 {
		if cfg.UpstreamRoots, err = upstreamRoots(f.upstreamCAs); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// upstreamRoots is the system pool plus the certificates of files.
func upstreamRoots(files []string) (*x509.CertPool, error) {
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("failed to read --upstream-ca: %w", err)
		}
		if !pool.AppendCertsFromPEM(data) {
			return nil, fmt.Errorf("%s: no PEM certificate", name)
		}
	}
	return pool, nil
}

func runMitm(ctx context.Context, e *env, f *mitmFlags) error {
	cfg, err := f.config(e)
	if err != nil {
		return err
	}
	if cfg.CA, err = loadCA(e, f.caDir); err != nil {
		return err
	}
	out, closeEvents, err := newEventSink(e, f)
	if err != nil {
		return err
	}
	defer closeEvents()
	cfg.OnEvent = out.write
	p, err := mitm.New(cfg)
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if f.duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.duration)
		defer cancel()
	}
	serveErr, err := startListeners(e, p, f)
	if err != nil {
		p.Close()
		return err
	}
	fmt.Fprintf(e.stderr, "pinkit mitm: CA %q (Android: %s), attack %s; stop with Ctrl-C\n",
		cfg.CA.Cert.Subject.CommonName, cfg.CA.AndroidName(), cfg.Attack)
	select {
	case <-ctx.Done():
	case err = <-serveErr:
	}
	p.Close()
	if err != nil {
		return err
	}
	return writeMatrix(e, f, p.Summary())
}

// startListeners opens the listeners and serves them; the channel gets a
// serve error, if any.
func startListeners(e *env, p *mitm.Proxy, f *mitmFlags) (<-chan error, error) {
	errc := make(chan error, 2)
	for _, l := range []struct {
		addr, what string
		serve      func(net.Listener) error
	}{
		{f.listen, "explicit proxy", p.ServeExplicit},
		{f.transparent, "transparent TLS", p.ServeTransparent},
	} {
		if l.addr == "" {
			continue
		}
		ln, err := net.Listen("tcp", l.addr)
		if err != nil {
			return nil, withHint(fmt.Errorf("failed to listen for the %s: %w", l.what, err), "pick another address, e.g. 127.0.0.1:0")
		}
		warnIfExposed(e, ln.Addr(), f.allowPrivate)
		fmt.Fprintf(e.stderr, "pinkit mitm: %s listening on %s\n", l.what, ln.Addr())
		go func() {
			if err := l.serve(ln); err != nil {
				errc <- err
			}
		}()
	}
	return errc, nil
}

func warnIfExposed(e *env, a net.Addr, allowPrivate bool) {
	if ta, ok := a.(*net.TCPAddr); ok && !ta.IP.IsLoopback() {
		fmt.Fprintf(e.stderr, "pinkit: warning: %s is not loopback: anyone who can reach it can use this proxy and read the traffic it decrypts\n", a)
		if allowPrivate {
			fmt.Fprintf(e.stderr, "pinkit: warning: with --allow-private they also reach this machine's own services and its private network through it\n")
		}
	}
}

func writeMatrix(e *env, f *mitmFlags, res mitm.Summary) error {
	if len(res.Hosts) == 0 {
		fmt.Fprintln(e.stderr, "pinkit mitm: no TLS connection was seen")
		fmt.Fprintln(e.stderr, "pinkit: hint: is the device's proxy set to the --listen address, and was the app used while it ran?")
	}
	var err error
	switch f.format {
	case "json":
		err = mitm.WriteJSON(e.stdout, res)
	case "sarif":
		err = mitm.WriteSARIFOptions(e.stdout, res, mitm.SARIFOptions{ToolVersion: version(), Artifact: f.events, OnlyFailing: !f.sarifAll})
	default:
		err = mitm.WriteText(e.stdout, res)
	}
	if err != nil {
		return err
	}
	for _, r := range res.Hosts {
		if r.Verdict.Failing() {
			return exitCodeError{exitFindings}
		}
	}
	return nil
}

// eventSink writes live lines and the JSON Lines file, one event at a time.
type eventSink struct {
	mu     sync.Mutex
	live   io.Writer // nil with --quiet
	events *json.Encoder
}

func newEventSink(e *env, f *mitmFlags) (*eventSink, func(), error) {
	s := &eventSink{}
	if !f.quiet {
		s.live = e.stderr
	}
	if f.events == "" {
		return s, func() {}, nil
	}
	file, err := os.OpenFile(f.events, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to open --events file: %w", err)
	}
	s.events = json.NewEncoder(file)
	return s, func() { file.Close() }, nil
}

func (s *eventSink) write(ev mitm.Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.events != nil {
		_ = s.events.Encode(ev)
	}
	if s.live != nil {
		fmt.Fprintln(s.live, liveLine(ev))
	}
}

// liveLine is the one-line stderr form of an event.
// liveLine renders one event as a line, its peer-chosen parts (SNI, Host
// header, paths, details) escaped by safetext.Escape.
func liveLine(ev mitm.Event) string {
	return safetext.Escape(rawLiveLine(ev))
}

func rawLiveLine(ev mitm.Event) string {
	head := ev.Time.Format("15:04:05") + " " + ev.Mode
	if ev.Conn != 0 {
		head = fmt.Sprintf("%s #%d %s", ev.Time.Format("15:04:05"), ev.Conn, ev.Mode)
	}
	target := ev.Host
	if ev.Port != "" {
		target = net.JoinHostPort(ev.Host, ev.Port)
	}
	switch ev.Kind {
	case mitm.KindHandshake:
		s := fmt.Sprintf("%s %s %-10s %s", head, target, ev.Attack, ev.Outcome)
		if ev.Alert != "" {
			s += " alert=" + ev.Alert
		}
		if ev.Detail != "" {
			s += " (" + ev.Detail + ")"
		}
		return s
	case mitm.KindRequest:
		scheme, port := "https", "443"
		if ev.Cleartext {
			scheme, port = "http", "80"
		}
		if ev.Port == port {
			target = ev.Host
		}
		s := fmt.Sprintf("%s %s %s://%s%s %d", head, ev.Method, scheme, target, ev.Path, ev.Status)
		if ev.Cleartext {
			s += " CLEARTEXT"
		}
		if ev.Detail != "" {
			s += " (" + ev.Detail + ")"
		}
		return s
	case mitm.KindTunnel:
		return fmt.Sprintf("%s %s tunnel: %s", head, target, ev.Detail)
	}
	return fmt.Sprintf("%s %s error: %s", head, ev.Client, ev.Detail)
}

var caFormats = []string{"pem", "der", "android"}

func mitmCACmd(e *env) *cobra.Command {
	ca := &cobra.Command{
		Use:   "ca",
		Short: "Manage the proxy CA",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SetOut(e.stderr)
			_ = cmd.Usage()
			return exitCodeError{exitError}
		},
	}
	var dir, format, out string
	export := &cobra.Command{
		Use:   "export",
		Short: "Print or write the proxy CA certificate (created if missing)",
		Long: `export writes the proxy CA certificate: PEM or DER to stdout (or --out FILE),
or, with --format android, a PEM file named <subject_hash_old>.0 in the --out
directory (default ".") — the name Android's system store
/system/etc/security/cacerts expects — and prints its path.`,
		Example: `  pinkit mitm ca export > pinkit-ca.pem
  pinkit mitm ca export --format der --out pinkit-ca.crt
  pinkit mitm ca export --format android --out /tmp    # /tmp/<hash>.0`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCAExport(e, dir, format, out)
		},
	}
	addCADirFlag(export, &dir)
	export.Flags().StringVarP(&format, "format", "f", "pem", "pem, der or android")
	export.Flags().StringVarP(&out, "out", "o", "", "output file (pem, der) or directory (android)")
	_ = export.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(caFormats, cobra.ShellCompDirectiveNoFileComp))
	ca.AddCommand(export)
	return ca
}

func runCAExport(e *env, dir, format, out string) error {
	if !slices.Contains(caFormats, format) {
		return fmt.Errorf("unknown --format %q, want one of %s", format, strings.Join(caFormats, ", "))
	}
	ca, err := loadCA(e, dir)
	if err != nil {
		return err
	}
	data := ca.PEM()
	switch format {
	case "der":
		data = ca.DER()
	case "android":
		if out == "" {
			out = "."
		}
		if err := os.MkdirAll(out, 0o755); err != nil {
			return fmt.Errorf("failed to create --out directory: %w", err)
		}
		path := filepath.Join(out, ca.AndroidName())
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return fmt.Errorf("failed to write the Android CA file: %w", err)
		}
		fmt.Fprintln(e.stdout, path)
		return nil
	}
	if out == "" {
		_, err = e.stdout.Write(data)
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("failed to create the folder of --out: %w", err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return fmt.Errorf("failed to write the CA: %w", err)
	}
	return nil
}
