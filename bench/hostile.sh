#!/usr/bin/env bash
# bench/hostile.sh — do hostile apps end quickly and cheaply in `pinkit audit`?
#
# It builds, once, the hostile inputs of issue 11 (plists, Mach-O, zip, and
# APKs whose manifest, DEX or resource table is the hostile part) plus a
# valid ~100 MB APK, then runs each through two
# binaries in the same run: this tree's and the previous build (BASE, by
# default the merge base with main, built from `git archive`, so no worktree
# is touched). For every input it records wall and CPU (user + system)
# seconds, peak RSS (/usr/bin/time -v, else /proc polling), the
# exit status and the first line of stderr, RUNS times (median), with the
# previous build cut off at TIMEOUT seconds (it crashes or runs for minutes).
# For inputs over 20 MB it also times `unzip -t` on the same file. The valid
# APK shows the cost of normal input did not rise (same-run ratio).
#
#   bench/hostile.sh                       # writes bench/RESULTS-hostile.md
#   RUNS=5 TIMEOUT=150 BASE=32032d3 bench/hostile.sh
#   ONLY='apk-axml-*|apk-dex-*|apk-arsc-*' OUT=/tmp/rows.md bench/hostile.sh
#
# ONLY is a '|'-separated list of globs over the input names (the first
# column of the table): only those inputs are built and run.
#
# BASE=32032d3 is main before the resbin merge (5457485), which brought the
# axml, dex and arsc fixes of issue 11: 3597b26, used before, already has
# them and is as fast as this tree on the apk-axml/dex/arsc rows.
#
# Needs: go, git, python3, smali, unzip, timeout; /usr/bin/time (apt-get
# install time) for RSS. Work files go to ${BENCH_DIR:-/tmp/pinkit-hostile}.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${BENCH_DIR:-/tmp/pinkit-hostile}
BASE=${BASE:-$(git merge-base HEAD main)}
RUNS=${RUNS:-3}
TIMEOUT=${TIMEOUT:-60}
OUT=${OUT:-$ROOT/bench/RESULTS-hostile.md}
ONLY=${ONLY:-*}
ONLY_SET=$([ "$ONLY" = '*' ] || printf "ONLY='%s' " "$ONLY")
mkdir -p "$DIR/in"

# wanted NAME: does NAME match one of the globs in ONLY?
wanted() {
	local p pats
	IFS='|' read -ra pats <<<"$ONLY"
	for p in "${pats[@]}"; do
		# shellcheck disable=SC2053 # $p is a glob
		[[ $1 == $p ]] && return 0
	done
	return 1
}

go build -o "$DIR/pinkit-new" ./cmd/pinkit
rm -rf "$DIR/base-src" && mkdir -p "$DIR/base-src"
git archive "$BASE" | tar -x -C "$DIR/base-src"
(cd "$DIR/base-src" && go build -o "$DIR/pinkit-base" ./cmd/pinkit)
BASE_REV=$(git rev-parse --short "$BASE")
NEW_REV="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/RESULTS-hostile.md' || echo +dirty)"

# The hostile files (cached): each generator mirrors a test in the repo.
python3 - "$DIR/in" "$ROOT/testdata/apk/good.apk" "$ONLY" <<'PY'
import fnmatch, os, random, struct, sys, zipfile, zlib
out, good, only = sys.argv[1], sys.argv[2], sys.argv[3].split('|')

def named(path):
    """Is path's last element named by one of the ONLY globs?"""
    return any(fnmatch.fnmatchcase(os.path.basename(path), p) for p in only)

def todo(path):
    """Is path to be made: missing and named by ONLY?"""
    return not os.path.lexists(path) and named(path)

