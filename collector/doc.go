// Package collector receives, stores and shows pin validation failure
// reports: the server behind "pinkit collect".
//
// Most users run the CLI. Embedding it takes three calls:
//
//	store, err := collector.Open(ctx, "reports.db") // or "postgres://…"
//	h, err := collector.NewHandler(collector.Config{Store: store, Token: token, Rate: 20, Burst: 100})
//	srv := &http.Server{Addr: "127.0.0.1:8787", Handler: h, ReadHeaderTimeout: 5 * time.Second /* … */}
//
// # Formats
//
// [Decode] accepts RFC 7469 §3 reports, TrustKit iOS and Android reports
// and pinreport's reports (one wire type, pinreport.Report), and
// normalises them into a [Report]: host, port (0: unknown), app id and
// version, platform, noted host, served and validated chains, known pins,
// date, expiry, enforcement mode, and the served issuer — the CA that
// signed the top of the served chain, which names the interceptor.
// Decoding is strict about what it knows: one JSON object, no repeated
// keys, bounded nesting and field sizes, every known field well-formed;
// errors are [*FieldError]. Unknown fields are kept in [Report.Extra].
//
// # Verdicts
//
// A [Verifier] gives each report a [Verdict] on arrival: the served chain
// is validated against a root pool (the system's or a PEM file, see
// [LoadRoots]; the row records which) and its keys compared with the
// report's known pins. interception: the chain leads to a CA the roots do
// not hold, or validates through a CA that never issued for the host
// before (per-host history, kept in the database); rotation: it validates
// through a known CA but no key is pinned (stale pins); misconfiguration:
// incomplete, expired, or not naming the host; unknown otherwise. Chain
// validation is cached per distinct chain.
//
// # Storage
//
// [SQLStore] is one code path over database/sql for SQLite
// (modernc.org/sqlite, WAL, synchronous=FULL) and PostgreSQL (pgx). Writes
// are batched: concurrent [SQLStore.Add] calls share one transaction, and
// each returns only after its transaction committed. Identical reports
// within [DedupWindow] are folded into one row by a unique key, so the
// database enforces deduplication even for several collectors.
// Migrations are embedded and run with goose on [Open].
package collector
