package collector

import (
	"html/template"
	"net/http"

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
