#!/usr/bin/env bash
# Builds scripts/sdkgen (the typed SDKs' generator) against Pulumi's codegen packages at the
# version the CLI is built from, into a cache folder outside the repo. Like build-pulumi.sh, a
# module made here requires pkg/v3 and sdk/v3 at that version (pkg/v3's go.mod has replace
# directives, so it cannot be required from a committed go.mod without repeating them).
# Usage: build-sdkgen.sh VERSION OUT_FILE
set -euo pipefail
version="$1"
out="$2"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(dirname "$out")/.build"
mkdir -p "$work"

cat > "$work/go.mod" <<MOD
module local/pulumi-elb-sdkgen

go 1.26

require (
	github.com/pulumi/pulumi/pkg/v3 $version
	github.com/pulumi/pulumi/sdk/v3 $version
)

// pkg/v3 replaces this Windows-only module; the replace must be repeated here.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD
cp "$repo/scripts/sdkgen/main.go" "$work/main.go"

cd "$work"
export GOFLAGS=-mod=mod
echo "building the SDK generator against pulumi $version (once per change of scripts/sdkgen)" >&2
if ! go mod tidy 2>"$work/tidy.log"; then
  cat "$work/tidy.log" >&2
  exit 1
fi
# The CLI's build flags, so the packages both use come from Go's build cache.
go build -trimpath -tags osusergo,grpcnotrace -o "$out.partial" .
mv "$out.partial" "$out"
