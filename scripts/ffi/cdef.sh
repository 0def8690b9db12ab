#!/usr/bin/env bash
# Prints include/agora_token.h as plain C declarations for FFI loaders that
# cannot read preprocessor lines (PHP FFI::cdef): no #include, #define or
# #if lines, no comments, and the C++-only parts left out. It is the C
# preprocessor's own view of the header as C11 with the system includes
# removed, so nothing is guessed. Needs a C compiler (cc).
# Usage: bash scripts/ffi/cdef.sh [header]  > agora_token.cdef.h
set -euo pipefail
cd "$(dirname "$0")/../.."
header="${1:-include/agora_token.h}"
grep -v '^#include' "$header" | cc -E -P -std=c11 -x c - | sed '/^[[:space:]]*$/d'
