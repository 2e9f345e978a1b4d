#!/bin/sh
# bench/collect.sh — sustained load on "pinkit collect" over loopback.
#
#   bench/collect.sh [rate] [duration]          default 5000/s for 20s
#   PINKIT_BENCH_POSTGRES_DSN=postgres://... bench/collect.sh   also PostgreSQL
#   CHAINS=100 bench/collect.sh ...   100 distinct served chains (verdict cache)
#   COMPARE_REV=3597b26 ROUNDS=3 bench/collect.sh 5000 15s   A/B: this tree
#       against the build of COMPARE_REV (e.g. the build without verdicts),
#       interleaved ROUNDS times on SQLite, same load generator
#
# Builds pinkit and bench/collectload, starts the collector (rate limit off:
# one client IP sends everything), runs the load generator against SQLite
# in a temp dir, then against PostgreSQL when a DSN is given (a fresh
# schema is used and dropped). Prints throughput and latency percentiles;
# latency is measured from each request's scheduled time.
set -eu
rate=${1:-5000}
dur=${2:-20s}
conc=${CONC:-64}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

go build -C "$root" -o "$tmp/pinkit" ./cmd/pinkit
go build -C "$root" -o "$tmp/collectload" ./bench/collectload
bin="$tmp/pinkit"
token=bench-token-0123456789abcdef

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# busy_ticks: CPU time the whole machine spent busy so far (user, nice,
# system, irq, softirq, steal), to tell how much other processes took
# during a run: the load average lags and smooths too much for that.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

run() { # run <label> <db>
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	extra=
	# One client IP opens all the connections: lift the per-client cap
	# (builds before it have no such flag).
	"$bin" collect --help 2>&1 | grep -q max-conns-per-client && extra="--max-conns-per-client $conc"
	# shellcheck disable=SC2086
	"$bin" collect --listen "127.0.0.1:$port" --db "$2" --token "$token" --rate 0 $extra >"$tmp/log" 2>&1 &
	pid=$!
	i=0
	until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
		i=$((i + 1)); [ $i -gt 100 ] && { cat "$tmp/log"; exit 1; }; sleep 0.1
	done
	echo "== $1: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
	t0=$(cpu_ticks "$pid")
	b0=$(busy_ticks)
	# times: the subshell's children, i.e. the load generator's CPU.
	("$tmp/collectload" -url "http://127.0.0.1:$port" -rate "$rate" -d "$dur" -c "$conc" -chains "${CHAINS:-1}" || true
		times >"$tmp/times") | tee "$tmp/out"
	b1=$(busy_ticks)
	t1=$(cpu_ticks "$pid")
	n=$(sed -n 's/^accepted \([0-9]*\).*/\1/p' "$tmp/out")
	# CPU the collector itself used per accepted report (user+sys), which
	# does not depend on what else runs on the machine.
	[ -n "$n" ] && [ "$n" -gt 0 ] && awk -v t="$((t1 - t0))" -v n="$n" -v hz="$(getconf CLK_TCK)" \
		'BEGIN { us = t / hz * 1e6 / n; printf "collector CPU: %.0f us per report (%.0f reports/s per fully used core)\n", us, 1e6 / us }'
	# Everything else the machine ran meanwhile (other sessions' builds):
	# more than a few tenths of a second of it disturbs the latencies.
	tail -n 1 "$tmp/times" | tr 'ms' '  ' | awk -v b="$((b1 - b0))" -v c="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" \
		'{ g = $1 * 60 + $2 + $3 * 60 + $4; printf "other processes: %.1f s CPU during the run (collector %.1f s, load generator %.1f s)\n", b / hz - c / hz - g, c / hz, g }'
	curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/stats?since=1h" |
		python3 -c 'import json,sys; s=json.load(sys.stdin); print("stored: %d rows, %d reports counted" % (s["reports"], s["failures"]))'
	kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}

if [ -n "${COMPARE_REV:-}" ]; then
	mkdir "$tmp/base"
	git -C "$root" archive "$COMPARE_REV" | tar -x -C "$tmp/base"
	go build -C "$tmp/base" -o "$tmp/pinkit-base" ./cmd/pinkit
	for r in $(seq "${ROUNDS:-3}"); do
		for which in base new; do
			bin="$tmp/pinkit"; [ $which = base ] && bin="$tmp/pinkit-base"
			rm -f "$tmp"/reports.db*
			run "sqlite $which ($([ $which = base ] && echo "$COMPARE_REV" || echo this tree)) round $r" "$tmp/reports.db"
		done
	done
	exit 0
fi

run sqlite "$tmp/reports.db"

dsn=${PINKIT_BENCH_POSTGRES_DSN:-}
if [ -n "$dsn" ]; then
	schema=pinkit_bench_$$
	psql -q "$dsn" -c "CREATE SCHEMA $schema"
	sep='?'; case $dsn in *\?*) sep='&';; esac
	run postgres "$dsn${sep}search_path=$schema"
	psql -q "$dsn" -c "DROP SCHEMA $schema CASCADE"
fi
