#!/bin/sh
# build.sh rebuilds the committed fixture APKs from src/ with aapt2.
# Usage: ./build.sh [OUTDIR]   (default: this directory)
# Needs aapt2 and android-framework-res (apt-get install aapt android-framework-res).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
fw=${FRAMEWORK_RES:-/usr/share/android-framework-res/framework-res.apk}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

aapt2 compile --dir "$here/src/app/res" -o "$tmp/res.zip"
# plain: dense type chunks, UTF-8 global string pool
aapt2 link -I "$fw" --manifest "$here/src/app/AndroidManifest.xml" "$tmp/res.zip" -o "$out/plain.apk"
# sparse: FLAG_SPARSE for the values-fr strings (minSdk 26, 3 of 66 strings overridden)
aapt2 optimize --enable-sparse-encoding -o "$out/sparse.apk" "$out/plain.apk"
# short: res/xml/network_security_config.xml renamed to res/XX.xml
aapt2 optimize --enable-resource-path-shortening \
	--resource-path-shortening-map "$out/short.map" -o "$out/short.apk" "$out/plain.apk"
