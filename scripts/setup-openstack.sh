#!/usr/bin/env bash
# Brings OpenStack Octavia's API server and openstacksdk (the second, independent test backend and
# client) into a Python virtual environment in the cache, outside the repo:
#   $ELB_CACHE_DIR/openstack-<hash>      the venv; <hash> covers requirements.txt and the Python
#   $ELB_TOOLCHAIN/openstack -> it       what test/engine/toolchain.ts `openstackPython()` uses
# Idempotent and quick once the venv exists. An interrupted install leaves only a .partial folder,
# which the next run throws away and redoes.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=../toolchain.env
. "$repo/toolchain.env"
requirements="$repo/scripts/openstack/requirements.txt"
cache="${ELB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-elb-poolmember}"
toolchain="${ELB_TOOLCHAIN:-$cache/toolchain}"
python="${ELB_PYTHON:-python3}"

say() { echo "setup-openstack: $*" >&2; }
die() { echo "setup-openstack: error: $*" >&2; exit 1; }

# toolchain.env names the two versions that matter; requirements.txt pins them with the rest.
for pin in "octavia==$OCTAVIA_VERSION" "openstacksdk==$OPENSTACKSDK_VERSION"; do
  grep -qxF "$pin" "$requirements" || die "requirements.txt does not pin $pin (toolchain.env says so)"
done

command -v "$python" >/dev/null 2>&1 || die "no $python on PATH: install Python 3.11 or newer (or set ELB_PYTHON)"
py_version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  die "$python is $py_version; Octavia 19 needs Python 3.11 or newer (set ELB_PYTHON)"

# The venv is only valid for the Python minor version that made it, so that is part of the key.
hash="$( (cat "$requirements"; echo "python $py_version") | sha256sum | cut -c1-16)"
venv="$cache/openstack-$hash"
mkdir -p "$cache" "$toolchain"

link() { ln -sfn "$venv" "$toolchain/openstack"; }

if [ -x "$venv/bin/python" ]; then
  link
  exit 0
fi

# Worktrees share the cache: one install at a time; whoever waited finds it done.
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/bin/python" ]; then
  say "installing Octavia and openstacksdk into $venv (a few minutes, once)"
  started=$SECONDS
  rm -rf "$venv.partial"
  "$python" -m venv --prompt openstack "$venv.partial"
  # --no-compile: byte code compiled here would name the .partial paths; it is compiled after
  # the rename instead.
  "$venv.partial/bin/python" -m pip install --disable-pip-version-check --no-input --quiet \
    --no-compile -r "$requirements"
  mv "$venv.partial" "$venv"
  # Scripts in bin/ carry the path they were installed at.
  grep -lF "$venv.partial" "$venv"/bin/* 2>/dev/null | xargs -r sed -i "s|$venv.partial|$venv|g"
  "$venv/bin/python" -m compileall -q -j 0 "$venv/lib" >/dev/null || true
  say "done in $((SECONDS - started)) s"
fi
link
