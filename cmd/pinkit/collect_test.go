package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const collectTestToken = "durability-token-0123456789"

// buildPinkit builds the real binary, so the collector runs as a separate
// process that can be killed.
func buildPinkit(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "pinkit")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startCollector starts "pinkit collect" on a free port and returns the
// process and its base URL.
func startCollector(t *testing.T, bin, db string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, "collect", "--listen", "127.0.0.1:0", "--db", db, "--token", collectTestToken, "--rate", "0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if addr, ok := strings.CutPrefix(lines.Text(), "pinkit collect: listening on http://"); ok {
			go io.Copy(io.Discard, stdout)
			return cmd, strings.Fields(addr)[0]
		}
	}
	t.Fatalf("collector did not start: %v", lines.Err())
	return nil, ""
}

// load posts unique reports from several goroutines until stop is closed
// or the server goes away; it returns the hosts that were answered 202.
func load(base string, workers int, stop <-chan struct{}, accepted *atomic.Int64) []string {
	var mu sync.Mutex
	var ok []string
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 5 * time.Second}
	for w := range workers {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				host := fmt.Sprintf("w%d-r%d.example", w, i)
				body := fmt.Sprintf(`{"hostname":%q,"port":443,"known-pins":["pin-sha256=\"x\""]}`, host)
				resp, err := client.Post(base+"/v1/reports", "application/json", strings.NewReader(body))
				if err != nil {
					return // killed
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusAccepted {
					mu.Lock()
					ok = append(ok, host)
					mu.Unlock()
					accepted.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return ok
}

// storedHosts pages through GET /v1/reports.
func storedHosts(t *testing.T, base string) map[string]bool {
	t.Helper()
	hosts := map[string]bool{}
	cursor := ""
	for {
		req, _ := http.NewRequest("GET", base+"/v1/reports?limit=1000&cursor="+cursor, nil)
		req.Header.Set("Authorization", "Bearer "+collectTestToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Reports []struct{ Host string }
			Next    string
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Reports {
			hosts[r.Host] = true
		}
		if page.Next == "" {
			return hosts
		}
		cursor = page.Next
	}
}

// TestCollectDurability kills the collector with SIGKILL under concurrent
// load and checks, after a restart, that every report answered 202 is
// stored: 202 is sent only after the commit.
func TestCollectDurability(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel()
	bin := buildPinkit(t)
	cases := []struct {
		store string
		sig   syscall.Signal
	}{
		{"sqlite", syscall.SIGKILL}, {"sqlite", syscall.SIGTERM}, {"postgres", syscall.SIGKILL},
	}
	for _, tc := range cases {
		sig := tc.sig
		t.Run(tc.store+"/"+sig.String(), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "reports.db")
			if tc.store == "postgres" {
				db = postgresSchemaDSN(t)
			}
			cmd, base := startCollector(t, bin, db)
			stop := make(chan struct{})
			var accepted atomic.Int64
			done := make(chan []string)
			go func() { done <- load("http://"+base, 16, stop, &accepted) }()
			deadline := time.Now().Add(10 * time.Second)
			for accepted.Load() < 300 && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			cmd.Process.Signal(sig) // mid-load: requests are in flight
			err := cmd.Wait()
			close(stop)
			ok := <-done
			if sig == syscall.SIGTERM && err != nil {
				t.Errorf("SIGTERM: collector exited with %v, want a clean exit", err)
			}
			if len(ok) < 300 {
				t.Fatalf("only %d reports accepted before the signal", len(ok))
			}
			_, base = startCollector(t, bin, db)
			stored := storedHosts(t, "http://"+base)
			var lost []string
			for _, h := range ok {
				if !stored[h] {
					lost = append(lost, h)
				}
			}
			if len(lost) > 0 {
				t.Fatalf("%d of %d accepted reports lost after %v, e.g. %v", len(lost), len(ok), sig, lost[:min(5, len(lost))])
			}
			t.Logf("%v: %d accepted, all %d stored (%d rows total)", sig, len(ok), len(ok), len(stored))
		})
	}
}

// postgresSchemaDSN returns a DSN for a fresh schema of the database in
// PINKIT_TEST_POSTGRES_DSN, skipping when it is unset.
func postgresSchemaDSN(t *testing.T) string {
	t.Helper()
	base := os.Getenv("PINKIT_TEST_POSTGRES_DSN")
	if base == "" {
		t.Skip("PINKIT_TEST_POSTGRES_DSN is not set")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	schema := fmt.Sprintf("pinkit_durability_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec("DROP SCHEMA " + schema + " CASCADE") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// TestCollectTokenFile: with no --token and no PINKIT_TOKEN, a token is
// generated next to the database with mode 0600 and printed only once.
func TestCollectTokenFile(t *testing.T) {
	t.Setenv("PINKIT_TOKEN", "")
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	var out1 bytes.Buffer
	tok, err := collectToken(&env{stdout: &out1}, collectFlags{db: db})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(db + ".token")
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", fi, err)
	}
	if !strings.Contains(out1.String(), tok) {
		t.Errorf("generated token not printed: %q", out1.String())
	}
	var out2 bytes.Buffer
	tok2, err := collectToken(&env{stdout: &out2}, collectFlags{db: db})
	if err != nil || tok2 != tok || strings.Contains(out2.String(), tok) {
		t.Errorf("second start: token %q (want %q), printed %q, err %v", tok2, tok, out2.String(), err)
	}
	t.Setenv("PINKIT_TOKEN", "from-the-environment-123")
	if tok3, _ := collectToken(&env{stdout: io.Discard}, collectFlags{db: db}); tok3 != "from-the-environment-123" {
		t.Errorf("PINKIT_TOKEN ignored: %q", tok3)
	}
	if tok4, _ := collectToken(&env{stdout: io.Discard}, collectFlags{db: db, token: "flag-token-flag-token"}); tok4 != "flag-token-flag-token" {
		t.Errorf("--token ignored: %q", tok4)
	}
}
