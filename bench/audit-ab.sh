#!/usr/bin/env bash
# bench/audit-ab.sh — `pinkit audit --format json FILE` of this tree against
# the build of BASE, alternated A B A B … RUNS times per file on the same
# machine, so both see the same load. Prints per file the medians of CPU
# (user + sys) and wall seconds, the A/B ratios of those medians and the
# peak RSS of each build.
#
#   BASE=2fef7a2 RUNS=7 bench/audit-ab.sh /tmp/pinkit-bench/app-25.apk x.ipa
#
# Needs: go, git, /usr/bin/time. Work files go to ${BENCH_DIR:-/tmp/pinkit-ab}.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BENCH_DIR:-/tmp/pinkit-ab}
RUNS=${RUNS:-7}
: "${BASE:?set BASE to the git revision to compare with}"
[ $# -gt 0 ] || { echo "usage: BASE=REV bench/audit-ab.sh FILE..." >&2; exit 2; }
mkdir -p "$DIR"
go build -o "$DIR/pinkit-a" ./cmd/pinkit
rm -rf "$DIR/base-src" && mkdir -p "$DIR/base-src"
git archive "$BASE" | tar -x -C "$DIR/base-src"
(cd "$DIR/base-src" && go build -o "$DIR/pinkit-b" ./cmd/pinkit)

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); A = $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo +dirty), B = $(git rev-parse --short "$BASE")"
printf '%-40s %7s %7s %7s %7s %7s %7s %7s\n' file A_cpu B_cpu cpu_A/B A_wall B_wall wall_A/B A_pk/B_pk_MB
for f in "$@"; do
	: >"$DIR/a" && : >"$DIR/b"
	for _ in $(seq "$RUNS"); do
		for v in a b; do
			/usr/bin/time -f '%e %M %U %S' -o "$DIR/t" "$DIR/pinkit-$v" audit --format json "$f" >/dev/null 2>&1 || true
			tail -1 "$DIR/t" | awk '{ print $1, $2, $3 + $4 }' >>"$DIR/$v"
		done
	done
	ac=$(cut -d' ' -f3 "$DIR/a" | median); bc=$(cut -d' ' -f3 "$DIR/b" | median)
	aw=$(cut -d' ' -f1 "$DIR/a" | median); bw=$(cut -d' ' -f1 "$DIR/b" | median)
	ap=$(cut -d' ' -f2 "$DIR/a" | sort -g | tail -1); bp=$(cut -d' ' -f2 "$DIR/b" | sort -g | tail -1)
	awk -v f="$(basename "$f")" -v ac="$ac" -v bc="$bc" -v aw="$aw" -v bw="$bw" -v ap="$ap" -v bp="$bp" 'BEGIN {
		printf "%-40s %7.3f %7.3f %7.2f %7.3f %7.3f %7.2f %5.1f/%.1f\n", f, ac, bc, ac / bc, aw, bw, aw / bw, ap / 1024, bp / 1024 }'
done
