#!/usr/bin/env bash
# Python package (bindings/python): cargo fmt + clippy of the binding crate,
# `pip install ./bindings/python` (PEP 517, maturin backend) into a fresh
# virtualenv, then against the installed package: pytest (all shared
# vectors, differential against PyPI agora-token-builder, API, threads),
# mypy.stubtest of the stubs, mypy --strict, ruff, and a short benchmark run
# that only checks the benchmark still works (it asserts no speed).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_rust
# vectors_dir (scripts/lib.sh): AGORA_VECTORS_DIR, else ../shared/vectors.
AGORA_VECTORS_DIR="$(vectors_dir 2>/dev/null || (cd ../shared/vectors && pwd))"
export AGORA_VECTORS_DIR

py=bindings/python
venv="${AGORA_PY_VENV:-$PWD/$py/.venv}"
python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
vpy="$venv/bin/python"
"$vpy" -m pip install -q --disable-pip-version-check --upgrade pip
"$vpy" -m pip install -q --disable-pip-version-check \
  "maturin>=1.7,<2" pytest pytest-benchmark mypy ruff typing_extensions \
  "agora-token-builder==1.0.0"

(cd "$py" && cargo fmt -- --check && cargo clippy --release --all-targets -- -D warnings)

# Exactly what a user runs; reinstall so a stale build is never tested.
"$vpy" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "./$py"

cd "$py"
"$vpy" -m ruff check python tests bench
"$vpy" -m ruff format --check python tests bench
# Run from tests/ so `agora_token` is the installed package, not python/.
(cd tests && "$vpy" -m pytest -q -p no:cacheprovider --rootdir=. .)
"$vpy" -m mypy.stubtest agora_token
"$vpy" -m mypy python/agora_token tests bench
"$vpy" bench/bench.py --quick
"$vpy" -m pytest -q -p no:cacheprovider bench/test_bench.py --benchmark-disable

# The abi3 floor: the same wheel on CPython 3.9, when this machine has one
# (the rust machine kind ships pyenv builds; only 3.11 is guaranteed).
py39="$(ls -d "$HOME"/.pyenv/versions/3.9*/bin/python 2>/dev/null | tail -1 || true)"
if [ -n "$py39" ]; then
  wheeldir="$(mktemp -d)"
  "$vpy" -m maturin build --release -q -o "$wheeldir" >/dev/null
  "$py39" -m venv "$wheeldir/venv39"
  "$wheeldir/venv39/bin/python" -m pip install -q --disable-pip-version-check \
    pytest "agora-token-builder==1.0.0" "$wheeldir"/*.whl
  (cd tests && "$wheeldir/venv39/bin/python" -m pytest -q -p no:cacheprovider --rootdir=. .)
  rm -rf "$wheeldir"
else
  echo "no CPython 3.9 on this machine: the abi3 wheel was tested on $("$vpy" -V) only"
fi
