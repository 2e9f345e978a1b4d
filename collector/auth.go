package collector

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
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

// LoadToken reads the token stored at path; it returns "" and no error
// when there is no such file. A token file that is group- or
// world-writable, or not owned by the running user, is refused: whoever
// can change it can read every report.
func LoadToken(path string) (string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("failed to read token: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("failed to read token: %w", err)
	}
	if err := checkTokenFile(path, fi); err != nil {
		return "", err
	}
	b, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return "", fmt.Errorf("failed to read token: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("failed to read token: %s is empty", path)
	}
	return tok, nil
}

// checkTokenFile refuses a token file others may write.
func checkTokenFile(path string, fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("failed to read token: %s is not a regular file", path)
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("failed to read token: %s is writable by group or others (mode %04o); run chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	if uid, ok := fileOwner(fi); ok && uid != os.Getuid() {
		return fmt.Errorf("failed to read token: %s is owned by uid %d, not by the running user (uid %d)", path, uid, os.Getuid())
	}
	return nil
}

// CreateToken generates a token and stores it at path with mode 0600; it
// fails if path exists.
func CreateToken(path string) (string, error) {
	tok, err := NewToken()
	if err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("failed to store token: %w", err)
	}
	_, err = f.WriteString(tok + "\n")
	if err = errors.Join(err, f.Close()); err != nil {
		return "", fmt.Errorf("failed to store token: %w", err)
	}
	return tok, nil
}
