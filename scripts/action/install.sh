#!/usr/bin/env bash
# install.sh (action.yml step 1): downloads a pinkit release archive for
# this runner, checks it against the release's checksums.txt, and puts
# pinkit on GITHUB_PATH.
#   PINKIT_VERSION       v1.2.3 or latest
#   PINKIT_DOWNLOAD_URL  base URL (https://github.com/pinkit/pinkit/releases/download, or file:// in tests)
set -euo pipefail

version=${PINKIT_VERSION:-latest}
base=${PINKIT_DOWNLOAD_URL:-https://github.com/pinkit/pinkit/releases/download}
if [ "$version" = latest ]; then
	# GitHub redirects /releases/latest to /releases/tag/vX.Y.Z.
	version=$(curl -fsSLI -o /dev/null -w '%{url_effective}' "${base%/download}/latest")
	version=${version##*/}
fi
case "$(uname -s)" in
Linux) os=linux ;;
Darwin) os=darwin ;;
*) echo "pinkit action: unsupported runner OS $(uname -s)" >&2; exit 2 ;;
esac
case "$(uname -m)" in
x86_64 | amd64) arch=amd64 ;;
aarch64 | arm64) arch=arm64 ;;
*) echo "pinkit action: unsupported runner architecture $(uname -m)" >&2; exit 2 ;;
esac
archive="pinkit_${version#v}_${os}_${arch}.tar.gz"
dir=${RUNNER_TEMP:-/tmp}/pinkit-$version
mkdir -p "$dir"
curl -fsSL -o "$dir/$archive" "$base/$version/$archive"
curl -fsSL -o "$dir/checksums.txt" "$base/$version/checksums.txt"
(cd "$dir" && grep " $archive\$" checksums.txt | sha256sum -c --quiet -)
tar -C "$dir" -xzf "$dir/$archive" pinkit
echo "$dir" >>"${GITHUB_PATH:-/dev/null}"
"$dir/pinkit" version
