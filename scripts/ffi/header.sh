#!/usr/bin/env bash
# Regenerates include/agora_token.h from ffi/src with the pinned cbindgen.
#   bash scripts/ffi/header.sh          rewrite the header
#   bash scripts/ffi/header.sh --check  fail (exit 1) if the committed header
#                                       differs from a fresh generation
set -euo pipefail
cd "$(dirname "$0")/../.."
CBINDGEN_VERSION=0.29.4
if ! cbindgen --version 2>/dev/null | grep -qx "cbindgen $CBINDGEN_VERSION"; then
  cargo install cbindgen --version "$CBINDGEN_VERSION" --locked
fi
gen() { cbindgen -q --config ffi/cbindgen.toml --crate agora-token-ffi --output "$1" ffi; }
if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp)
  trap 'rm -f "$tmp"' EXIT
  gen "$tmp"
  if ! diff -u include/agora_token.h "$tmp"; then
    echo "include/agora_token.h is stale: run bash scripts/ffi/header.sh and commit it" >&2
    exit 1
  fi
  echo "include/agora_token.h is up to date (cbindgen $CBINDGEN_VERSION)"
else
  gen include/agora_token.h
fi
