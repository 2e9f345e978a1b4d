#!/usr/bin/env bash
# test-action.sh: exercises action.yml on this machine. It lays out a
# release the way goreleaser names it (pinkit_<version>_linux_<arch>.tar.gz
# and checksums.txt) in a local folder, then runs the action's steps with
# scripts/actionrun against a workspace holding test APKs:
#   1. a clean app: every step passes, the SARIF file exists and would be uploaded;
#   2. an app with medium findings and fail-on=medium: the upload still
#      happens (always()) and the action fails;
#   3. a tampered archive: the checksum check stops the install.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

version=v0.0.0-action
arch=$(uname -m)
case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
work=$(mktemp -d /tmp/pinkit-action.XXXXXX)
trap 'rm -rf "$work"' EXIT

rel=$work/releases/$version
mkdir -p "$rel" "$work/build" "$work/ws"
CGO_ENABLED=0 go build -trimpath -ldflags "-X github.com/pinkit/pinkit/internal/buildinfo.version=$version" \
	-o "$work/build/pinkit" ./cmd/pinkit
archive=pinkit_${version#v}_linux_${arch}.tar.gz
tar -C "$work/build" -czf "$rel/$archive" pinkit
(cd "$rel" && sha256sum "$archive" >checksums.txt)
cp testdata/apk/good.apk testdata/apk/nested.apk "$work/ws/"

act() { go run ./scripts/actionrun -C "$root" -workspace "$work/ws" download-url="file://$work/releases" version=$version "$@"; }

echo "== clean app"
act apps=good.apk sarif-file=good.sarif args="--now 2026-06-01" | tee "$work/1.log"
grep -q "pinkit $version" "$work/1.log"
grep -q '^   would upload good.sarif' "$work/1.log"
grep -q '"executionSuccessful": true' "$work/ws/good.sarif"

echo "== findings at fail-on"
if act apps=nested.apk fail-on=medium sarif-file=nested.sarif args="--now 2026-06-01" >"$work/2.log" 2>&1; then
	cat "$work/2.log"; echo "the action passed with medium findings and fail-on=medium"; exit 1
fi
grep -q '^   would upload nested.sarif' "$work/2.log" || { cat "$work/2.log"; echo "no upload after findings"; exit 1; }
grep -q 'exited with 1' "$work/2.log"
grep -q '"ruleId": "PK111"' "$work/ws/nested.sarif"

echo "== tampered archive"
echo tampered >>"$rel/$archive"
if act apps=good.apk >"$work/3.log" 2>&1; then
	cat "$work/3.log"; echo "a tampered archive was installed"; exit 1
fi
grep -q 'FAILED' "$work/3.log" || { cat "$work/3.log"; exit 1; }
echo "action.yml: ok"