def build(path, entries, count=None):
    """entries: (name, method, usize, crc, data, share) written by hand, so two
    directory entries may name one local header (share: index of its owner).
    entries may be a function returning them, called only if path is to be made."""
    if not todo(path):
        return
    if callable(entries):
        entries = entries()
    buf, cd, offs = bytearray(), bytearray(), []
    for name, method, usize, crc, data, share in entries:
        n = name.encode()
        if share is None:
            offs.append(len(buf))
            buf += struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, method, 0, 0x21, crc, len(data), usize, len(n), 0) + n + data
        else:
            offs.append(offs[share])
        cd += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, method, 0, 0x21, crc, len(data), usize, len(n), 0, 0, 0, 0, 0, offs[-1]) + n
    total = len(entries) if count is None else count
    eocd = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, total & 0xffff, total & 0xffff, len(cd), len(buf), 0)
    with open(path + '.tmp', 'wb') as f:
        f.write(buf); f.write(cd); f.write(eocd)
    os.rename(path + '.tmp', path)

def stored(name, data):
    return (name, 0, len(data), zlib.crc32(data), data, None)

def info(extra=b''):
    return stored('Payload/A.app/Info.plist', b'<?xml version="1.0"?><plist version="1.0"><dict>'
        b'<key>CFBundleIdentifier</key><string>com.example.hostile</string>'
        b'<key>CFBundleExecutable</key><string>A</string>' + extra + b'</dict></plist>')

# Info.plists nesting 1 M (XML) and 4 M (text) levels: a stack overflow in howett.net/plist.
build(f'{out}/ipa-plist-xml-1M-deep.ipa', [stored('Payload/A.app/Info.plist',
    b'<?xml version="1.0"?><plist version="1.0"><dict><key>a</key>' + b'<array>' * 1000000)])
build(f'{out}/ipa-plist-text-4M-deep.ipa', [stored('Payload/A.app/Info.plist', b'{a = ' + b'(' * 4000000)])

# Binary plist: {"k": a0}, a_i = [a_i+1, a_i+1], 24 levels: 2^24 values when unmarshalled.
objs = [bytes([0xd1, 1, 2]), bytes([0x51, ord('k')])] + [bytes([0xa2, 3 + i, 3 + i]) for i in range(24)] + [b'\x09']
bp, offs = bytearray(b'bplist00'), []
for o in objs:
    offs.append(len(bp)); bp += o
table = len(bp)
for o in offs:
    bp += struct.pack('>H', o)
bp += bytes(6) + bytes([2, 1]) + struct.pack('>QQQ', len(objs), 0, table)
build(f'{out}/ipa-bplist-doubling.ipa', [stored('Payload/A.app/Info.plist', bytes(bp))])

# Mach-O with 10,000 __cstring sections over the same 1 MB of strings.
body = bytearray()
i = 0
while len(body) < 1 << 20:
    body += (b'https://h%d.example.com/v1/items\x00' % i) if i % 10 == 0 else (b'lorem ipsum %08x dolor sit amet\x00' % (i * 2654435761 % 4294967296))
    i += 1
n = 10000
cmdsize = 72 + 80 * n
data_off = 32 + cmdsize
mach = struct.pack('<IIIIIIII', 0xfeedfacf, 0x0100000c, 0, 1, 1, cmdsize, 0, 0)
mach += struct.pack('<II16sQQQQIIII', 0x19, cmdsize, b'', 0, len(body), data_off, len(body), 7, 7, n, 0)
sect = struct.pack('<16s16sQQIIIIIIII', b'__cstring', b'__TEXT', 0, len(body), data_off, 0, 0, 0, 2, 0, 0, 0)
mach += sect * n + bytes(body)
build(f'{out}/ipa-macho-10k-sections.ipa', [info(), stored('Payload/A.app/A', mach)])

