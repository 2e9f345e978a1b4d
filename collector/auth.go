package collector

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strings"
)

// SessionCookie is the dashboard's cookie. It holds a value derived from
// the token, never the token itself.
const SessionCookie = "pinkit_session"

// auth checks bearer tokens and dashboard sessions.
type auth struct {
	token   []byte
	session string
}

func newAuth(token string) *auth {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("pinkit dashboard session v1"))
	return &auth{token: []byte(token), session: base64.RawURLEncoding.EncodeToString(m.Sum(nil))}
}

func (a *auth) tokenOK(s string) bool {
	return subtle.ConstantTimeCompare([]byte(s), a.token) == 1
}

// bearer accepts "Authorization: Bearer <token>".
func (a *auth) bearer(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	return ok && a.tokenOK(strings.TrimSpace(tok))
}

// cookie accepts the dashboard session cookie.
func (a *auth) cookie(r *http.Request) bool {
	c, err := r.Cookie(SessionCookie)
	return err == nil && subtle.ConstantTimeCompare([]byte(c.Value), []byte(a.session)) == 1
}

// setSession gives the browser its session cookie.
func (a *auth) setSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: a.session, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: 30 * 24 * 3600,
	})
}

// requireBearer wraps an API handler; the dashboard cookie also works so
// that the page's own scripts may call the API.
func (a *auth) requireBearer(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !a.bearer(r) && !a.cookie(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="pinkit"`)
			writeError(w, http.StatusUnauthorized, "", "missing or wrong bearer token")
			return
		}
		next(w, r)
	}
}

// NewToken returns a random 256-bit token, URL-safe base64.
func NewToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("failed to generate token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// LoadOrCreateToken reads the token stored at path, or generates one and
// stores it there with mode 0600. created is true when it was generated.
func LoadOrCreateToken(path string) (token string, created bool, err error) {
	b, err := os.ReadFile(path)
	if err == nil {
		tok := strings.TrimSpace(string(b))
		if tok == "" {
			return "", false, fmt.Errorf("failed to read token: %s is empty", path)
		}
		return tok, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", false, fmt.Errorf("failed to read token: %w", err)
	}
	tok, err := NewToken()
	if err != nil {
		return "", false, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", false, fmt.Errorf("failed to store token: %w", err)
	}
	_, err = f.WriteString(tok + "\n")
	if err = errors.Join(err, f.Close()); err != nil {
		return "", false, fmt.Errorf("failed to store token: %w", err)
	}
	return tok, true, nil
}
