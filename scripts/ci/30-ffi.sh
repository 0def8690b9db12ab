#!/usr/bin/env bash
# C ABI suite (ffi/, include/, tests/c/): lints and unit tests of the ffi
# crate, header drift, the shared vectors through the C and C++ APIs (plain,
# under ASan+UBSan, under valgrind), the ABI contract test, the 2-thread
# test, inspect compared with the CLI, CMake and pkg-config consumers whose
# tokens the CLI verifies, and a benchmark smoke run (numbers printed, never
# asserted).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_rust
apt_install gcc g++ cmake pkg-config valgrind zlib1g-dev binutils python3

root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step() { echo "--- ffi: $*"; }

step "format, lints, unit tests"
cargo fmt -p agora-token-ffi -- --check
cargo clippy -p agora-token-ffi --no-deps --all-targets -- -D warnings
cargo test -p agora-token-ffi --release

step "header drift (pinned cbindgen) and the plain-C view for FFI loaders"
bash scripts/ffi/header.sh --check
bash scripts/ffi/cdef.sh > "$work/cdef.h"
if grep -n '^[[:space:]]*#' "$work/cdef.h"; then echo "cdef output has preprocessor lines" >&2; exit 1; fi
printf '#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n' | cat - "$work/cdef.h" \
  | gcc -std=c11 -Wall -Werror -fsyntax-only -x c -

step "install into a prefix (sealed static library, shared library, CMake, pkg-config)"
prefix="$work/prefix"
bash scripts/ffi/install.sh "$prefix"
lib="$prefix/lib/libagora_token.a"
syslibs=$(sed -n 's|^Libs: ${libdir}/libagora_token.a ||p' "$prefix/lib/pkgconfig/agora-token.pc")

step "vectors to lines"
# AGORA_VECTORS_DIR, else ../shared/vectors beside the checkout.
vectors="${AGORA_VECTORS_DIR:-$root/../shared/vectors}"
python3 scripts/ffi/vectors-to-lines.py "$vectors" > "$work/vectors.lines"

cflags=(-std=c11 -Wall -Wextra -Werror -I"$prefix/include")
cxxflags=(-std=c++17 -Wall -Wextra -Werror -I"$prefix/include")
san=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g)
build_all() { # suffix, extra flags...
  local sfx=$1; shift
  gcc "${cflags[@]}" "$@" -o "$work/abi$sfx" tests/c/abi_test.c "$lib" $syslibs
  gcc "${cflags[@]}" "$@" -o "$work/vectors$sfx" tests/c/vectors.c "$lib" $syslibs
  gcc "${cflags[@]}" "$@" -o "$work/threads$sfx" tests/c/threads_test.c "$lib" $syslibs
  g++ "${cxxflags[@]}" "$@" -o "$work/vectors_cpp$sfx" tests/c/vectors_test.cpp "$lib" $syslibs
}
build_all "" -O1 -g
build_all "_san" -O1 "${san[@]}"

step "C and C++ programs"
"$work/abi"
"$work/vectors" "$work/vectors.lines"
"$work/vectors_cpp" "$work/vectors.lines"
"$work/threads" 100000

step "the same under AddressSanitizer + UndefinedBehaviorSanitizer"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$work/abi_san"
"$work/vectors_san" "$work/vectors.lines"
"$work/vectors_cpp_san" "$work/vectors.lines"
"$work/threads_san" 5000
unset ASAN_OPTIONS UBSAN_OPTIONS

step "the same under valgrind (no errors, no definite or indirect leaks)"
vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
  --show-leak-kinds=definite,indirect)
"${vg[@]}" "$work/abi"
"${vg[@]}" "$work/vectors" "$work/vectors.lines"
"${vg[@]}" "$work/vectors_cpp" "$work/vectors.lines"
"${vg[@]}" "$work/threads" 2000

step "byte-identical builds with a foreign zlib linked first"
gcc "${cflags[@]}" -o "$work/vectors_z" tests/c/vectors.c -lz "$lib" $syslibs
"$work/vectors_z" "$work/vectors.lines"

step "inspect JSON equals the CLI's inspect --json"
cargo build --release -p agora-token-cli
cli="$(cd "${CARGO_TARGET_DIR:-$root/target}" && pwd)/release/agora-token"
python3 scripts/ffi/inspect_vs_cli.py "$prefix/lib/libagora_token.so" "$cli" "$work/vectors.lines"

step "consumers: CMake find_package and pkg-config, tokens verified by the CLI"
export AGORA_APP_ID=970CA35de60c44645bbae8a215061b33 # Agora's public sample pair
export AGORA_APP_CERTIFICATE=5CFd2fd1755d40ecb72977518be15d3b
cmake -S tests/c/consumer -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" > "$work/cmake.log"
cmake --build "$work/cmake-build" > "$work/cmake-build.log"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
# shellcheck disable=SC2046
g++ -std=c++17 -Wall -Wextra -Werror -o "$work/app_server_pc" tests/c/consumer/app_server.cpp \
  $(pkg-config --cflags --libs agora-token) -lz
consumers=0
for app in "$work/cmake-build/app_server" "$work/cmake-build/app_server_shared" "$work/app_server_pc"; do
  user="user-$(basename "$app")"
  token=$("$app" "$user")
  "$cli" verify "$token" --user "$user"
  consumers=$((consumers + 1))
done
echo "consumers: $consumers passed, 0 failed"

step "benchmark smoke run (tests/c/bench.c; numbers only)"
gcc -std=c11 -O2 -Wall -Wextra -Werror -I"$prefix/include" -o "$work/bench" tests/c/bench.c "$lib" $syslibs
"$work/bench" 3 200
echo "ffi suite: all steps passed"
