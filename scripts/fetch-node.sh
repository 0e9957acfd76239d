#!/usr/bin/env bash
# Fetches the official Node.js build VERSION for ARCH (x64 or arm64) on Linux from the npm
# registry package node-linux-ARCH into DIR (DIR/bin/node), unless it is already there.
# scripts/setup.sh uses it for the toolchain's Node, scripts/plugin/node-binary.ts for the
# binary the self-contained plugin is made from.
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 VERSION ARCH DIR" >&2; exit 2; }
version="$1" arch="$2" dir="$3"
[ -x "$dir/bin/node" ] && exit 0

npm_bin="${NPM:-$(command -v npm || true)}"
[ -n "$npm_bin" ] || { echo "fetch-node: npm is missing; install Node.js 22 or newer" >&2; exit 1; }
echo "fetch-node: fetching Node.js $version from the npm registry (node-linux-$arch)" >&2
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp" "$dir.partial"' EXIT
(cd "$tmp" && "$npm_bin" pack --silent "node-linux-$arch@$version" >/dev/null)
mkdir -p "$dir.partial"
tar -xzf "$tmp"/node-linux-*.tgz -C "$dir.partial" --strip-components=1
rm -rf "$dir"
# Renamed into place whole, so a fetch cut short never leaves a DIR that looks complete.
mv "$dir.partial" "$dir"
