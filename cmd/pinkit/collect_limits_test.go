package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCollectTokenFileChecked: a token file others may write, or owned by
// someone else, is refused.
func TestCollectTokenFileChecked(t *testing.T) {
	t.Setenv("PINKIT_TOKEN", "")
	dir := t.TempDir()
	path := filepath.Join(dir, "r.db.token")
	if err := os.WriteFile(path, []byte("a-token-of-sufficient-length\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if tok, err := collectToken(&env{stdout: io.Discard}, collectFlags{db: filepath.Join(dir, "r.db")}); err != nil || tok != "a-token-of-sufficient-length" {
		t.Fatalf("a 0600 token file: %q, %v", tok, err)
	}
	for _, mode := range []os.FileMode{0o620, 0o602, 0o666} {
		os.Chmod(path, mode)
		if _, err := collectToken(&env{stdout: io.Discard}, collectFlags{db: filepath.Join(dir, "r.db")}); err == nil || !strings.Contains(err.Error(), "writable") {
			t.Errorf("mode %04o accepted: %v", mode, err)
		}
	}
	os.Chmod(path, 0o600)
	if os.Getuid() != 0 {
		t.Log("not root: cannot hand the token file to another user; owner check not exercised")
		return
	}
	if err := os.Chown(path, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	if _, err := collectToken(&env{stdout: io.Discard}, collectFlags{db: filepath.Join(dir, "r.db")}); err == nil || !strings.Contains(err.Error(), "owned by uid 65534") {
		t.Errorf("a token file owned by another user was accepted: %v", err)
	}
}

// TestCollectChecksBeforeWritingToken: a bad --listen or --db fails
// before any token file is written.
func TestCollectChecksBeforeWritingToken(t *testing.T) {
	t.Setenv("PINKIT_TOKEN", "")
	dir := t.TempDir()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for name, f := range map[string]collectFlags{
		"address in use":     {listen: busy.Addr().String(), db: filepath.Join(dir, "a.db")},
		"unopenable db":      {listen: "127.0.0.1:0", db: filepath.Join(dir, "no", "such", "dir", "b.db"), tokenFile: filepath.Join(dir, "b.token")},
		"unreadable --roots": {listen: "127.0.0.1:0", db: filepath.Join(dir, "c.db"), roots: filepath.Join(dir, "missing.pem")},
	} {
		f.maxConns, f.perClient = 10, 10
		err := runCollect(context.Background(), &env{stdout: io.Discard}, f)
		if err == nil {
			t.Errorf("%s: started", name)
		}
		path := f.tokenFile
		if path == "" {
			path = f.db + ".token"
		}
		if _, serr := os.Stat(path); serr == nil {
			t.Errorf("%s: token file %s written before the failure (%v)", name, path, err)
		}
	}
}

// TestCollectConnectionCap: one client cannot hold more connections than
// --max-conns-per-client, however idle they are.
func TestCollectConnectionCap(t *testing.T) {
	bin := buildPinkit(t)
	cmd := exec.Command(bin, "collect", "--listen", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "r.db"),
		"--token", collectTestToken, "--max-conns-per-client", "3")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	addr := ""
	for lines.Scan() {
		if a, ok := strings.CutPrefix(lines.Text(), "pinkit collect: listening on http://"); ok {
			addr = strings.Fields(a)[0]
			go io.Copy(io.Discard, stdout)
			break
		}
	}
	if addr == "" {
		t.Fatal("collector did not start")
	}
	served := 0
	for range 5 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err == nil && resp.StatusCode == 200 {
			served++
		}
	}
	if served != 3 {
		t.Errorf("%d keep-alive connections served from one client, want 3", served)
	}
}