# APK: the good.apk fixture, then 9 directory entries naming one 512 MiB deflated DEX (~120:1).
bomb = f'{out}/apk-9-entries-one-512MiB-dex.apk'
if todo(bomb):
    entries = []
    with zipfile.ZipFile(good) as z:
        for zi in z.infolist():
            if not zi.filename.startswith('classes'):
                entries.append(stored(zi.filename, z.read(zi)))
    rnd = random.Random(11)
    chunk = bytearray(1 << 20)
    for p in range(0, len(chunk), 384):
        chunk[p] = rnd.randrange(256)
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    comp, crc = bytearray(), 0
    for _ in range(512):
        comp += c.compress(chunk); crc = zlib.crc32(chunk, crc)
    comp += c.flush()
    owner = len(entries)
    entries.append(('classes.dex', 8, 512 << 20, crc, bytes(comp), None))
    for k in range(2, 10):
        entries.append((f'classes{k}.dex', 8, 512 << 20, crc, bytes(comp), owner))
    build(bomb, entries)

# APK: one local header, 1,966,122 directory entries, the end record stating the count modulo 65536.
n = 30 * 65536 + 42
path = f'{out}/apk-eocd-count-mod-65536.apk'
if todo(path):
    buf = bytearray(struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 0, 0, 0x21, 0, 0, 0, 1, 0) + b'a')
    cd = bytearray()
    for k in range(n):
        cd += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, 0, 0, 0x21, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0) + b'%07d' % k
    eocd = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, n & 0xffff, n & 0xffff, len(cd), len(buf), 0)
    with open(path, 'wb') as f:
        f.write(buf); f.write(cd); f.write(eocd)

def good_with(name, data):
    """The good.apk fixture's entries, in order, with entry name's data replaced by data."""
    with zipfile.ZipFile(good) as z:
        return [stored(zi.filename, data if zi.filename == name else z.read(zi)) for zi in z.infolist()]

NO_STRING = 0xffffffff

def utf16_pool(strs):
    """A ResStringPool chunk of ASCII strs, UTF-16, no styles (axml's testEncoder.pool)."""
    data, offs = bytearray(), []
    for s in strs:
        offs.append(len(data))
        if len(s) > 0x7fff:
            data += struct.pack('<H', 0x8000 | len(s) >> 16)
        data += struct.pack('<H', len(s) & 0xffff) + s.encode('utf-16-le') + b'\0\0'
    data += bytes(-len(data) % 4)
    start = 28 + 4 * len(strs)
    return struct.pack('<HHIIIIII', 0x0001, 28, start + len(data), len(strs), 0, 0, start, 0) + \
        struct.pack('<%dI' % len(offs), *offs) + data

def axml_cdata_flood(n, size):
    """cdataFlood in internal/axml/hostile_test.go: <manifest> holding n CDATA
    chunks (0x0104) that all name one string of size characters."""
    def node(typ, line, ext):
        return struct.pack('<HHIII', typ, 16, 16 + len(ext), line, NO_STRING) + ext
    body = bytearray(utf16_pool(['manifest', 'x' * size]))
    body += node(0x0102, 1, struct.pack('<IIHHH6x', NO_STRING, 0, 20, 20, 0))
    body += node(0x0104, 0, struct.pack('<I4BI', 1, 8, 0, 0, 0, 0)) * n
    body += node(0x0103, 0, struct.pack('<II', NO_STRING, 0))
    return struct.pack('<HHI', 0x0003, 8, 8 + len(body)) + bytes(body)

def uleb128(v):
    b = bytearray()
    while v >= 0x80:
        b.append(v & 0x7f | 0x80); v >>= 7
    return bytes(b + bytes([v]))

def dex_shared_string(n, size):
    """sharedStringDex in internal/dex/hostile_test.go: a DEX 035 of a header,
    n string_ids all pointing at one string_data_item of size ASCII characters."""
    item = uleb128(size) + b'x' * size + b'\0'
    item += bytes(-len(item) % 4)
    data_off = 0x70 + 4 * n
    hdr = bytearray(0x70)
    hdr[0:8] = b'dex\n035\0'
    struct.pack_into('<III', hdr, 0x20, data_off + len(item), 0x70, 0x12345678)
    struct.pack_into('<II', hdr, 0x38, n, 0x70)
    return bytes(hdr) + struct.pack('<I', data_off) * n + item

