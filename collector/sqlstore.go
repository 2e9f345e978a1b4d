package collector

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // registers "sqlite"
)

//go:embed migrations
var migrations embed.FS

// dialect is what differs between SQLite and PostgreSQL; everything else
// is one code path.
type dialect struct {
	name     string
	goose    goose.Dialect
	dir      string
	writers  int  // concurrent batch writers
	numbered bool // $1 placeholders instead of ?
	// stmtRows caps the rows of one upsert statement, whose statements are
	// then prepared once per row count; 0: a whole round in one statement,
	// not prepared (pgx caches statements itself, and each statement is a
	// round trip).
	stmtRows int
}

// SQLStore is a Store on SQLite or PostgreSQL through database/sql.
type SQLStore struct {
	d        dialect
	w, r     *sql.DB // writer and reader pools (the same pool on PostgreSQL)
	queue    chan *writeReq
	stop     chan struct{}
	wg       sync.WaitGroup
	mu       sync.RWMutex
	closed   bool
	now      func() time.Time
	inserts  [numStmts]*sql.Stmt
	qmu      sync.Mutex        // guards upserts and prepared
	upserts  map[int]string    // multi-row upsert per row count (upsert.go)
	prepared map[int]*sql.Stmt // the same, prepared (dialect.stmtRows)
	ckpt     *checkpointer     // SQLite: WAL checkpoints after a batch is answered
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the store named by dsn — a postgres:// URL or an SQLite file
// path — and runs the embedded migrations.
func Open(ctx context.Context, dsn string) (*SQLStore, error) {
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

func openSQLite(ctx context.Context, path string) (*SQLStore, error) {
	if path == "" {
		return nil, errors.New("failed to open store: empty database path")
	}
	// Pages are SQLite's default 4 KiB. (A page_size(16384) pragma listed
	// here never took effect: the driver runs the _pragma entries sorted by
	// name, journal_mode(WAL) first, which fixes the page size. 16 KiB
	// pages, measured, write 84% more bytes per report: each batch dirties
	// a page per report in the dedup index, at random.)
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	// Checkpoints stay every 1000 pages (checkpoint.go): 8000 saved writer
	// CPU in BenchmarkCommitBatch but not under real load, and the bigger
	// checkpoints doubled the p99 latency (bench/RESULTS-collect.md).
	q.Add("_pragma", "cache_size(-32000)") // 32 MB page cache per connection
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	// The writer keeps its temporary files in memory: chiefly the statement
	// journal, a copy of each existing page a multi-row upsert changes (to
	// undo that statement alone); spilt to a file past 64 KiB (16 pages),
	// it cost the writer a write(2) per page, a third of its writes.
	// Nothing durable is kept there: commits are made durable by the WAL.
	q.Add("_pragma", "temp_store(MEMORY)")
	// It checkpoints the WAL itself, between batches (checkpoint.go).
	q.Add("_pragma", "wal_autocheckpoint(0)")
	w, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("failed to open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1) // SQLite has one writer; queue in Go, not on the busy lock
	r, err := sql.Open("sqlite", dsn)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("failed to open %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	d := dialect{name: "sqlite", goose: goose.DialectSQLite3, dir: "migrations/sqlite", writers: 1, stmtRows: lingerBatch}
	return newSQLStore(ctx, d, w, r)
}

func openPostgres(ctx context.Context, dsn string) (*SQLStore, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("failed to open postgres: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	d := dialect{name: "postgres", goose: goose.DialectPostgres, dir: "migrations/postgres", writers: 4, numbered: true}
	return newSQLStore(ctx, d, db, db)
}

func newSQLStore(ctx context.Context, d dialect, w, r *sql.DB) (*SQLStore, error) {
	s := &SQLStore{d: d, w: w, r: r, queue: make(chan *writeReq, 4096), stop: make(chan struct{}), now: time.Now}
	if d.name == "sqlite" {
		s.ckpt = &checkpointer{}
	}
	if err := s.migrate(ctx); err != nil {
		s.closeDBs()
		return nil, err
	}
	if err := s.prepare(ctx); err != nil {
		s.closeDBs()
		return nil, err
	}
	for range d.writers {
		s.wg.Add(1)
		go s.writer()
	}
	return s, nil
}

// migrate runs the embedded goose migrations. On PostgreSQL a session
// advisory lock keeps concurrently starting collectors from racing.
func (s *SQLStore) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, s.d.dir)
	if err != nil {
		return fmt.Errorf("failed to load migrations: %w", err)
	}
	var opts []goose.ProviderOption
	if s.d.name == "postgres" {
		// One lock per schema: collectors sharing a schema wait for each
		// other; other schemas in the same database are not blocked.
		var schema string
		if err := s.w.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
			return fmt.Errorf("failed to read the current schema: %w", err)
		}
		h := fnv.New64a()
		h.Write([]byte("pinkit collect migrations\x00" + schema))
		id := int64(h.Sum64() &^ (1 << 63))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(id), lock.WithLockTimeout(1, 300))
		if err != nil {
			return fmt.Errorf("failed to create migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(s.d.goose, s.w, sub, opts...)
	if err != nil {
		return fmt.Errorf("failed to load migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("failed to migrate %s database: %w", s.d.name, err)
	}
	return nil
}

// Statements used by the writer, prepared once. The upsert itself is
// built per batch size (upsert.go).
const (
	stmtRotate = iota
	stmtLearn
	numStmts
)

const reportCols = `format, host, port, app_id, app_version, platform, platform_version, noted_host,
include_subdomains, mode, policy_hash, validation_result, served_chain, validated_chain, known_pins,
served_issuer, report_time, first_seen, last_seen, expires, extra, verdict, verdict_reason, roots,
issuer_key, count`

func (s *SQLStore) prepare(ctx context.Context) error {
	queries := [numStmts]string{
		// Retire the expired window's row so that a new one can start.
		stmtRotate: `UPDATE reports SET dedup_key = dedup_key || '@' || CAST(id AS TEXT) WHERE dedup_key = ?`,
		// Remember a public CA issuing for a host (verdict history).
		stmtLearn: `INSERT INTO host_issuers (host, issuer_key, first_seen) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
	}
	for i, q := range queries {
		st, err := s.w.PrepareContext(ctx, s.rebind(q))
		if err != nil {
			return fmt.Errorf("failed to prepare statement: %w", err)
		}
		s.inserts[i] = st
	}
	return nil
}

// rebind turns ? placeholders into $n for PostgreSQL.
func (s *SQLStore) rebind(q string) string {
	if !s.d.numbered {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Close implements Store: it waits for queued writes, then closes the
// database.
func (s *SQLStore) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.stop)
	s.mu.Unlock()
	s.wg.Wait()
	for _, st := range s.inserts {
		if st != nil {
			st.Close()
		}
	}
	for _, st := range s.prepared {
		st.Close()
	}
	return s.closeDBs()
}

func (s *SQLStore) closeDBs() error {
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// RedactDSN returns dsn with any password replaced, for logs.
func RedactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable dsn)"
	}
	return u.Redacted()
}
