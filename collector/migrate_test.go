package collector

import (
	"context"
	"database/sql"
	"io/fs"
	"slices"
	"testing"

	"github.com/pressly/goose/v3"
)

// TestMigrationKeepsOldRows: a database written by the first schema gains
// the expires and extra columns and the verdict columns; its rows read
// back with both empty and the verdict unknown, and the migrations also go
// down again.
func TestMigrationKeepsOldRows(t *testing.T) {
	t.Parallel()
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := testDSN(t, kind)
			driver, dialect, dir := "sqlite", goose.DialectSQLite3, "migrations/sqlite"
			if kind == "postgres" {
				driver, dialect, dir = "pgx", goose.DialectPostgres, "migrations/postgres"
			}
			db, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			sub, _ := fs.Sub(migrations, dir)
			p, err := goose.NewProvider(dialect, db, sub)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, 1); err != nil {
				t.Fatal(err)
			}
			_, err = db.ExecContext(ctx, `INSERT INTO reports (dedup_key, `+v1Cols+`)
VALUES ('k', 'rfc7469', 'old.example.com', 443, '', '', '', '', 'old.example.com', 0, '', '', 0, '[]', '[]', '[]', '', 1, 1, 1, 1)`)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			page, err := s.List(ctx, Query{})
			s.Close()
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Reports) != 1 || page.Reports[0].Host != "old.example.com" ||
				page.Reports[0].Expires != "" || page.Reports[0].Extra != nil || page.Reports[0].Verdict != VerdictUnknown {
				t.Fatalf("old row after migration = %+v", page.Reports)
			}
			if _, err := p.DownTo(ctx, 1); err != nil {
				t.Fatalf("migration down: %v", err)
			}
		})
	}
}

// v1Cols are the report columns of migration 00001.
const v1Cols = `format, host, port, app_id, app_version, platform, platform_version, noted_host,
include_subdomains, mode, policy_hash, validation_result, served_chain, validated_chain, known_pins,
served_issuer, report_time, first_seen, last_seen, count`

// TestReportIndexes: the migrated schema indexes what the queries read
// through, and no longer report_time, which no query reads through (each
// index costs every ingested report a B-tree insert).
func TestReportIndexes(t *testing.T) {
	t.Parallel()
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			s := openTestStore(t, kind)
			q := `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reports' AND sql IS NOT NULL`
			if kind == "postgres" {
				q = `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'reports' AND indexname <> 'reports_pkey'`
			}
			rows, err := s.r.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []string
			for rows.Next() {
				var name string
				if err := rows.Scan(&name); err != nil {
					t.Fatal(err)
				}
				got = append(got, name)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			want := []string{"reports_app", "reports_dedup", "reports_first_seen", "reports_host", "reports_verdict"}
			if !slices.Equal(got, want) {
				t.Errorf("indexes on reports = %v, want %v", got, want)
			}
		})
	}
}

// TestChainCompression: on PostgreSQL the chain columns are lz4-compressed
// (migration 00005) where the server supports it, as CI's PostgreSQL 15 does.
func TestChainCompression(t *testing.T) {
	t.Parallel()
	s := openTestStore(t, "postgres")
	rows, err := s.r.Query(`SELECT attname, attcompression FROM pg_attribute
		WHERE attrelid = 'reports'::regclass AND attname IN ('served_chain', 'validated_chain')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name, method string
		if err := rows.Scan(&name, &method); err != nil {
			t.Fatal(err)
		}
		if method != "l" {
			t.Errorf("%s: compression %q, want lz4 (\"l\")", name, method)
		}
		n++
	}
	if err := rows.Err(); err != nil || n != 2 {
		t.Fatalf("read %d chain columns (%v), want 2", n, err)
	}
}