def arsc_chunk(typ, hdr, body):
    return struct.pack('<HHI', typ, 8 + len(hdr), 8 + len(hdr) + len(body)) + hdr + body

def arsc_empty_chunk_flood(empty, entries):
    """emptyChunkFlood in internal/arsc/hostile_test.go (written by arsctest):
    package 0x7f "p", type 1 "string", key "k"; empty dense type chunks (SDK
    1 + i%1000) before the one chunk of entries string entries, all naming key 0
    and global string 0."""
    def config(sdk):
        c = bytearray(64)
        struct.pack_into('<I', c, 0, 64); struct.pack_into('<H', c, 24, sdk)
        return bytes(c)
    def type_chunk(count, cfg, body_offsets, body_entries):
        return arsc_chunk(0x0201, bytes([1, 0]) + struct.pack('<HII', 0, count, 84 + len(body_offsets)) + cfg,
                          body_offsets + body_entries)
    keys = arsc_chunk(0x0001, struct.pack('<IIIII', 1, 0, 0x100, 32, 0), struct.pack('<I', 0) + b'\x01\x01k\0')
    types = utf16_pool(['string'])
    name = 'p'.encode('utf-16-le').ljust(256, b'\0')
    pkg = bytearray(types + keys)
    pkg += arsc_chunk(0x0202, bytes([1, 0]) + struct.pack('<HI', 0, entries), bytes(4 * entries))
    blanks = [type_chunk(0, config(1 + i), b'', b'') for i in range(1000)]
    pkg += b''.join(blanks[i % 1000] for i in range(empty))
    offsets = struct.pack('<%dI' % entries, *range(0, 16 * entries, 16))
    entry = struct.pack('<HHIHBBI', 8, 0, 0, 8, 0, 0x03, 0)
    pkg += type_chunk(entries, config(0), offsets, entry * entries)
    pkg_hdr = struct.pack('<I', 0x7f) + name + struct.pack('<IIIII', 288, 1, 288 + len(types), 1, 0)
    body = utf16_pool(['https://example.com']) + arsc_chunk(0x0200, pkg_hdr, bytes(pkg))
    return arsc_chunk(0x0002, struct.pack('<I', 1), body)

# APKs: the good.apk fixture with one entry replaced by a hostile one.
# A manifest of 3,000 CDATA chunks naming one 1 M-character string (2 MB; 3 GB of text).
build(f'{out}/apk-axml-3000-cdata-one-1M-string.apk',
    lambda: good_with('AndroidManifest.xml', axml_cdata_flood(3000, 1000000)))
# A classes.dex of 100,000 string_ids naming one 1 M-character string (1.4 MB; 100 GB of strings).
build(f'{out}/apk-dex-100k-string-ids-one-1M-string.apk',
    lambda: good_with('classes.dex', dex_shared_string(100000, 1000000)))
# A resources.arsc of 131,000 empty type chunks before the one of 65,536 strings (12.6 MB).
build(f'{out}/apk-arsc-131k-empty-type-chunks.apk',
    lambda: good_with('resources.arsc', arsc_empty_chunk_flood(131000, 65536)))

# Source trees whose manifest / Info.plist is a link to /dev/zero.
for d, f in (('src-android-manifest-devzero', 'app/src/main/AndroidManifest.xml'), ('src-ios-plist-devzero', 'Info.plist')):
    p = os.path.join(out, d, f)
    if named(d) and not os.path.lexists(p):
        os.makedirs(os.path.dirname(p), exist_ok=True)
        os.symlink('/dev/zero', p)
PY

