package collector

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
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
	// Now replaces time.Now (tests).
	Now func() time.Time
}

// Handler serves the collector's HTTP API and dashboard:
//
//	POST /v1/reports   a failure report, any accepted format (no auth)
//	GET  /v1/reports   stored reports (bearer token)
//	GET  /v1/stats     aggregates (bearer token)
//	GET  /             dashboard (token: bearer, ?token= once, or login form)
//	GET  /healthz      liveness
type Handler struct {
	cfg   Config
	auth  *auth
	limit *limiter
	mux   *http.ServeMux
	dash  *dashboard
	iss   *issuerCache
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
	h := &Handler{cfg: cfg, auth: newAuth(cfg.Token), limit: newLimiter(cfg.Rate, cfg.Burst, cfg.Now), mux: http.NewServeMux(), dash: dash, iss: newIssuerCache()}
	h.mux.HandleFunc("POST /v1/reports", h.postReport)
	h.mux.HandleFunc("GET /v1/reports", h.auth.requireBearer(h.listReports))
	h.mux.HandleFunc("GET /v1/stats", h.auth.requireBearer(h.stats))
	h.mux.HandleFunc("GET /{$}", h.dashboard)
	h.mux.HandleFunc("POST /login", h.login)
	h.mux.Handle("GET /static/", dash.static)
	h.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	return h, nil
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
		w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		writeError(w, http.StatusTooManyRequests, "", "rate limit exceeded")
		return
	}
	if r.ContentLength > MaxBodyBytes {
		writeError(w, http.StatusRequestEntityTooLarge, "", fmt.Sprintf("body larger than %d bytes", MaxBodyBytes))
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, "", fmt.Sprintf("body larger than %d bytes", MaxBodyBytes))
			return
		}
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
		writeError(w, http.StatusBadRequest, field, err.Error())
		return
	}
	added, err := h.cfg.Store.Add(r.Context(), rep)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "", "failed to store report")
		return
	}
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
		writeError(w, http.StatusBadRequest, "cursor", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	st, err := h.statsFor(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// statsFor runs Stats with the since/until/bucket query parameters.
func (h *Handler) statsFor(r *http.Request) (*Stats, error) {
	q := r.URL.Query()
	var sq StatsQuery
	var err error
	if sq.Since, err = parseTimeParam(q.Get("since")); err != nil {
		return nil, fmt.Errorf("since: %w", err)
	}
	if sq.Until, err = parseTimeParam(q.Get("until")); err != nil {
		return nil, fmt.Errorf("until: %w", err)
	}
	if b := q.Get("bucket"); b != "" {
		if sq.Bucket, err = time.ParseDuration(b); err != nil {
			return nil, fmt.Errorf("bucket: %w", err)
		}
	}
	if sq.Until.IsZero() {
		sq.Until = h.cfg.Now().Add(time.Minute)
	}
	return h.cfg.Store.Stats(r.Context(), sq)
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
