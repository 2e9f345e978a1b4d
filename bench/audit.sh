#!/usr/bin/env bash
# bench/audit.sh — how fast is `pinkit audit` on a big APK, compared with
# `unzip -t` (which decompresses and CRC-checks every entry) on the same file?
#
# It builds, once, big APKs of about 25, 50 and 100 MB (and larger with
# SIZES="25 50 100 200"): a real fixture (manifest, resources.arsc, NSC) plus
# large incompressible assets (random bytes), compressible assets (text) and
# N big classes*.dex files assembled with smali from generated sources (about
# 200 000 strings each, 1% of them URLs). It then times, interleaved in one
# run, the built pinkit binary against `unzip -t` with /usr/bin/time -v,
# RUNS times each, and prints the median wall time, the ratio and the peak
# RSS for every size. Medians of wall and CPU (user+sys) seconds; the CPU
# ratio is the steadier one on a shared machine.
#
#   bench/audit.sh                 # sizes 25 50 100, 5 runs
#   RUNS=9 SIZES="100" bench/audit.sh
#
# Needs: go, smali, zip, unzip, /usr/bin/time (apt-get install time), and the
# fixture testdata/apk/good.apk. Work files go to ${BENCH_DIR:-/tmp/pinkit-bench}.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${BENCH_DIR:-/tmp/pinkit-bench}
RUNS=${RUNS:-5}
SIZES=${SIZES:-25 50 100}
mkdir -p "$DIR"

go build -o "$DIR/pinkit" ./cmd/pinkit

# gen_dex N: classes of generated smali -> $DIR/dex/big$N.dex (cached).
gen_dex() {
	local n=$1 out=$DIR/dex/big$1.dex
	[ -f "$out" ] && return
	local src=$DIR/smali$n
	rm -rf "$src" && mkdir -p "$src/bench" "$DIR/dex"
	awk -v n="$n" -v dir="$src/bench" 'BEGIN {
		for (c = 0; c < 2000; c++) {
			f = sprintf("%s/C%d_%d.smali", dir, n, c)
			printf ".class public Lbench/C%d_%d;\n.super Ljava/lang/Object;\n\n", n, c > f
			printf ".method public static m()V\n    .registers 1\n", n, c > f
			for (s = 0; s < 100; s++) {
				if (s == 0)
					printf "    const-string v0, \"https://h%d-%d.bench-%d.example.org/api/v%d\"\n", c, s, n, s > f
				else
					printf "    const-string v0, \"message %d.%d.%d: lorem ipsum dolor sit amet %08x\"\n", n, c, s, (n * 7919 + c * 104729 + s * 1299709) % 4294967296 > f
			}
			printf "    return-void\n.end method\n" > f
			close(f)
		}
	}'
	smali assemble -o "$out" "$src"
	rm -rf "$src"
}

# build_apk MB: fixture + MB random (stored) + MB/4 text (deflated) + MB/25 big dex files.
build_apk() {
	local mb=$1 apk=$DIR/big-$1.apk ndex=$(( ($1 + 24) / 25 ))
	[ -f "$apk" ] && return
	local w=$DIR/w$mb
	rm -rf "$w" && mkdir -p "$w/assets"
	cp "$ROOT/testdata/apk/good.apk" "$apk"
	head -c $(( mb * 1024 * 1024 )) /dev/urandom >"$w/assets/blob.bin"
	awk -v max=$(( mb * 1024 * 1024 / 4 )) 'BEGIN {
		for (n = 0; n < max; n += length(l) + 1) {
			l = sprintf("%d: the quick brown fox jumps over the lazy dog, pinkit bench text %d", NR++, (NR * 2654435761) % 1000003)
			print l
		}
	}' >"$w/assets/text.txt"
	for i in $(seq 1 "$ndex"); do
		gen_dex "$i"
		if [ "$i" = 1 ]; then cp "$DIR/dex/big1.dex" "$w/classes.dex"; else cp "$DIR/dex/big$i.dex" "$w/classes$i.dex"; fi
	done
	(cd "$w" && zip -q -0 "$apk" assets/blob.bin && zip -q -6 -r "$apk" assets/text.txt classes*.dex)
	rm -rf "$w"
}

# measure CMD...: prints "wall_seconds max_rss_kb cpu_seconds" of one run.
measure() {
	/usr/bin/time -f '%e %M %U %S' -o "$DIR/time.out" "$@" >/dev/null 2>&1 || true
	awk '{ print $1, $2, $3 + $4 }' "$DIR/time.out"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { print (b > 0 ? a / b : 0) }'; }

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

printf '%-6s %7s %9s %9s %6s %10s %10s %6s %9s %9s\n' size apk_MB audit_s unzip_s ratio audit_cpu unzip_cpu ratio audit_MB unzip_MB
for mb in $SIZES; do
	build_apk "$mb"
	apk=$DIR/big-$mb.apk
	rc=0 # warm the page cache, and make sure the audit really ran
	"$DIR/pinkit" audit --format json "$apk" >"$DIR/report.json" 2>"$DIR/err" || rc=$?
	if [ "$rc" -ge 2 ]; then
		echo "pinkit audit $apk failed:" >&2 && cat "$DIR/err" >&2 && exit 1
	fi
	unzip -tq "$apk" >/dev/null
	: >"$DIR/a" && : >"$DIR/u"
	for _ in $(seq 1 "$RUNS"); do # interleaved so drift hits both alike
		measure "$DIR/pinkit" audit --format json "$apk" >>"$DIR/a"
		measure unzip -tq "$apk" >>"$DIR/u"
	done
	a=$(cut -d' ' -f1 "$DIR/a" | median) u=$(cut -d' ' -f1 "$DIR/u" | median)
	ac=$(cut -d' ' -f3 "$DIR/a" | median) uc=$(cut -d' ' -f3 "$DIR/u" | median)
	ar=$(cut -d' ' -f2 "$DIR/a" | sort -g | tail -1) ur=$(cut -d' ' -f2 "$DIR/u" | sort -g | tail -1)
	printf '%-6s %7d %9s %9s %6.2f %10s %10s %6.2f %9.1f %9.1f\n' "$mb" "$(($(stat -c %s "$apk") / 1048576))" \
		"$a" "$u" "$(ratio "$a" "$u")" "$ac" "$uc" "$(ratio "$ac" "$uc")" \
		"$(awk -v k="$ar" 'BEGIN { print k / 1024 }')" "$(awk -v k="$ur" 'BEGIN { print k / 1024 }')"
done
