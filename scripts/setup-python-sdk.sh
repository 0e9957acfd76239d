#!/usr/bin/env bash
# Brings Pulumi's Python SDK (for the Automation API test of the resource plugin) into a Python
# virtual environment in the cache, outside the repo:
#   $ELB_CACHE_DIR/python-sdk-<hash>     the venv; <hash> covers requirements.txt and the Python
#   $ELB_TOOLCHAIN/python-sdk -> it      what test/engine/toolchain.ts `pulumiPython()` uses
# Idempotent and quick once the venv exists; an interrupted install leaves only a .partial folder.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
requirements="$repo/scripts/python-sdk/requirements.txt"
cache="${ELB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-elb-poolmember}"
toolchain="${ELB_TOOLCHAIN:-$cache/toolchain}"
python="${ELB_PYTHON:-python3}"

say() { echo "setup-python-sdk: $*" >&2; }
die() { echo "setup-python-sdk: error: $*" >&2; exit 1; }

command -v "$python" >/dev/null 2>&1 || die "no $python on PATH: install Python 3.9 or newer (or set ELB_PYTHON)"
py_version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
hash="$( (cat "$requirements"; echo "python $py_version") | sha256sum | cut -c1-16)"
venv="$cache/python-sdk-$hash"
mkdir -p "$cache" "$toolchain"

if [ ! -x "$venv/bin/python" ]; then
  exec 9>"$venv.lock"
  flock 9
  if [ ! -x "$venv/bin/python" ]; then
    say "installing Pulumi's Python SDK into $venv (once)"
    rm -rf "$venv.partial"
    "$python" -m venv --prompt python-sdk "$venv.partial"
    "$venv.partial/bin/python" -m pip install --disable-pip-version-check --no-input --quiet --no-compile -r "$requirements"
    mv "$venv.partial" "$venv"
    grep -lF "$venv.partial" "$venv"/bin/* 2>/dev/null | xargs -r sed -i "s|$venv.partial|$venv|g"
    "$venv/bin/python" -m compileall -q -j 0 "$venv/lib" >/dev/null || true
  fi
fi
ln -sfn "$venv" "$toolchain/python-sdk"
