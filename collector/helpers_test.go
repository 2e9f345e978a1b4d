package collector

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/pem"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pinkit/pinkit/internal/pintest"
)

// storeKinds lists the backends every store test runs against.
var storeKinds = []string{"sqlite", "postgres"}

// openTestStore opens a fresh store of the given kind. PostgreSQL tests
// each get their own schema and skip only when PINKIT_TEST_POSTGRES_DSN
// is unset.
func openTestStore(t *testing.T, kind string) *SQLStore {
	t.Helper()
	dsn := testDSN(t, kind)
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testDSN returns a DSN for an empty database of kind.
func testDSN(t *testing.T, kind string) string {
	t.Helper()
	if kind == "sqlite" {
		return filepath.Join(t.TempDir(), "reports.db")
	}
	base := os.Getenv("PINKIT_TEST_POSTGRES_DSN")
	if base == "" {
		t.Skip("PINKIT_TEST_POSTGRES_DSN is not set")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b [6]byte
	rand.Read(b[:])
	schema := "pinkit_test_" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("failed to create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// forgedCache saves regenerating chains: certificate creation dominates
// the test time otherwise.
var forgedCache sync.Map

// forgedPEM returns a forged chain (leaf issued by the rogue CA) as PEM.
func forgedPEM(t testing.TB, host string) []string {
	t.Helper()
	if v, ok := forgedCache.Load(host); ok {
		return v.([]string)
	}
	w := pintest.NewWorld(t)
	var out []string
	for _, c := range w.Forged(t, host).Certs {
		out = append(out, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})))
	}
	forgedCache.Store(host, out)
	return out
}

// sampleReport returns a normalised report for host.
func sampleReport(t testing.TB, host, app, version string, at time.Time) *Report {
	t.Helper()
	chain := forgedPEM(t, host)
	return &Report{
		Format: FormatPinkit, Host: host, Port: 443, AppID: app, AppVersion: version,
		Platform: "GO", NotedHost: host, Mode: "report-only", PolicyHash: "abc",
		ServedChain: chain, ValidatedChain: chain, KnownPins: []string{`pin-sha256="AAAA"`},
		ServedIssuer: servedIssuer(chain, nil, nil), Date: at, FirstSeen: at, LastSeen: at, Count: 1,
		Verdict: VerdictInterception, VerdictReason: "The served chain leads to a rogue CA.", Roots: "test",
	}
}
