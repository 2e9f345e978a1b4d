package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/pinkit/pinkit/collector"
	"github.com/spf13/cobra"
)

const collectExamples = `  pinkit collect                                   SQLite in ./pinkit-reports.db, 127.0.0.1:8787
  pinkit collect --db /var/lib/pinkit/reports.db --listen 127.0.0.1:9000
  PINKIT_TOKEN=... pinkit collect --db postgres://pinkit@db/pinkit   shared PostgreSQL (scale-out)
  curl -H "Authorization: Bearer $PINKIT_TOKEN" http://127.0.0.1:8787/v1/stats
  open http://127.0.0.1:8787/?token=$PINKIT_TOKEN   dashboard (sets a cookie, then drops the token from the URL)`

// collectFlags are the collect verb's options.
type collectFlags struct {
	listen    string
	db        string
	token     string
	tokenFile string
	rate      float64
	burst     int
	drain     time.Duration
	ipHeader  string
	roots     string
	retention time.Duration
	maxConns  int
	perClient int
}

func collectCmd(e *env) *cobra.Command {
	var f collectFlags
	cmd := &cobra.Command{
		Use:   "collect",
		Short: "Receive pin-failure reports and serve a dashboard",
		Long: `collect receives pin validation failure reports (RFC 7469, TrustKit iOS/Android,
pinkit) on POST /v1/reports, stores them in SQLite or PostgreSQL, and serves
GET /v1/reports, GET /v1/stats and a dashboard at / behind a bearer token.

The token comes from --token, else PINKIT_TOKEN, else the token file
(default: next to the SQLite database, "<db>.token"; for PostgreSQL
"./pinkit-collect.token"). When none exists one is generated, stored with
mode 0600 and printed once.`,
		Example: collectExamples,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, syscall.SIGINT)
			defer stop()
			return runCollect(ctx, e, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", "127.0.0.1:8787", "address to listen on")
	fl.StringVar(&f.db, "db", "pinkit-reports.db", "SQLite file or postgres:// URL")
	fl.StringVar(&f.token, "token", "", "bearer token for reading (default $PINKIT_TOKEN or the token file)")
	fl.StringVar(&f.tokenFile, "token-file", "", `where a generated token is kept (default "<db>.token")`)
	fl.Float64Var(&f.rate, "rate", 20, "reports per second per client IP (token bucket; 0 disables)")
	fl.IntVar(&f.burst, "burst", 100, "token bucket size per client IP")
	fl.StringVar(&f.ipHeader, "client-ip-header", "", `behind a load balancer: take the client IP from this header's last entry (e.g. "X-Forwarded-For")`)
	fl.DurationVar(&f.drain, "shutdown-timeout", 30*time.Second, "how long SIGTERM waits for in-flight requests")
	fl.StringVar(&f.roots, "roots", "", "PEM file of public roots that verdicts validate served chains against (default: the system's)")
	fl.Var(&retentionValue{&f.retention}, "retention", `delete reports last seen longer ago than this ("90d", "2160h"; default: keep all)`)
	fl.IntVar(&f.maxConns, "max-conns", 4096, "connections held open at most (idle keep-alives are closed first when full)")
	fl.IntVar(&f.perClient, "max-conns-per-client", 64, "connections one client IP may hold open")
	return cmd
}

func runCollect(ctx context.Context, e *env, f collectFlags) error {
	if os.Getenv("GOGC") == "" {
		// The live heap is small (queued reports and request bodies) and the
		// garbage per report large: collecting less often saves ~15% CPU at
		// high rates (bench/RESULTS-collect.md). GOGC overrides it.
		debug.SetGCPercent(400)
	}
	// Read (never create) the token first, check the address, roots and
	// database, and only then write a generated token file.
	token, tokenPath, err := readCollectToken(f)
	if err != nil {
		return err
	}
	if token != "" && len(token) < 16 {
		return withHint(errors.New("token shorter than 16 characters"), "omit --token and PINKIT_TOKEN to have one generated")
	}
	if f.maxConns < 1 || f.perClient < 1 {
		return errors.New("--max-conns and --max-conns-per-client must be at least 1")
	}
	roots, rootsName, err := collector.LoadRoots(f.roots)
	if err != nil {
		return withHint(err, "check --roots")
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return withHint(fmt.Errorf("failed to listen: %w", err), "choose another address with --listen")
	}
	cl := collector.NewConnLimiter(ln, f.maxConns, f.perClient)
	defer cl.Close()
	store, err := collector.Open(ctx, f.db)
	if err != nil {
		return withHint(fmt.Errorf("failed to open database %s: %w", redactDSN(f.db), err), "check --db")
	}
	defer store.Close()
	if token == "" {
		if token, err = createCollectToken(e, tokenPath); err != nil {
			return err
		}
	}
	h, err := collector.NewHandler(collector.Config{Store: store, Token: token, Rate: f.rate, Burst: f.burst, ClientIPHeader: f.ipHeader,
		Verifier: collector.NewVerifier(roots, rootsName)})
	if err != nil {
		return err
	}
	if f.retention > 0 {
		go collector.RunRetention(ctx, store, f.retention, time.Hour, slog.Default())
	}
	fmt.Fprintf(e.stdout, "pinkit collect: listening on http://%s (db %s, roots %s)\n", ln.Addr(), redactDSN(f.db), rootsName)
	if err := serveCollect(ctx, e, h, cl, f.drain); err != nil {
		return err
	}
	return store.Close()
}

// serveCollect serves h on cl with every http.Server timeout set until ctx
// ends, then drains in-flight requests for at most drain.
func serveCollect(ctx context.Context, e *env, h http.Handler, cl *collector.ConnLimiter, drain time.Duration) error {
	srv := &http.Server{
		ConnState:         cl.ConnState,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(cl) }()
	select {
	case err := <-errc:
		return fmt.Errorf("failed to serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(e.stdout, "pinkit collect: shutting down, draining in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("failed to shut down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("failed to serve: %w", err)
	}
	return nil
}

// collectToken picks the token: flag, environment, then the token file,
// generating and printing it once when the file does not exist.
func collectToken(e *env, f collectFlags) (string, error) {
	tok, path, err := readCollectToken(f)
	if err != nil || tok != "" {
		return tok, err
	}
	return createCollectToken(e, path)
}

// readCollectToken returns the token from the flag, the environment or
// an existing token file, else "" and the path to store a generated one.
func readCollectToken(f collectFlags) (tok, path string, err error) {
	if f.token != "" {
		return f.token, "", nil
	}
	if t := os.Getenv("PINKIT_TOKEN"); t != "" {
		return t, "", nil
	}
	path = f.tokenFile
	if path == "" {
		path = f.db + ".token"
		if collector.IsPostgres(f.db) {
			path = "pinkit-collect.token"
		}
	}
	tok, err = collector.LoadToken(path)
	if err != nil {
		return "", "", withHint(err, "fix the token file's owner and mode, or pass --token-file")
	}
	return tok, path, nil
}

// createCollectToken generates the token, stores it at path and prints it.
func createCollectToken(e *env, path string) (string, error) {
	tok, err := collector.CreateToken(path)
	if err != nil {
		return "", err
	}
	abs, _ := filepath.Abs(path)
	fmt.Fprintf(e.stdout, "pinkit collect: generated a token (stored in %s, mode 0600):\n%s\n", abs, tok)
	return tok, nil
}

// retentionValue parses --retention: a Go duration or a number of days
// ("90d").
type retentionValue struct{ d *time.Duration }

func (v *retentionValue) String() string {
	if v.d == nil || *v.d == 0 {
		return ""
	}
	return v.d.String()
}

func (v *retentionValue) Set(s string) error {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 1 {
			return fmt.Errorf("%q is not a number of days", s)
		}
		*v.d = time.Duration(n) * 24 * time.Hour
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return fmt.Errorf("%q is neither a duration nor a number of days", s)
	}
	*v.d = d
	return nil
}

func (v *retentionValue) Type() string { return "duration" }

// redactDSN hides a PostgreSQL password in the startup line.
func redactDSN(dsn string) string {
	if !collector.IsPostgres(dsn) {
		return dsn
	}
	return collector.RedactDSN(dsn)
}
