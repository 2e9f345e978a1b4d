package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
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
	return cmd
}

func runCollect(ctx context.Context, e *env, f collectFlags) error {
	if os.Getenv("GOGC") == "" {
		// The live heap is small (queued reports and request bodies) and the
		// garbage per report large: collecting less often saves ~15% CPU at
		// high rates (bench/RESULTS-collect.md). GOGC overrides it.
		debug.SetGCPercent(400)
	}
	token, err := collectToken(e, f)
	if err != nil {
		return err
	}
	if len(token) < 16 {
		return withHint(errors.New("token shorter than 16 characters"), "omit --token and PINKIT_TOKEN to have one generated")
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return withHint(fmt.Errorf("failed to listen: %w", err), "choose another address with --listen")
	}
	defer ln.Close()
	store, err := collector.Open(ctx, f.db)
	if err != nil {
		return withHint(fmt.Errorf("failed to open database %s: %w", redactDSN(f.db), err), "check --db")
	}
	defer store.Close()
	h, err := collector.NewHandler(collector.Config{Store: store, Token: token, Rate: f.rate, Burst: f.burst, ClientIPHeader: f.ipHeader})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	fmt.Fprintf(e.stdout, "pinkit collect: listening on http://%s (db %s)\n", ln.Addr(), redactDSN(f.db))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("failed to serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(e.stdout, "pinkit collect: shutting down, draining in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), f.drain)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("failed to shut down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("failed to serve: %w", err)
	}
	return store.Close()
}

// collectToken picks the token: flag, environment, then the token file,
// generating and printing it once when the file does not exist.
func collectToken(e *env, f collectFlags) (string, error) {
	if f.token != "" {
		return f.token, nil
	}
	if t := os.Getenv("PINKIT_TOKEN"); t != "" {
		return t, nil
	}
	path := f.tokenFile
	if path == "" {
		path = f.db + ".token"
		if collector.IsPostgres(f.db) {
			path = "pinkit-collect.token"
		}
	}
	tok, created, err := collector.LoadOrCreateToken(path)
	if err != nil {
		return "", err
	}
	if created {
		abs, _ := filepath.Abs(path)
		fmt.Fprintf(e.stdout, "pinkit collect: generated a token (stored in %s, mode 0600):\n%s\n", abs, tok)
	}
	return tok, nil
}

// redactDSN hides a PostgreSQL password in the startup line.
func redactDSN(dsn string) string {
	if !collector.IsPostgres(dsn) {
		return dsn
	}
	return collector.RedactDSN(dsn)
}
