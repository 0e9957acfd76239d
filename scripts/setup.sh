#!/usr/bin/env bash
# Brings the tools this project runs with into a cache folder outside the repo and links them
# into one bin folder that every make target puts first on PATH:
#   node   22 or newer (from PATH when new enough, else the npm registry package node-linux-*)
#   pulumi the pinned CLI (from PATH when at least the pin, else built from its Go module)
#   pulumi-resource-pulumi-nodejs  the launcher the engine runs to start dynamic providers
#   pulumi-language-yaml  the YAML language host (from PATH, else built from its Go module)
# Then installs the npm dependencies when package-lock.json changed, and the oldest
# @pulumi/pulumi the package supports (scripts/compat-sdk.js) for the compatibility test.
# Idempotent and quick once the cache is warm.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=../toolchain.env
. "$repo/toolchain.env"
cache="${ELB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-elb-poolmember}"
toolbin="$cache/toolchain/bin"
mkdir -p "$toolbin"

say() { echo "setup: $*" >&2; }
die() { echo "setup: error: $*" >&2; exit 1; }

# Look tools up on the PATH as it was before our own bin folder was put in front of it.
outside_path="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$toolbin" | paste -sd: -)"
find_outside() { PATH="$outside_path" command -v "$1" 2>/dev/null || true; }

version_at_least() { # $1 >= $2, both without a leading v
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

ensure_node() {
  local system_node major
  system_node="$(find_outside node)"
  if [ -n "$system_node" ]; then
    major="$("$system_node" -p 'process.versions.node.split(".")[0]')"
    if [ "$major" -ge 22 ]; then
      ln -sfn "$system_node" "$toolbin/node"
      return
    fi
  fi
  local dir="$cache/node-v$NODE_VERSION" npm_bin arch
  if [ ! -x "$dir/bin/node" ]; then
    npm_bin="$(find_outside npm)"
    [ -n "$npm_bin" ] || die "node is older than 22 and npm is missing; install Node.js 22 or newer"
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *) die "no Node.js 22 package for $(uname -m); install Node.js 22 or newer yourself" ;;
    esac
    NPM="$npm_bin" "$repo/scripts/fetch-node.sh" "$NODE_VERSION" "$arch" "$dir"
  fi
  ln -sfn "$dir/bin/node" "$toolbin/node"
}

ensure_pulumi() {
  local want="${PULUMI_VERSION#v}" existing have
  existing="$(find_outside pulumi)"
  if [ -n "$existing" ]; then
    have="$("$existing" version 2>/dev/null | tr -d 'v' || true)"
    if [ -n "$have" ] && version_at_least "$have" "$want"; then
      # An installed CLI ships its own dynamic-provider launcher beside it.
      ln -sfn "$existing" "$toolbin/pulumi"
      rm -f "$toolbin/pulumi-resource-pulumi-nodejs"
      return
    fi
  fi
  local dir="$cache/pulumi-$PULUMI_VERSION"
  if [ ! -x "$dir/bin/pulumi" ]; then
    command -v go >/dev/null 2>&1 ||
      die "no pulumi >= $PULUMI_VERSION on PATH and no Go to build it: install Go 1.26+ (or the Pulumi CLI $PULUMI_VERSION)"
    "$repo/scripts/build-pulumi.sh" "$PULUMI_VERSION" "$dir"
  fi
  ln -sfn "$dir/bin/pulumi" "$toolbin/pulumi"
  # The CLI expects the launcher beside its own (resolved) executable and warns when it
  # finds another one first on PATH.
  write_launcher "$dir/bin"
  rm -f "$toolbin/pulumi-resource-pulumi-nodejs"
}

write_launcher() { # DIR
  # The engine starts this with the program folder as working directory, so the dynamic
  # provider host resolves from the program's node_modules.
  cat >"$1/pulumi-resource-pulumi-nodejs.tmp" <<'SH'
#!/bin/sh
host=$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))") || exit 1
exec node "$host" "$@"
SH
  chmod +x "$1/pulumi-resource-pulumi-nodejs.tmp"
  mv "$1/pulumi-resource-pulumi-nodejs.tmp" "$1/pulumi-resource-pulumi-nodejs"
}

ensure_yaml_host() {
  local existing dir="$cache/pulumi-language-yaml-$PULUMI_YAML_VERSION"
  existing="$(find_outside pulumi-language-yaml)"
  if [ -n "$existing" ]; then
    ln -sfn "$existing" "$toolbin/pulumi-language-yaml"
    return
  fi
  if [ ! -x "$dir/bin/pulumi-language-yaml" ]; then
    command -v go >/dev/null 2>&1 ||
      die "no pulumi-language-yaml on PATH and no Go to build it: install Go 1.26+ (or Pulumi YAML $PULUMI_YAML_VERSION)"
    "$repo/scripts/build-pulumi-yaml.sh" "$PULUMI_YAML_VERSION" "$dir"
  fi
  ln -sfn "$dir/bin/pulumi-language-yaml" "$toolbin/pulumi-language-yaml"
}

ensure_node_modules() {
  local marker="$repo/node_modules/.package-lock.json"
  if [ ! -f "$marker" ] || [ "$repo/package-lock.json" -nt "$marker" ] || [ "$repo/package.json" -nt "$marker" ]; then
    say "installing npm dependencies"
    if [ -f "$repo/package-lock.json" ]; then
      (cd "$repo" && PATH="$toolbin:$PATH" npm ci --no-audit --no-fund --loglevel=error)
    else
      (cd "$repo" && PATH="$toolbin:$PATH" npm install --no-audit --no-fund --loglevel=error)
    fi
    touch "$marker"
  fi
}

ensure_compat_sdk() {
  # The lower bound of the peer range in package.json, once, into $cache/compat/.
  PATH="$toolbin:$PATH" "$toolbin/node" "$repo/scripts/compat-sdk.js" "$cache"
}

ensure_node
ensure_pulumi
ensure_yaml_host
ensure_node_modules
ensure_compat_sdk
say "node $("$toolbin/node" --version), pulumi $("$toolbin/pulumi" version) in $toolbin"
