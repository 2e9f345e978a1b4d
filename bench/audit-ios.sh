#!/usr/bin/env bash
# bench/audit-ios.sh — how fast is `pinkit audit` on a big IPA, compared with
# `unzip -t` (which decompresses and CRC-checks every entry) on the same file?
#
# It builds, once, an IPA of about ${MB:-100} MB: an XML Info.plist with
# NSAppTransportSecurity pins, a big main executable (a real Mach-O assembled
# with llvm-mc-14: a __cstring section of ~BIN_MB MB of strings, 1% of them
# URLs, deflated), a fat framework (the committed llvm-mc fixture), a bundled
# certificate, incompressible assets (random bytes, stored) and compressible
# assets (text, deflated). It then times, interleaved in one run, the built
# pinkit binary against `unzip -t` with /usr/bin/time, RUNS times each, and
# prints the median wall and CPU seconds, their ratios, and the peak RSS.
#
#   bench/audit-ios.sh                  # ~100 MB IPA, 40 MB binary, 5 runs
#   RUNS=9 MB=200 BIN_MB=80 bench/audit-ios.sh
#
# Needs: go, llvm-mc-14, zip, unzip, openssl, /usr/bin/time. Work files go to
# ${BENCH_DIR:-/tmp/pinkit-bench-ios}.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${BENCH_DIR:-/tmp/pinkit-bench-ios}
RUNS=${RUNS:-5}
MB=${MB:-100}
BIN_MB=${BIN_MB:-40}
mkdir -p "$DIR"

go build -o "$DIR/pinkit" ./cmd/pinkit

# build_binary: a Mach-O object whose __cstring holds ~BIN_MB MB of strings (cached).
build_binary() {
	local out=$DIR/App-$BIN_MB
	[ -f "$out" ] && return
	awk -v max=$(( BIN_MB * 1024 * 1024 )) 'BEGIN {
		print ".section __TEXT,__cstring,cstring_literals"
		for (n = 0; n < max; n += length(s) + 1) {
			i++
			if (i % 100 == 0)
				s = sprintf("https://h%d.api-%d.example.com/v%d/items?page=%d", i, i % 97, i % 5, i)
			else
				s = sprintf("message %d: lorem ipsum dolor sit amet, consectetur %08x", i, (i * 2654435761) % 4294967296)
			printf "    .asciz \"%s\"\n", s
		}
		print ".section __TEXT,__swift5_reflstr"
		print "    .asciz \"PublicKeysTrustEvaluator\""
	}' >"$DIR/big.s"
	llvm-mc-14 -triple arm64-apple-ios -filetype=obj "$DIR/big.s" -o "$out"
	rm -f "$DIR/big.s"
}

# build_ipa: Info.plist + big binary + fat framework + cert + assets.
build_ipa() {
	local ipa=$DIR/big-$MB-$BIN_MB.ipa
	[ -f "$ipa" ] && return
	build_binary
	local w=$DIR/w app=Payload/Bench.app
	rm -rf "$w" && mkdir -p "$w/$app/Frameworks/Net.framework" "$w/$app/Assets"
	cat >"$w/$app/Info.plist" <<'PLIST'
<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>CFBundleIdentifier</key><string>com.example.bench</string>
<key>CFBundleShortVersionString</key><string>1.0</string>
<key>CFBundleExecutable</key><string>Bench</string>
<key>NSAppTransportSecurity</key><dict><key>NSPinnedDomains</key><dict>
<key>example.com</key><dict><key>NSIncludesSubdomains</key><true/><key>NSPinnedCAIdentities</key><array>
<dict><key>SPKI-SHA256-BASE64</key><string>ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=</string></dict>
<dict><key>SPKI-SHA256-BASE64</key><string>PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0=</string></dict>
</array></dict></dict></dict>
</dict></plist>
PLIST
	cp "$DIR/App-$BIN_MB" "$w/$app/Bench"
	cp "$ROOT/audit/load/ipa/testdata/strings-fat.o" "$w/$app/Frameworks/Net.framework/Net"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null -subj /CN=api.example.com \
		-days 365 -outform DER -out "$w/$app/api.cer" 2>/dev/null
	local rest=$(( MB - 3 ))
	head -c $(( rest * 1024 * 1024 )) /dev/urandom >"$w/$app/Assets/blob.bin"
	awk -v max=$(( 16 * 1024 * 1024 )) 'BEGIN {
		for (n = 0; n < max; n += length(l) + 1) {
			l = sprintf("%d: the quick brown fox jumps over the lazy dog, pinkit bench text %d", NR++, (NR * 2654435761) % 1000003)
			print l
		}
	}' >"$w/$app/Assets/text.txt"
	(cd "$w" && zip -q -0 "$ipa" "$app/Assets/blob.bin" && zip -q -6 -r "$ipa" "$app" -x "$app/Assets/blob.bin")
	rm -rf "$w"
}

# measure CMD...: prints "wall_seconds max_rss_kb cpu_seconds" of one run.
measure() {
	/usr/bin/time -f '%e %M %U %S' -o "$DIR/time.out" "$@" >/dev/null 2>&1 || true
	tail -1 "$DIR/time.out" | awk '{ print $1, $2, $3 + $4 }' # last line: time prefixes a note on exit status 1 (findings)
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { print (b > 0 ? a / b : 0) }'; }

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

build_ipa
ipa=$DIR/big-$MB-$BIN_MB.ipa
rc=0 # warm the page cache, and make sure the audit really ran
"$DIR/pinkit" audit --format json "$ipa" >"$DIR/report.json" 2>"$DIR/err" || rc=$?
if [ "$rc" -ge 2 ]; then
	echo "pinkit audit $ipa failed:" >&2 && cat "$DIR/err" >&2 && exit 1
fi
grep -q '"PK201"\|"host": "h100.api' "$DIR/report.json" || { echo "report lacks the binary's hosts" >&2; exit 1; }
unzip -tq "$ipa" >/dev/null
: >"$DIR/a" && : >"$DIR/u"
for _ in $(seq 1 "$RUNS"); do # interleaved so drift hits both alike
	measure "$DIR/pinkit" audit --format json "$ipa" >>"$DIR/a"
	measure unzip -tq "$ipa" >>"$DIR/u"
done
a=$(cut -d' ' -f1 "$DIR/a" | median) u=$(cut -d' ' -f1 "$DIR/u" | median)
ac=$(cut -d' ' -f3 "$DIR/a" | median) uc=$(cut -d' ' -f3 "$DIR/u" | median)
ar=$(cut -d' ' -f2 "$DIR/a" | sort -g | tail -1) ur=$(cut -d' ' -f2 "$DIR/u" | sort -g | tail -1)
printf '%7s %7s %9s %9s %6s %10s %10s %6s %9s %9s\n' ipa_MB bin_MB audit_s unzip_s ratio audit_cpu unzip_cpu ratio audit_MB unzip_MB
printf '%7d %7d %9s %9s %6.2f %10s %10s %6.2f %9.1f %9.1f\n' "$(($(stat -c %s "$ipa") / 1048576))" "$BIN_MB" \
	"$a" "$u" "$(ratio "$a" "$u")" "$ac" "$uc" "$(ratio "$ac" "$uc")" \
	"$(awk -v k="$ar" 'BEGIN { print k / 1024 }')" "$(awk -v k="$ur" 'BEGIN { print k / 1024 }')"
