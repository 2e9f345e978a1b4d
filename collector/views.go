package collector

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// chartData is what app.js draws: the timeline as uPlot columns (unix
// seconds, one series per verdict).
type chartData struct {
	Times    []int64            `json:"times"`
	Verdicts []string           `json:"verdicts"`
	Series   map[string][]int64 `json:"series"`
}

func newChartData(st *Stats) chartData {
	c := chartData{Times: []int64{}, Series: map[string][]int64{}}
	for _, v := range Verdicts {
		c.Verdicts = append(c.Verdicts, string(v))
		c.Series[string(v)] = []int64{}
	}
	for _, p := range st.Timeline {
		c.Times = append(c.Times, p.Time.Unix())
		for _, v := range Verdicts {
			c.Series[string(v)] = append(c.Series[string(v)], p.Verdicts[v])
		}
	}
	return c
}

// bar is one row of an HTML bar chart: its own line, so labels never
// overlap.
type bar struct {
	Key   string
	Count int64
	Pct   int // width relative to the largest, 1–100
}

func bars(cs []Count) []bar {
	var top int64 = 1
	for _, c := range cs {
		top = max(top, c.Count)
	}
	out := make([]bar, 0, len(cs))
	for _, c := range cs {
		key := c.Key
		if key == "" {
			key = "(unknown)"
		}
		out = append(out, bar{key, c.Count, int(max(1, c.Count*100/top))})
	}
	return out
}

// filters are the dashboard's form fields, echoed back into the form.
type filters struct {
	Since, Until, Host, App, Verdict string
	Verdicts                         []Verdict
	Ranges                           []string
}

// signedIn checks the dashboard's credentials, handling ?token= and the
// login page; it returns false when it answered the request.
func (h *Handler) signedIn(w http.ResponseWriter, r *http.Request) bool {
	if tok := r.URL.Query().Get("token"); tok != "" {
		if !h.auth.tokenOK(tok) {
			h.loginPage(w, http.StatusUnauthorized, true)
			return false
		}
		h.auth.setSession(w, r)
		q := r.URL.Query()
		q.Del("token")
		http.Redirect(w, r, (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String(), http.StatusSeeOther)
		return false
	}
	if !h.auth.bearer(r) && !h.auth.cookie(r) {
		h.loginPage(w, http.StatusUnauthorized, false)
		return false
	}
	return true
}

// dashboard serves "/". A browser signs in once with ?token= (the token is
// then swapped for an HttpOnly, SameSite=Strict cookie and the URL is
// cleaned by a redirect) or with the login form; API clients may send the
// bearer token. The filters are query parameters set by the page's form.
func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	setPageHeaders(w)
	if !h.signedIn(w, r) {
		return
	}
	q := r.URL.Query()
	f := filters{Since: q.Get("since"), Until: q.Get("until"), Host: q.Get("host"), App: q.Get("app"), Verdict: q.Get("verdict"),
		Verdicts: Verdicts, Ranges: []string{"1h", "24h", "168h", "720h", "2160h"}}
	if f.Since == "" {
		f.Since = "168h"
		q.Set("since", f.Since)
		r.URL.RawQuery = q.Encode()
	}
	sq, err := h.statsQuery(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if q.Get("bucket") == "" && !sq.Since.IsZero() {
		// About 60 points whatever the range: a readable line, not spikes.
		sq.Bucket = max(time.Hour, sq.Until.Sub(sq.Since)/60).Truncate(time.Hour)
	}
	st, err := h.cfg.Store.Stats(r.Context(), sq)
	if err != nil {
		h.log.Error("store error", "path", r.URL.Path, "err", err)
		http.Error(w, "storage error", http.StatusInternalServerError)
		return
	}
	hosts, err := h.cfg.Store.Hosts(r.Context(), sq)
	if err != nil {
		h.log.Error("store error", "path", r.URL.Path, "err", err)
		http.Error(w, "storage error", http.StatusInternalServerError)
		return
	}
	page, err := h.cfg.Store.List(r.Context(), Query{Host: sq.Host, App: sq.App, Verdict: sq.Verdict, Since: sq.Since, Until: sq.Until, Limit: 50})
	if err != nil {
		h.log.Error("store error", "path", r.URL.Path, "err", err)
		http.Error(w, "storage error", http.StatusInternalServerError)
		return
	}
	data := struct {
		Stats    *Stats
		Hosts    []HostSummary
		Recent   []*Report
		Chart    chartData
		Issuers  []bar
		Versions []bar
		Verdicts []bar
		F        filters
		Now      time.Time
	}{st, hosts, page.Reports, newChartData(st), bars(st.Issuers), bars(st.AppVersions), bars(st.Verdicts), f, h.cfg.Now()}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	h.dash.tmpl.ExecuteTemplate(w, "index.html", data)
}

// getReport serves one report as JSON.
func (h *Handler) getReport(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusBadRequest, "id", "invalid report id")
		return
	}
	rep, err := h.cfg.Store.Get(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		writeError(w, http.StatusNotFound, "", "no such report")
		return
	}
	if err != nil {
		h.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// certView is one decoded certificate of the detail page.
type certView struct {
	Subject, Issuer, Pin string
	NotBefore, NotAfter  time.Time
	Pinned, Expired      bool
	Err                  string
}

func decodeChain(chain []string, pins map[string]bool, at time.Time) []certView {
	out := make([]certView, 0, len(chain))
	for _, s := range chain {
		block, _ := pem.Decode([]byte(s))
		if block == nil || block.Type != "CERTIFICATE" {
			out = append(out, certView{Err: "not a PEM certificate"})
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			out = append(out, certView{Err: "unparsable certificate"})
			continue
		}
		pin := spkiPin(c)
		out = append(out, certView{Subject: c.Subject.String(), Issuer: c.Issuer.String(), Pin: "sha256/" + pin,
			NotBefore: c.NotBefore.UTC(), NotAfter: c.NotAfter.UTC(), Pinned: pins[pin], Expired: at.After(c.NotAfter) || at.Before(c.NotBefore)})
	}
	return out
}

// pinView is one known pin and whether a served or validated key matched.
type pinView struct {
	Pin     string
	Matched bool
}

// reportPage serves the detail view of one report.
func (h *Handler) reportPage(w http.ResponseWriter, r *http.Request) {
	setPageHeaders(w)
	if !h.signedIn(w, r) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		http.Error(w, "invalid report id", http.StatusBadRequest)
		return
	}
	rep, err := h.cfg.Store.Get(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		http.Error(w, "no such report", http.StatusNotFound)
		return
	}
	if err != nil {
		h.log.Error("store error", "path", r.URL.Path, "err", err)
		http.Error(w, "storage error", http.StatusInternalServerError)
		return
	}
	known := pinSet(rep.KnownPins)
	served := decodeChain(rep.ServedChain, known, rep.Date)
	validated := decodeChain(rep.ValidatedChain, known, rep.Date)
	seen := map[string]bool{}
	for _, c := range append(append([]certView{}, served...), validated...) {
		seen[c.Pin] = true
	}
	var pins []pinView
	for _, p := range rep.KnownPins {
		m := false
		for k := range pinSet([]string{p}) {
			m = seen["sha256/"+k]
		}
		pins = append(pins, pinView{p, m})
	}
	raw, _ := json.MarshalIndent(rep, "", "  ")
	data := struct {
		R                 *Report
		Served, Validated []certView
		Pins              []pinView
		Raw               string
	}{rep, served, validated, pins, string(raw)}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	h.dash.tmpl.ExecuteTemplate(w, "report.html", data)
}
