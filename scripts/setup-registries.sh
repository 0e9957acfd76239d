#!/usr/bin/env bash
# Brings the local npm registry of test/engine/npm-registry.test.ts into the cache, outside the repo:
#   $ELB_CACHE_DIR/verdaccio-<version>-<hash>   Verdaccio at the pin in toolchain.env (npm install)
#   $ELB_TOOLCHAIN/verdaccio -> it              what scripts/npm-registry.js starts
#   $ELB_CACHE_DIR/npm-registry/storage-<hash>  a Verdaccio storage holding everything
#                                               `npm install pulumi-elb-poolmember` needs besides
#                                               the package, filled once through the public registry
# Idempotent and quick once both exist; an interrupted install leaves only a .partial folder.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=../toolchain.env
. "$repo/toolchain.env"
cache="${ELB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-elb-poolmember}"
toolchain="${ELB_TOOLCHAIN:-$cache/toolchain}"

say() { echo "setup-registries: $*" >&2; }

node_major="$(node -p 'process.versions.node.split(".")[0]')"
hash="$(printf 'verdaccio %s node %s\n' "$VERDACCIO_VERSION" "$node_major" | sha256sum | cut -c1-16)"
dir="$cache/verdaccio-$VERDACCIO_VERSION-$hash"
mkdir -p "$cache" "$toolchain"

if [ ! -f "$dir/node_modules/verdaccio/package.json" ]; then
  exec 9>"$dir.lock"
  flock 9
  if [ ! -f "$dir/node_modules/verdaccio/package.json" ]; then
    say "installing Verdaccio $VERDACCIO_VERSION into $dir (once)"
    rm -rf "$dir.partial"
    mkdir -p "$dir.partial"
    printf '{ "private": true, "dependencies": { "verdaccio": "%s" } }\n' "$VERDACCIO_VERSION" >"$dir.partial/package.json"
    # Verdaccio needs no install scripts; none of its dependencies' run.
    npm install --prefix "$dir.partial" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    mv "$dir.partial" "$dir"
  fi
  exec 9>&-
fi
ln -sfn "$dir" "$toolchain/verdaccio"

# One filling at a time: a second set-up waits, then finds the storage there.
mkdir -p "$cache/npm-registry"
exec 9>"$cache/npm-registry/fill.lock"
flock 9
node "$repo/scripts/npm-registry.js" "$cache" "$toolchain"
