#!/usr/bin/env bash
# Brings what test/engine/go (the typed Go SDK's Automation API test) needs into Go's caches, so
# the test builds offline (GOPROXY=off):
#   the module cache   every module go.sum lists for the test's packages (`go mod download`)
#   the build cache    one build with the test's flags, so the test's own build is a quick link
#   $ELB_CACHE_DIR/go-sdk-<hash>.done   marks both done for this go.mod, go.sum and Go version
# Idempotent and quick once the marker exists.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
module="$repo/test/engine/go"
cache="${ELB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-elb-poolmember}"

say() { echo "setup-go-sdk: $*" >&2; }
die() { echo "setup-go-sdk: error: $*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "no Go on PATH to build the Go SDK test: install Go 1.26+"
# The test's settings: go.mod and go.sum as committed, the installed Go (no toolchain download),
# no VCS stamping (the checkout's state would only change the binary, not what it does).
export GOFLAGS="-mod=readonly -buildvcs=false" GOTOOLCHAIN=local
# Same build flags as the CLI's build (scripts/build-pulumi.sh), so shared packages are reused.
build_flags=(-trimpath -tags osusergo,grpcnotrace)

hash="$( (cat "$module/go.mod" "$module/go.sum"; go env GOVERSION; echo "${build_flags[*]}") | sha256sum | cut -c1-16)"
marker="$cache/go-sdk-$hash.done"
[ -e "$marker" ] && exit 0

mkdir -p "$cache"
cd "$module"
say "downloading the Go SDK test's modules and building it once (a minute or two the first time)"
go mod download
go build "${build_flags[@]}" -o /dev/null .
touch "$marker"