# A valid ~100 MB APK: the good.apk fixture, two smali-assembled DEX files
# (~200 000 strings each), 90 MB of random bytes (stored), 8 MB of text.
build_valid() {
	local apk=$DIR/in/valid-100mb.apk
	{ [ -f "$apk" ] || ! wanted "$(basename "$apk")"; } && return
	local w=$DIR/valid && rm -rf "$w" && mkdir -p "$w/assets"
	(cd "$w" && unzip -q "$ROOT/testdata/apk/good.apk")
	for n in 2 3; do
		local src=$DIR/smali$n && rm -rf "$src" && mkdir -p "$src/b"
		awk -v n=$n -v dir="$src/b" 'BEGIN { for (c = 0; c < 2000; c++) {
			f = sprintf("%s/C%d_%d.smali", dir, n, c)
			printf ".class public Lb/C%d_%d;\n.super Ljava/lang/Object;\n.method public static m()V\n    .registers 1\n", n, c > f
			for (s = 0; s < 100; s++) printf "    const-string v0, \"https://h%d-%d.b%d.example.org/v%d lorem %08x\"\n", c, s, n, s, (c * 104729 + s * 1299709) % 4294967296 > f
			printf "    return-void\n.end method\n" > f; close(f) } }'
		smali assemble -o "$w/classes$n.dex" "$src" && rm -rf "$src"
	done
	head -c $((90 << 20)) /dev/urandom >"$w/assets/blob.bin"
	awk 'BEGIN { for (n = 0; n < 8 * 1048576; n += length(l) + 1) { l = sprintf("%d: the quick brown fox jumps over the lazy dog", n); print l } }' >"$w/assets/text.txt"
	(cd "$w" && zip -q -0 -r "$apk.tmp" assets/blob.bin && zip -q -r "$apk.tmp" . -x assets/blob.bin) && mv "$apk.tmp" "$apk"
}
build_valid

