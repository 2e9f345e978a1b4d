package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
)

// syncBuffer is a bytes.Buffer safe for the proxy's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listenLine = regexp.MustCompile(`explicit proxy listening on (\S+)`)

// TestMitmCommand runs "pinkit mitm" end to end: a Go client through the
// explicit proxy to a real HTTPS upstream, then the verdict matrix, the
// events file and the exit code.
func TestMitmCommand(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	up := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(rw, "real upstream %s", r.URL.Path)
	}))
	up.TLS = &tls.Config{Certificates: []tls.Certificate{w.Legit(t, "api.pinkit.test").TLSCertificate()}}
	up.Config.ErrorLog = log.New(io.Discard, "", 0)
	up.StartTLS()
	t.Cleanup(up.Close)
	dir := t.TempDir()
	upCA := filepath.Join(dir, "upstream-ca.pem")
	if err := os.WriteFile(upCA, pemOf(w.Root.Cert.Raw), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		pinned   bool
		format   string
		exit     error
		contains string
	}{
		{"trusting client", false, "text", exitCodeError{exitFindings}, "api.pinkit.test  intercepted  1/1"},
		{"pinning client", true, "json", nil, `"verdict": "pinned"`},
		{"sarif", false, "sarif", exitCodeError{exitFindings}, `"ruleId": "mitm/intercepted"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			caDir, events := filepath.Join(t.TempDir(), "ca"), filepath.Join(t.TempDir(), "events.jsonl")
			var stdout, stderr syncBuffer
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				root := newRootCmd(&env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr})
				root.SetArgs([]string{"mitm", "--listen", "127.0.0.1:0", "--ca-dir", caDir, "--events", events,
					"--upstream", "api.pinkit.test=" + up.Listener.Addr().String(), "--upstream-ca", upCA, "--format", tc.format})
				done <- root.ExecuteContext(ctx)
			}()
			addr := waitFor(t, &stderr, listenLine)
			ca := readFileT(t, filepath.Join(caDir, "ca.pem"))
			roots := pintest.Pool(w.Root.Cert)
			roots.AppendCertsFromPEM(ca)
			cfg := &tls.Config{RootCAs: roots}
			if tc.pinned {
				pol, err := pin.NewPolicy(pin.HostPins("api.pinkit.test", pin.FromCertificate(w.Inter.Cert), pin.FromCertificate(w.BackupKey)))
				if err != nil {
					t.Fatal(err)
				}
				cfg = pol.TLSConfig(cfg)
			}
			tr := &http.Transport{Proxy: http.ProxyURL(&url.URL{Scheme: "http", Host: addr}), TLSClientConfig: cfg}
			defer tr.CloseIdleConnections()
			resp, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Get("https://api.pinkit.test/cli")
			if tc.pinned != (err != nil) {
				t.Fatalf("request error %v, pinned client %v", err, tc.pinned)
			}
			if err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if string(body) != "real upstream /cli" {
					t.Errorf("body %q", body)
				}
			}
			waitFor(t, &stderr, regexp.MustCompile(`api.pinkit.test:443 trusted +(accepted|rejected)`))
			cancel()
			if err := <-done; !errors.Is(err, tc.exit) && err != tc.exit {
				t.Errorf("exit = %v, want %v\nstderr:\n%s", err, tc.exit, stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.contains) {
				t.Errorf("stdout lacks %q:\n%s", tc.contains, stdout.String())
			}
			checkEvents(t, events)
		})
	}
}

// checkEvents: every line of the events file is one JSON event.
func checkEvents(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); n++ {
		var ev struct{ Kind, Host string }
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil || ev.Kind == "" {
			t.Errorf("events line %d: %q (%v)", n+1, sc.Text(), err)
		}
	}
	if n == 0 {
		t.Error("no events written")
	}
}

func waitFor(t *testing.T, b *syncBuffer, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(b.String()); m != nil {
			return m[len(m)-1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %q in stderr:\n%s", re, b.String())
	return ""
}

func readFileT(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func pemOf(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// TestMitmPrivateDestinations: without --allow-private the proxy refuses
// a request to a service on this machine, with a 403 that says why; with
// it, the request goes through.
func TestMitmPrivateDestinations(t *testing.T) {
	t.Parallel()
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "local service") }))
	t.Cleanup(svc.Close)
	for _, tc := range []struct {
		flags []string
		want  string
	}{
		{nil, "403 Forbidden: pinkit mitm: refused to connect to 127.0.0.1: loopback address"},
		{[]string{"--allow-private"}, "200 OK: local service"},
	} {
		t.Run(fmt.Sprint(tc.flags), func(t *testing.T) {
			t.Parallel()
			var stdout, stderr syncBuffer
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				root := newRootCmd(&env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr})
				root.SetArgs(append([]string{"mitm", "--listen", "127.0.0.1:0", "--ca-dir", t.TempDir(), "-q"}, tc.flags...))
				done <- root.ExecuteContext(ctx)
			}()
			addr := waitFor(t, &stderr, listenLine)
			tr := &http.Transport{Proxy: http.ProxyURL(&url.URL{Scheme: "http", Host: addr})}
			defer tr.CloseIdleConnections()
			resp, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Get(svc.URL + "/x")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if got := resp.Status + ": " + string(body); !strings.HasPrefix(got, tc.want) {
				t.Errorf("got %q, want %q...", got, tc.want)
			}
			cancel()
			<-done
		})
	}
}
