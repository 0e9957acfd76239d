#!/usr/bin/env bash
# Builds the pinned Pulumi YAML language host (pulumi-language-yaml) from its Go module into a
# cache folder outside the repo, so YAML programs run here without a Pulumi install.
# Usage: build-pulumi-yaml.sh VERSION OUT_DIR
set -euo pipefail
version="$1"
out="$2"
work="$out/.build"
mkdir -p "$work" "$out/bin"

cat > "$work/go.mod" <<MOD
module local/pulumi-yaml-build

go 1.26

require github.com/pulumi/pulumi-yaml $version
MOD

cd "$work"
export GOFLAGS=-mod=mod
echo "building pulumi-language-yaml $version (first run only; takes a few minutes)" >&2
if ! go get "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$version" 2>"$work/get.log"; then
  cat "$work/get.log" >&2
  exit 1
fi
go build -trimpath -o "$out/bin/pulumi-language-yaml.partial" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
mv "$out/bin/pulumi-language-yaml.partial" "$out/bin/pulumi-language-yaml"
