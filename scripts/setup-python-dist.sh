#!/usr/bin/env bash
# Brings the Python release tools and an offline wheelhouse into the cache, outside the repo:
#   $ELB_CACHE_DIR/python-dist-<hash>/venv        build, twine, pypiserver, setuptools, wheel
#                                                 (scripts/python-dist/requirements.txt)
#   $ELB_CACHE_DIR/python-dist-<hash>/wheelhouse  a wheel of every package pulumi_elb needs to
#                                                 install (Pulumi's Python SDK at the versions of
#                                                 scripts/python-sdk/requirements.txt), so a
#                                                 loopback index can serve the whole install
#   $ELB_TOOLCHAIN/python-dist -> it              what scripts/lib/python-dist.ts uses
# <hash> covers both requirements files and the Python (wheels are per Python version and
# platform). Idempotent and quick once done; an interrupted run leaves only a .partial folder.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
tools="$repo/scripts/python-dist/requirements.txt"
sdk="$repo/scripts/python-sdk/requirements.txt"
cache="${ELB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-elb-poolmember}"
toolchain="${ELB_TOOLCHAIN:-$cache/toolchain}"
python="${ELB_PYTHON:-python3}"

say() { echo "setup-python-dist: $*" >&2; }
die() { echo "setup-python-dist: error: $*" >&2; exit 1; }

command -v "$python" >/dev/null 2>&1 || die "no $python on PATH: install Python 3.9 or newer (or set ELB_PYTHON)"
py_id="$("$python" -c 'import sys, sysconfig; print("%d.%d %s" % (sys.version_info[:2] + (sysconfig.get_platform(),)))')"
hash="$( (cat "$tools" "$sdk"; echo "python $py_id") | sha256sum | cut -c1-16)"
dir="$cache/python-dist-$hash"
mkdir -p "$cache" "$toolchain"

if [ ! -x "$dir/venv/bin/python" ]; then
  exec 9>"$dir.lock"
  flock 9
  if [ ! -x "$dir/venv/bin/python" ]; then
    say "installing the Python release tools and the wheelhouse into $dir (once)"
    rm -rf "$dir.partial"
    mkdir -p "$dir.partial"
    "$python" -m venv --prompt python-dist "$dir.partial/venv"
    pip=("$dir.partial/venv/bin/python" -m pip --disable-pip-version-check --no-input --quiet)
    "${pip[@]}" install --no-compile -r "$tools"
    # Wheels only: the test installs from this folder with no compiler and no network.
    "${pip[@]}" download --only-binary=:all: --dest "$dir.partial/wheelhouse" -r "$sdk"
    mv "$dir.partial" "$dir"
    grep -lF "$dir.partial" "$dir"/venv/bin/* 2>/dev/null | xargs -r sed -i "s|$dir.partial|$dir|g"
  fi
fi
ln -sfn "$dir" "$toolchain/python-dist"
