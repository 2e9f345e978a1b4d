#!/usr/bin/env bash
# bench/audit-batch.sh — throughput and memory of `pinkit audit --format
# jsonl` over a corpus of small apps, with --jobs 1 and --jobs 2, and its
# peak RSS for 100 and for 1,000 apps (it must not grow with the count).
#
# The corpus is N (default 1000) distinct APKs: the committed fixtures of
# testdata/apk (built by aapt2, d8 and apksigner), copied round-robin, each
# given a small classes2.dex (one of 8 assembled by smali from
# bench/gen-dex.awk sources: 40 classes, 4,000 URLs, 4,000 messages, about
# 1 MB) and its own assets/id.txt, so that no two files are equal and each
# app costs a few milliseconds, like a small real app. It times,
# interleaved, RUNS runs of each case with /usr/bin/time and prints the
# medians of wall and CPU seconds, apps per second and the largest peak RSS.
#
#   bench/audit-batch.sh                 # 1,000 apps, 3 runs
#   N=5000 RUNS=5 bench/audit-batch.sh
#
# Needs: go, zip, /usr/bin/time. Work files go to ${BENCH_DIR:-/tmp/pinkit-bench-batch}.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${BENCH_DIR:-/tmp/pinkit-bench-batch}
RUNS=${RUNS:-3}
N=${N:-1000}
mkdir -p "$DIR"
go build -o "$DIR/pinkit" ./cmd/pinkit

# small_dex K: $DIR/dex/s$K.dex (cached).
small_dex() {
	local k=$1 out=$DIR/dex/s$1.dex src=$DIR/smali-s$1
	[ -f "$out" ] && return
	rm -rf "$src" && mkdir -p "$DIR/dex"
	for p in $(seq 0 49); do mkdir -p "$src/p$p"; done
	awk -v n="$((100 + k))" -v dir="$src" -v classes=40 -v urls=4000 -f "$ROOT/bench/gen-dex.awk"
	smali assemble -o "$out.tmp" "$src" && mv "$out.tmp" "$out"
	rm -rf "$src"
}

# corpus N: $DIR/corpus$N/app*.apk (cached).
corpus() {
	local n=$1 c=$DIR/corpus$1
	[ -d "$c" ] && return
	rm -rf "$c.tmp" && mkdir -p "$c.tmp/w/assets"
	mapfile -t fx < <(ls "$ROOT"/testdata/apk/*.apk)
	for k in 0 1 2 3 4 5 6 7; do small_dex "$k"; done
	for i in $(seq 1 "$n"); do
		f=$c.tmp/app$(printf %05d "$i").apk
		cp "${fx[$(( i % ${#fx[@]} ))]}" "$f"
		echo "$i" >"$c.tmp/w/assets/id.txt"
		ln -f "$DIR/dex/s$(( i % 8 )).dex" "$c.tmp/w/classes2.dex"
		(cd "$c.tmp/w" && zip -q "$f" assets/id.txt classes2.dex)
	done
	rm -rf "$c.tmp/w" && mv "$c.tmp" "$c"
}

measure() {
	/usr/bin/time -f '%e %M %U %S' -o "$DIR/time.out" "$@" >/dev/null 2>&1 || true
	tail -1 "$DIR/time.out" | awk '{ print $1, $2, $3 + $4 }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

corpus 100
corpus "$N"
rm -f "$DIR"/r-*
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %5s %8s %8s %9s %8s\n' apps jobs wall_s cpu_s apps_per_s peak_MB
for _ in $(seq 1 "$RUNS"); do
	for n in 100 "$N"; do
		for j in 1 2; do
			measure "$DIR/pinkit" audit --format jsonl --jobs "$j" "$DIR/corpus$n" >>"$DIR/r-$n-$j"
		done
	done
done
for n in 100 "$N"; do
	for j in 1 2; do
		w=$(cut -d' ' -f1 "$DIR/r-$n-$j" | median) c=$(cut -d' ' -f3 "$DIR/r-$n-$j" | median)
		p=$(cut -d' ' -f2 "$DIR/r-$n-$j" | sort -g | tail -1)
		printf '%-6s %5s %8s %8s %9.1f %8.1f\n' "$n" "$j" "$w" "$c" "$(awk -v n="$n" -v w="$w" 'BEGIN { print n / w }')" "$(awk -v k="$p" 'BEGIN { print k / 1024 }')"
	done
done
rm -f "$DIR"/r-*