# measure BIN FILE: one run -> "wall_s cpu_s rss_kb exit first-stderr-line"
measure() {
	local bin=$1 file=$2 t=$DIR/time.txt e=$DIR/err.txt rc=0
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -v -o "$t" timeout "$TIMEOUT" "$bin" audit "$file" >/dev/null 2>"$e" || rc=$?
		local wall rss cpu
		wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$t")
		cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$t")
		rss=$(awk -F': ' '/Maximum resident/ { print $2 }' "$t")
	else
		local start peak=0 pid
		start=$(date +%s.%N)
		timeout "$TIMEOUT" "$bin" audit "$file" >/dev/null 2>"$e" & pid=$!
		while kill -0 $pid 2>/dev/null; do
			local r; r=$(awk '/VmHWM/ { print $2 }' /proc/$pid/task/*/status 2>/dev/null | sort -n | tail -1)
			[ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r; sleep 0.05
		done
		wait $pid || rc=$?
		wall=$(echo "$(date +%s.%N) - $start" | bc); rss=$peak; cpu="?"
	fi
	local msg; msg=$(grep -m1 -v '^\s*$' "$e" | cut -c1-150 | tr '|' '/' || true)
	[ "$rc" = 124 ] && msg="killed after ${TIMEOUT}s"
	grep -q "fatal error: stack overflow" "$e" && msg="fatal error: stack overflow"
	echo "$wall $cpu $rss $rc $msg"
}

# median of a column
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

row() { # row NAME FILE
	local name=$1 file=$2 size out
	size=$(du -k --apparent-size "$file" 2>/dev/null | tail -1 | cut -f1)
	: >"$DIR/runs-base" && : >"$DIR/runs-new"
	local base_runs=$RUNS
	case $name in valid*) ;; *) base_runs=1 ;; esac # hostile files take minutes each: once is enough
	for i in $(seq "$RUNS"); do # interleaved, so both builds see the same machine
		[ "$i" -le "$base_runs" ] && measure "$DIR/pinkit-base" "$file" >>"$DIR/runs-base"
		measure "$DIR/pinkit-new" "$file" >>"$DIR/runs-new"
	done
	local bw bc br bm nw nc nr nm bx nx
	bw=$(cut -d' ' -f1 "$DIR/runs-base" | median); bc=$(cut -d' ' -f2 "$DIR/runs-base" | median)
	br=$(cut -d' ' -f3 "$DIR/runs-base" | median)
	nw=$(cut -d' ' -f1 "$DIR/runs-new" | median); nc=$(cut -d' ' -f2 "$DIR/runs-new" | median)
	nr=$(cut -d' ' -f3 "$DIR/runs-new" | median)
	bx=$(head -1 "$DIR/runs-base" | cut -d' ' -f4); nx=$(head -1 "$DIR/runs-new" | cut -d' ' -f4)
	bm=$(head -1 "$DIR/runs-base" | cut -d' ' -f5-); nm=$(head -1 "$DIR/runs-new" | cut -d' ' -f5-)
	local unz="–"
	if [ -f "$file" ] && [ "$size" -gt 20480 ]; then
		: >"$DIR/runs-unzip"
		for _ in $(seq "$RUNS"); do
			/usr/bin/time -f "%e %U %S" -o "$DIR/time.txt" unzip -tq "$file" >/dev/null 2>&1 || true
			tail -1 "$DIR/time.txt" | awk '{ print $1, $2 + $3 }' >>"$DIR/runs-unzip" # after "Command exited…"
		done
		unz="$(cut -d' ' -f1 "$DIR/runs-unzip" | median) s (cpu $(cut -d' ' -f2 "$DIR/runs-unzip" | median) s)"
	fi
	printf '| %s | %s | %s s (cpu %s s) / %s MB, exit %s: %s | **%s s (cpu %s s) / %s MB**, exit %s: %s | %s |\n' \
		"$name" "$(awk -v k="$size" 'BEGIN { printf(k > 1024 ? "%.1f MB" : "%d KB", k > 1024 ? k / 1024 : k) }')" \
		"$bw" "$bc" "$((br / 1024))" "$bx" "$bm" "$nw" "$nc" "$((nr / 1024))" "$nx" "$nm" "$unz"
}

{
	echo "# Hostile inputs through \`pinkit audit\` (issue 11)"
	echo
	echo "Command: \`${ONLY_SET}RUNS=$RUNS TIMEOUT=$TIMEOUT BASE=$BASE_REV bench/hostile.sh\`, run on $(date -u +%Y-%m-%d), $(nproc) CPUs,"
	echo "$(go version | cut -d' ' -f3), load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (a shared machine: wall"
	echo "times are inflated; CPU seconds are steadier). Previous build: $BASE_REV; this build: $NEW_REV."
	echo "Each cell: median wall time (user + system CPU) / peak RSS, exit status (0 clean, 1 findings, 2 error; 124 killed"
	echo "by timeout, 2 with \"fatal error\" is a crash), first line of stderr. The previous build ran the hostile"
	echo "files once each (they take minutes or crash). \`unzip -t\` only for files over 20 MB."
	echo
	echo "| input | size | previous build | this build | unzip -t |"
	echo "|---|---|---|---|---|"
	for f in "$DIR"/in/*; do
		case $(basename "$f") in valid-*) continue ;; esac
		if wanted "$(basename "$f")"; then row "$(basename "$f")" "$f"; fi
	done
	if wanted valid-100mb.apk; then row valid-100mb.apk "$DIR/in/valid-100mb.apk"; fi
	echo
	echo "Goal (issue 11): each hostile file under 20 MB ends in < 1 s with < 128 MB; a larger one no slower"
	echo "than \`unzip -t\` of the same file; the valid APK costs no more than before (same-run ratio of"
	echo "the CPU medians above). The three \`apk-axml-\`, \`apk-dex-\` and \`apk-arsc-\` files are the"
	echo "good.apk fixture with its manifest, classes.dex or resources.arsc replaced by the shape the tests"
	echo "of internal/axml, internal/dex and internal/arsc build (cdataFlood, sharedStringDex,"
	echo "emptyChunkFlood), stored, so a file is about as large as its hostile entry. Not in this script: the text"
	echo "report's control characters (tested end to end from a hostile IPA by"
	echo "TestAuditTextEscapesHostileIPA in cmd/pinkit, and in audit/report/text)."
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
