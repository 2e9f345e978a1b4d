package collector

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config configures NewHandler.
type Config struct {
	// Store keeps the reports. Required.
	Store Store
	// Token guards GET /v1/reports, GET /v1/stats and the dashboard.
	// Required: there is no unauthenticated read access.
	Token string
	// Rate is how many reports per second one client may send on average
	// (token bucket), and Burst how many at once. Rate 0 disables the limit.
	// Clients are told apart by their remote IP address.
	Rate  float64
	Burst int
	// ClientIPHeader, when set (e.g. "X-Forwarded-For"), takes the client
	// address for rate limiting from the last entry of that header — the
	// one the trusted load balancer in front appended. Leave it empty when
	// clients connect directly: they could forge it.
	ClientIPHeader string
	// Verifier judges each report (verdict). Nil: the system's roots.
	Verifier *Verifier
	// Logger receives storage errors. Nil: slog.Default().
	Logger *slog.Logger
	// Now replaces time.Now (tests).
	Now func() time.Time
}

// Handler serves the collector's HTTP API and dashboard:
//
//	POST /v1/reports   a failure report, any accepted format (no auth)
//	GET  /v1/reports   stored reports (bearer token)
//	GET  /v1/reports/{id}  one report (bearer token)
//	GET  /v1/stats     aggregates (bearer token)
//	GET  /v1/hosts     per-host summaries (bearer token)
//	GET  /metrics      Prometheus metrics (bearer token)
//	GET  /             dashboard (token: bearer, ?token= once, or login form)
//	GET  /reports/{id} a report's detail page (as the dashboard)
//	GET  /healthz      liveness and a store query (503 when it fails)
type Handler struct {
	cfg   Config
	auth  *auth
	limit *limiter
	mux   *http.ServeMux
	dash  *dashboard
	iss   *issuerCache
	ver   *Verifier
	log   *slog.Logger
	met   *metrics
}

// NewHandler returns the collector's handler.
func NewHandler(cfg Config) (*Handler, error) {
	if cfg.Store == nil {
		return nil, errors.New("failed to create handler: no store")
	}
	if len(cfg.Token) < 16 {
		return nil, errors.New("failed to create handler: token shorter than 16 characters")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	dash, err := newDashboard()
	if err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Verifier == nil {
		roots, name, err := LoadRoots("")
		if err != nil {
			return nil, fmt.Errorf("failed to create handler: %w", err)
		}
		cfg.Verifier = NewVerifier(roots, name)
	}
	if err := loadHistory(cfg.Store, cfg.Verifier); err != nil {
		return nil, err
	}
	h := &Handler{cfg: cfg, auth: newAuth(cfg.Token), limit: newLimiter(cfg.Rate, cfg.Burst, cfg.Now), mux: http.NewServeMux(),
		dash: dash, iss: newIssuerCache(), ver: cfg.Verifier, log: cfg.Logger, met: newMetrics()}
	h.mux.HandleFunc("POST /v1/reports", h.postReport)
	h.mux.HandleFunc("GET /v1/reports", h.auth.requireBearer(h.listReports))
	h.mux.HandleFunc("GET /v1/reports/{id}", h.auth.requireBearer(h.getReport))
	h.mux.HandleFunc("GET /v1/stats", h.auth.requireBearer(h.stats))
	h.mux.HandleFunc("GET /v1/hosts", h.auth.requireBearer(h.hosts))
	h.mux.Handle("GET /metrics", h.auth.requireBearer(h.met.handler().ServeHTTP))
	h.mux.HandleFunc("GET /{$}", h.dashboard)
	h.mux.HandleFunc("GET /reports/{id}", h.reportPage)
	h.mux.HandleFunc("POST /login", h.login)
	h.mux.Handle("GET /static/", dash.static)
	h.mux.HandleFunc("GET /healthz", h.healthz)
	return h, nil
}

// loadHistory seeds the verifier with the stored host × CA history.
func loadHistory(s Store, v *Verifier) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	hist, err := s.HostIssuers(ctx)
	if err != nil {
		return fmt.Errorf("failed to create handler: %w", err)
	}
	for host, keys := range hist {
		for _, k := range keys {
			v.Learn(host, k)
		}
	}
	return nil
}

// healthz answers ok only when the store answers a query.
func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := h.cfg.Store.Ping(ctx); err != nil {
		h.log.Error("health check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "store unavailable\n")
		return
	}
	io.WriteString(w, "ok\n")
}

// storeError answers a failed store call with 500 and logs it; the
// client learns nothing about the database.
func (h *Handler) storeError(w http.ResponseWriter, r *http.Request, err error) {
	h.log.Error("store error", "method", r.Method, "path", r.URL.Path, "err", err)
	code := http.StatusInternalServerError
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, errClosed) {
		code = http.StatusServiceUnavailable
	}
	writeError(w, code, "", "storage error")
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	h.mux.ServeHTTP(w, r)
}

