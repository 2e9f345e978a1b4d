#!/usr/bin/env bash
# build-image.sh: builds the pinkit container image without a Docker engine
# (ko, .ko.yaml) into a docker-save tarball and checks its manifest and
# config: one platform, entrypoint /ko-app/pinkit, non-root user, and the
# binary inside prints the version given with PINKIT_VERSION.
#
# Offline-friendly: instead of pulling the distroless base that releases use,
# CI serves a minimal base (an /etc/passwd with the nonroot user) from a
# throwaway registry on 127.0.0.1 (crane registry serve). Users who have
# Docker can use the Dockerfile instead.
#
#   scripts/build-image.sh [OUT.tar]      (default: /tmp/pinkit-image.tar)
set -euo pipefail
cd "$(dirname "$0")/.."

KO_VERSION=v0.19.1
CRANE_VERSION=v0.21.7 # the go-containerregistry that ko $KO_VERSION uses
bin=${PINKIT_CACHE:-$HOME/.cache/pinkit-ci}/bin
out=${1:-/tmp/pinkit-image.tar}
export PINKIT_VERSION=${PINKIT_VERSION:-v0.0.0-ci}

mkdir -p "$bin"
[ -x "$bin/ko" ] && "$bin/ko" version | grep -qx "${KO_VERSION#v}" ||
	(cd /tmp && GOBIN="$bin" GOFLAGS= go install "github.com/google/ko@$KO_VERSION")
[ -x "$bin/crane" ] && "$bin/crane" version | grep -qx "${CRANE_VERSION}" ||
	(cd /tmp && GOBIN="$bin" GOFLAGS= go install "github.com/google/go-containerregistry/cmd/crane@$CRANE_VERSION")

work=$(mktemp -d /tmp/pinkit-image.XXXXXX)
registry_pid=
cleanup() {
	[ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# A registry on a free loopback port.
for port in $(seq 55001 55100); do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
	"$bin/crane" registry serve --address "127.0.0.1:$port" >"$work/registry.log" 2>&1 &
	registry_pid=$!
	for _ in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break 2
		sleep 0.1
	done
	kill "$registry_pid" 2>/dev/null || true
	registry_pid=
done
[ -n "$registry_pid" ] || { echo "no port for the registry"; exit 1; }
base=127.0.0.1:$port/pinkit-base:latest

# The base: the nonroot user of distroless (uid 65532), nothing else.
mkdir -p "$work/root/etc" "$work/root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$work/root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$work/root/etc/group"
tar -C "$work/root" --owner=0 --group=0 --mtime=@0 -cf "$work/base.tar" etc tmp
"$bin/crane" append --oci-empty-base -f "$work/base.tar" -t "$base" >/dev/null 2>&1
"$bin/crane" mutate --set-platform linux/amd64 --user 65532:65532 -t "$base" "$base" >/dev/null 2>&1

KO_DOCKER_REPO=pinkit KO_DEFAULTBASEIMAGE=$base SOURCE_DATE_EPOCH=0 \
	"$bin/ko" build --bare --push=false --sbom=none --platform linux/amd64 --tarball "$out" ./cmd/pinkit >"$work/ko.log" 2>&1 ||
	{ cat "$work/ko.log"; exit 1; }

# Check the image: manifest, config, and the binary in the top layer.
mkdir "$work/img"
tar -C "$work/img" -xf "$out"
node -e '
	const fs = require("fs"), dir = process.argv[1];
	const m = JSON.parse(fs.readFileSync(dir + "/manifest.json", "utf8"));
	const fail = (s) => { console.error("image check failed: " + s); process.exit(1); };
	if (m.length !== 1) fail(m.length + " images in the tarball");
	const cfg = JSON.parse(fs.readFileSync(dir + "/" + m[0].Config, "utf8"));
	if (cfg.os !== "linux" || cfg.architecture !== "amd64") fail("platform " + cfg.os + "/" + cfg.architecture);
	if (JSON.stringify(cfg.config.Entrypoint) !== "[\"/ko-app/pinkit\"]") fail("entrypoint " + cfg.config.Entrypoint);
	if (cfg.config.User !== "65532:65532") fail("user " + cfg.config.User);
	if (m[0].Layers.length < 2) fail("layers " + m[0].Layers.length);
	console.log(m[0].Layers[m[0].Layers.length - 1]);
	console.log("image ok: " + m[0].RepoTags + ", " + m[0].Layers.length + " layers, entrypoint /ko-app/pinkit, user 65532");
' "$work/img" >"$work/check.txt"
top=$(head -n1 "$work/check.txt")
mkdir "$work/top"
tar -C "$work/top" -xf "$work/img/$top"
got=$("$work/top/ko-app/pinkit" version)
[ "$got" = "pinkit $PINKIT_VERSION" ] || { echo "image binary says '$got', want 'pinkit $PINKIT_VERSION'"; exit 1; }
tail -n1 "$work/check.txt"
echo "image binary: $got ($out)"
