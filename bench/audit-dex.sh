#!/usr/bin/env bash
# bench/audit-dex.sh — how fast is `pinkit audit` on a DEX-heavy APK (an app
# that is mostly code), compared with `unzip -t` of the same file and,
# optionally, with the pinkit of another git revision built in the same run?
#
# It builds, once, APKs of about 25, 50 and 100 MB (SIZES) that are mostly
# DEX: the real fixture testdata/apk/good.apk (manifest, resources.arsc,
# NSC) plus one classes*.dex per ~6.25 MB (4, 8 and 16 files; real multi-dex
# apps have 10–16). Each DEX is assembled by smali from sources written by
# bench/gen-dex.awk: 2,000 classes, 100,000 URL constants and 100,000 log
# messages in realistic method code, about 23 MB uncompressed, deflated to
# about 6.3 MB. It then times, interleaved, the pinkit built from this tree,
# `unzip -tq`, and with BASE=<git ref> the pinkit built from that revision,
# RUNS times each with /usr/bin/time, and prints medians of wall and CPU
# (user+sys) seconds, their ratios and the peak RSS.
#
#   bench/audit-dex.sh                        # sizes 25 50 100, 5 runs
#   RUNS=9 SIZES=100 BASE=main bench/audit-dex.sh
#
# Needs: go, smali, zip, unzip, awk, git (for BASE), /usr/bin/time. Work
# files go to ${BENCH_DIR:-/tmp/pinkit-bench-dex}; generated DEX files are
# cached there (about 15 s of smali each).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${BENCH_DIR:-/tmp/pinkit-bench-dex}
RUNS=${RUNS:-5}
SIZES=${SIZES:-25 50 100}
mkdir -p "$DIR/dex"

go build -o "$DIR/pinkit" ./cmd/pinkit
if [ -n "${BASE:-}" ]; then
	rm -rf "$DIR/base-src" && mkdir -p "$DIR/base-src"
	git archive "$BASE" | tar -x -C "$DIR/base-src"
	(cd "$DIR/base-src" && go build -o "$DIR/pinkit-base" ./cmd/pinkit)
fi

# gen_dex N: $DIR/dex/d$N.dex (cached).
gen_dex() {
	local n=$1 out=$DIR/dex/d$1.dex src=$DIR/smali$1
	[ -f "$out" ] && return
	rm -rf "$src" && mkdir -p "$src"
	for p in $(seq 0 49); do mkdir -p "$src/p$p"; done
	awk -v n="$n" -v dir="$src" -v classes=2000 -v urls=100000 -f "$ROOT/bench/gen-dex.awk"
	smali assemble -o "$out.tmp" "$src" && mv "$out.tmp" "$out"
	rm -rf "$src"
}

# build_apk MB: good.apk + MB*16/100 generated DEX files, deflated.
build_apk() {
	local mb=$1 apk=$DIR/dex-$1.apk ndex=$(( ($1 * 16 + 99) / 100 ))
	[ -f "$apk" ] && return
	local w=$DIR/w$mb
	rm -rf "$w" && mkdir -p "$w"
	cp "$ROOT/testdata/apk/good.apk" "$apk.tmp"
	for i in $(seq 1 "$ndex"); do
		gen_dex "$i"
		if [ "$i" = 1 ]; then name=classes.dex; else name=classes$i.dex; fi
		ln -f "$DIR/dex/d$i.dex" "$w/$name"
	done
	(cd "$w" && zip -q -6 "$apk.tmp" classes*.dex)
	mv "$apk.tmp" "$apk"
	rm -rf "$w"
}

# measure CMD...: prints "wall_seconds max_rss_kb cpu_seconds" of one run.
measure() {
	/usr/bin/time -f '%e %M %U %S' -o "$DIR/time.out" "$@" >/dev/null 2>&1 || true
	tail -1 "$DIR/time.out" | awk '{ print $1, $2, $3 + $4 }' # after any "Command exited" line
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
col() { cut -d' ' -f"$2" "$DIR/$1" | median; }
peak() { cut -d' ' -f2 "$DIR/$1" | sort -g | tail -1 | awk '{ printf "%.1f", $1 / 1024 }'; }

echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-5s %6s %5s | %7s %7s %6s %6s | %7s %7s %6s' size apk_MB dex audit_s unzip_s wall_r cpu_r audit_c unzip_c peakMB
if [ -n "${BASE:-}" ]; then printf ' | %8s %8s %8s %8s %7s' base_s base_c new/base cpu_n/b basePkMB; fi
echo
for mb in $SIZES; do
	build_apk "$mb"
	apk=$DIR/dex-$mb.apk
	rc=0 # warm the page cache, and make sure the audit really ran
	"$DIR/pinkit" audit --format json "$apk" >"$DIR/report.json" 2>"$DIR/err" || rc=$?
	if [ "$rc" -ge 2 ]; then
		echo "pinkit audit $apk failed:" >&2 && cat "$DIR/err" >&2 && exit 1
	fi
	unzip -tq "$apk" >/dev/null
	: >"$DIR/a" && : >"$DIR/u" && : >"$DIR/b"
	for _ in $(seq 1 "$RUNS"); do # interleaved so drift hits all alike
		measure "$DIR/pinkit" audit --format json "$apk" >>"$DIR/a"
		measure unzip -tq "$apk" >>"$DIR/u"
		[ -n "${BASE:-}" ] && measure "$DIR/pinkit-base" audit --format json "$apk" >>"$DIR/b"
	done
	a=$(col a 1) u=$(col u 1) ac=$(col a 3) uc=$(col u 3)
	printf '%-5s %6d %5d | %7s %7s %6s %6s | %7s %7s %6s' "$mb" "$(($(stat -c %s "$apk") / 1048576))" \
		"$(unzip -l "$apk" | grep -c 'classes[0-9]*\.dex')" "$a" "$u" "$(ratio "$a" "$u")" "$(ratio "$ac" "$uc")" "$ac" "$uc" "$(peak a)"
	if [ -n "${BASE:-}" ]; then
		b=$(col b 1) bc=$(col b 3)
		printf ' | %8s %8s %8s %8s %7s' "$b" "$bc" "$(ratio "$a" "$b")" "$(ratio "$ac" "$bc")" "$(peak b)"
	fi
	echo
done
