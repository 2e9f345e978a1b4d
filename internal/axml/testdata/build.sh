#!/bin/sh
# Rebuilds the committed binary XML fixtures from src/ with aapt2.
# Usage: cd internal/axml/testdata && ./build.sh
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
aapt2 compile --dir src/res -o "$tmp/res.zip"
aapt2 link -I /usr/share/android-framework-res/framework-res.apk \
	--manifest src/AndroidManifest.xml "$tmp/res.zip" -o "$tmp/app.apk"
unzip -p "$tmp/app.apk" AndroidManifest.xml > manifest.axml
unzip -p "$tmp/app.apk" res/xml/network_security_config.xml > nsc.axml
unzip -p "$tmp/app.apk" res/xml/types.xml > types.axml