// clientKey is the rate limiting key: the remote IP, or the last entry of
// the configured proxy header.
func (h *Handler) clientKey(r *http.Request) string {
	if h.cfg.ClientIPHeader != "" {
		if v := r.Header.Values(h.cfg.ClientIPHeader); len(v) > 0 {
			parts := strings.Split(v[len(v)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (h *Handler) postReport(w http.ResponseWriter, r *http.Request) {
	if ok, wait := h.limit.allow(h.clientKey(r)); !ok {
		h.met.rejected.WithLabelValues("rate_limited").Inc()
		w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		writeError(w, http.StatusTooManyRequests, "", "rate limit exceeded")
		return
	}
	if r.ContentLength > MaxBodyBytes {
		h.met.rejected.WithLabelValues("too_large").Inc()
		writeError(w, http.StatusRequestEntityTooLarge, "", fmt.Sprintf("body larger than %d bytes", MaxBodyBytes))
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			h.met.rejected.WithLabelValues("too_large").Inc()
			writeError(w, http.StatusRequestEntityTooLarge, "", fmt.Sprintf("body larger than %d bytes", MaxBodyBytes))
			return
		}
		h.met.rejected.WithLabelValues("unreadable").Inc()
		writeError(w, http.StatusBadRequest, "", "failed to read body")
		return
	}
	rep, err := decode(body, h.cfg.Now(), h.iss)
	if err != nil {
		var fe *FieldError
		errors.As(err, &fe)
		field := ""
		if fe != nil {
			field = fe.Field
		}
		h.met.rejected.WithLabelValues("malformed").Inc()
		writeError(w, http.StatusBadRequest, field, err.Error())
		return
	}
	rep.learned = h.ver.Judge(rep)
	start := time.Now()
	added, err := h.cfg.Store.Add(r.Context(), rep)
	h.met.storeLatency.Observe(time.Since(start).Seconds())
	if err != nil {
		h.met.rejected.WithLabelValues("store_error").Inc()
		h.log.Error("failed to store report", "err", err)
		writeError(w, http.StatusServiceUnavailable, "", "failed to store report")
		return
	}
	h.met.accepted(rep.Verdict, added.Duplicate)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	b := strconv.AppendInt(append(make([]byte, 0, 48), `{"id":`...), added.ID, 10)
	b = strconv.AppendBool(append(b, `,"duplicate":`...), added.Duplicate)
	w.Write(append(b, "}\n"...))
}

// readBody reads at most MaxBodyBytes, sized up front from Content-Length.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	size := 4096
	if r.ContentLength > 0 {
		size = int(r.ContentLength) + 1 // +1 so that ReadFrom sees EOF without growing
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	return buf.Bytes(), err
}

func (h *Handler) listReports(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	query := Query{Host: q.Get("host"), App: q.Get("app"), Cursor: q.Get("cursor")}
	var err error
	if query.Verdict, err = parseVerdict(q.Get("verdict")); err != nil {
		writeError(w, http.StatusBadRequest, "verdict", err.Error())
		return
	}
	if c := query.Cursor; c != "" {
		if id, err := strconv.ParseInt(c, 10, 64); err != nil || id <= 0 {
			writeError(w, http.StatusBadRequest, "cursor", fmt.Sprintf("invalid cursor %q", c))
			return
		}
	}
	if query.Since, err = parseTimeParam(q.Get("since")); err != nil {
		writeError(w, http.StatusBadRequest, "since", err.Error())
		return
	}
	if query.Until, err = parseTimeParam(q.Get("until")); err != nil {
		writeError(w, http.StatusBadRequest, "until", err.Error())
		return
	}
	if s := q.Get("limit"); s != "" {
		if query.Limit, err = strconv.Atoi(s); err != nil || query.Limit < 1 {
			writeError(w, http.StatusBadRequest, "limit", "limit must be a positive integer")
			return
		}
	}
	page, err := h.cfg.Store.List(r.Context(), query)
	if err != nil {
		h.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	sq, err := h.statsQuery(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "", err.Error())
		return
	}
	st, err := h.cfg.Store.Stats(r.Context(), sq)
	if err != nil {
		h.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (h *Handler) hosts(w http.ResponseWriter, r *http.Request) {
	sq, err := h.statsQuery(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "", err.Error())
		return
	}
	hs, err := h.cfg.Store.Hosts(r.Context(), sq)
	if err != nil {
		h.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"hosts": hs})
}

// statsQuery reads the since/until/bucket/host/app/verdict parameters.
func (h *Handler) statsQuery(r *http.Request) (StatsQuery, error) {
	q := r.URL.Query()
	sq := StatsQuery{Host: q.Get("host"), App: q.Get("app")}
	var err error
	if sq.Verdict, err = parseVerdict(q.Get("verdict")); err != nil {
		return sq, fmt.Errorf("verdict: %w", err)
	}
	if sq.Since, err = parseTimeParam(q.Get("since")); err != nil {
		return sq, fmt.Errorf("since: %w", err)
	}
	if sq.Until, err = parseTimeParam(q.Get("until")); err != nil {
		return sq, fmt.Errorf("until: %w", err)
	}
	if b := q.Get("bucket"); b != "" {
		if sq.Bucket, err = time.ParseDuration(b); err != nil {
			return sq, fmt.Errorf("bucket: %w", err)
		}
	}
	if sq.Until.IsZero() {
		sq.Until = h.cfg.Now().Add(time.Minute)
	}
	return sq, nil
}

// parseVerdict accepts "" (no filter) or one of Verdicts.
func parseVerdict(s string) (Verdict, error) {
	if s == "" || slices.Contains(Verdicts, Verdict(s)) {
		return Verdict(s), nil
	}
	return "", fmt.Errorf("%q is not a verdict (interception, rotation, misconfiguration, unknown)", s)
}

// parseTimeParam accepts RFC 3339 or a duration back from now ("24h").
func parseTimeParam(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		return time.Now().Add(-d), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither RFC 3339 nor a duration", s)
	}
	return t, nil
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, code int, field, msg string) {
	body := map[string]string{"error": msg}
	if field != "" {
		body["field"] = field
	}
	writeJSON(w, code, body)
}
