#!/usr/bin/env bash
# Builds the pinned Pulumi CLI from its Go module into a cache folder outside the repo.
# pkg/v3 cannot be `go install`ed directly (its go.mod has replace directives), so a small
# wrapper module requires pkg and sdk at the same version and builds the CLI package.
# Usage: build-pulumi.sh VERSION OUT_DIR
set -euo pipefail
version="$1"
out="$2"
work="$out/.build"
mkdir -p "$work" "$out/bin"

cat > "$work/go.mod" <<MOD
module local/pulumi-cli-build

go 1.26

require (
	github.com/pulumi/pulumi/pkg/v3 $version
	github.com/pulumi/pulumi/sdk/v3 $version
)

// pkg/v3 replaces this Windows-only module; the replace must be repeated here.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD

cd "$work"
export GOFLAGS=-mod=mod
echo "building pulumi $version (first run only; takes several minutes)" >&2
# go get warns about retracted indirect dependencies of pulumi; only its failure matters.
if ! go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$version" 2>"$work/get.log"; then
  cat "$work/get.log" >&2
  exit 1
fi
go build -trimpath -tags osusergo,grpcnotrace \
  -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
  -o "$out/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
"$out/bin/pulumi" version
