package collector

import (
	"html/template"
	"net/http"
	"time"

	"github.com/pinkit/pinkit/collector/web"
)

// dashboard renders the HTML pages.
type dashboard struct {
	tmpl   *template.Template
	static http.Handler
}

func newDashboard() (*dashboard, error) {
	t, err := web.Templates()
	if err != nil {
		return nil, err
	}
	return &dashboard{tmpl: t, static: web.Static()}, nil
}

// chartData is what app.js draws: the timeline as uPlot columns (unix
// seconds) and the served issuers as bars.
type chartData struct {
	Times        []int64  `json:"times"`
	Counts       []int64  `json:"counts"`
	Issuers      []string `json:"issuers"`
	IssuerCounts []int64  `json:"issuerCounts"`
}

func newChartData(st *Stats) chartData {
	c := chartData{Times: []int64{}, Counts: []int64{}, Issuers: []string{}, IssuerCounts: []int64{}}
	for _, p := range st.Timeline {
		c.Times = append(c.Times, p.Time.Unix())
		c.Counts = append(c.Counts, p.Count)
	}
	for _, is := range st.Issuers {
		name := is.Key
		if name == "" {
			name = "(unknown)"
		}
		c.Issuers = append(c.Issuers, name)
		c.IssuerCounts = append(c.IssuerCounts, is.Count)
	}
	return c
}

// dashboard serves "/". A browser signs in once with ?token= (the token is
// then swapped for an HttpOnly, SameSite=Strict cookie and the URL is
// cleaned by a redirect) or with the login form; API clients may send the
// bearer token.
func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	setPageHeaders(w)
	if tok := r.URL.Query().Get("token"); tok != "" {
		if !h.auth.tokenOK(tok) {
			h.loginPage(w, http.StatusUnauthorized, true)
			return
		}
		h.auth.setSession(w, r)
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if !h.auth.bearer(r) && !h.auth.cookie(r) {
		h.loginPage(w, http.StatusUnauthorized, false)
		return
	}
	st, err := h.statsFor(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	page, err := h.cfg.Store.List(r.Context(), Query{Limit: 50})
	if err != nil {
		http.Error(w, "failed to list reports", http.StatusServiceUnavailable)
		return
	}
	data := struct {
		Stats  *Stats
		Recent []*Report
		Chart  chartData
		Now    time.Time
	}{st, page.Reports, newChartData(st), h.cfg.Now()}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	h.dash.tmpl.ExecuteTemplate(w, "index.html", data)
}

// login checks the form's token and sets the session cookie.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	setPageHeaders(w)
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	if err := r.ParseForm(); err != nil || !h.auth.tokenOK(r.PostForm.Get("token")) {
		h.loginPage(w, http.StatusUnauthorized, true)
		return
	}
	h.auth.setSession(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (h *Handler) loginPage(w http.ResponseWriter, code int, failed bool) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	h.dash.tmpl.ExecuteTemplate(w, "login.html", struct{ Failed bool }{failed})
}

func setPageHeaders(w http.ResponseWriter) {
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "+
		"img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
}
