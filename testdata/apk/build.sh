#!/bin/sh
# build.sh rebuilds the real APK fixtures testdata/apk/<case>.apk from their
# sources in testdata/apk/src/<case>/ with the Android build tools:
#
#   aapt2 compile + link (against framework-res.apk), optionally aapt2 optimize
#   (OPTIMIZE=... in src/<case>/build.conf), smali assemble (smali/ ->
#   classes.dex, smali2/ -> classes2.dex), extra/ copied verbatim into the
#   zip (native libs, assets), zipalign, apksigner (test.jks, password pinkit).
#
# It then writes SOURCES.sha256: one line per case "<sources hash> <apk hash>
# <case>", which internal/apk's TestFixturesUpToDate compares with the tree.
# Needs: apt-get install aapt android-framework-res apksigner libsmali-java zipalign
set -eu
cd "$(dirname "$0")"
FW=${FRAMEWORK_RES:-/usr/share/android-framework-res/framework-res.apk}
export LC_ALL=C TZ=UTC

if [ ! -f test.jks ]; then
	keytool -genkeypair -keystore test.jks -storepass pinkit -keypass pinkit \
		-alias pinkit -keyalg RSA -keysize 2048 -validity 36500 \
		-dname CN=pinkit-test-fixtures -noprompt
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# srchash prints the hash of a case's sources plus this script.
srchash() {
	(cd "src/$1" && find . -type f | sort | xargs sha256sum; sha256sum <../../build.sh) | sha256sum | cut -d' ' -f1
}

build() {
	c=$1 d=src/$1 w=$tmp/$1
	mkdir -p "$w/zip"
	OPTIMIZE=""
	if [ -f "$d/build.conf" ]; then . "./$d/build.conf"; fi
	aapt2 compile --dir "$d/res" -o "$w/res.zip"
	aapt2 link -I "$FW" --manifest "$d/AndroidManifest.xml" "$w/res.zip" -o "$w/app.apk"
	if [ -n "$OPTIMIZE" ]; then
		# shellcheck disable=SC2086 # OPTIMIZE holds several flags
		aapt2 optimize $OPTIMIZE -o "$w/opt.apk" "$w/app.apk"
		mv "$w/opt.apk" "$w/app.apk"
	fi
	if [ -d "$d/smali" ]; then smali assemble "$d/smali" -o "$w/zip/classes.dex"; fi
	if [ -d "$d/smali2" ]; then smali assemble "$d/smali2" -o "$w/zip/classes2.dex"; fi
	if [ -d "$d/extra" ]; then cp -R "$d/extra/." "$w/zip/"; fi
	if [ -n "$(ls -A "$w/zip")" ]; then
		find "$w/zip" -exec touch -d 2008-01-01T00:00:00Z {} +
		(cd "$w/zip" && find . -type f | sort | sed 's|^\./||' | xargs zip -X -q -D ../app.apk)
	fi
	zipalign -f 4 "$w/app.apk" "$w/aligned.apk"
	apksigner sign --ks test.jks --ks-pass pass:pinkit --key-pass pass:pinkit \
		--out "$c.apk" "$w/aligned.apk"
	rm -f "$c.apk.idsig"
	echo "$(srchash "$c") $(sha256sum <"$c.apk" | cut -d' ' -f1) $c" >>"$tmp/SOURCES"
}

for d in src/*/; do
	c=$(basename "$d")
	build "$c"
	printf '%-18s %6d bytes\n' "$c.apk" "$(wc -c <"$c.apk")"
done
mv "$tmp/SOURCES" SOURCES.sha256
