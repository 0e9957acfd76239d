#!/usr/bin/env bash
# Brings the typed SDKs' generator (scripts/sdkgen, Pulumi's codegen at the CLI's version) into
# the cache, outside the repo:
#   $ELB_CACHE_DIR/sdkgen-<hash>/sdkgen   built once per change of its source or of PULUMI_VERSION
#   $ELB_TOOLCHAIN/sdkgen -> it           what `make sdks` and scripts/sdks.test.ts run
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cache="${ELB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-elb-poolmember}"
toolchain="${ELB_TOOLCHAIN:-$cache/toolchain}"
# shellcheck source=../toolchain.env
. "$repo/toolchain.env"

die() { echo "setup-sdkgen: error: $*" >&2; exit 1; }

hash="$( (cat "$repo/scripts/sdkgen/main.go" "$repo/scripts/build-sdkgen.sh"; echo "$PULUMI_VERSION") | sha256sum | cut -c1-16)"
dir="$cache/sdkgen-$hash"
mkdir -p "$toolchain"
if [ ! -x "$dir/sdkgen" ]; then
  command -v go >/dev/null 2>&1 || die "no Go on PATH to build the SDK generator: install Go 1.26+"
  "$repo/scripts/build-sdkgen.sh" "$PULUMI_VERSION" "$dir/sdkgen"
fi
ln -sfn "$dir/sdkgen" "$toolchain/sdkgen"
