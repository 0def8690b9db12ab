#!/usr/bin/env bash
# Builds the C library in release mode and installs it for C/C++ users:
#   PREFIX/include/agora_token.h, agora_token.hpp
#   PREFIX/lib/libagora_token.a        static, sealed (see below)
#   PREFIX/lib/libagora_token.so.0.N   shared, with libagora_token.so link
#   PREFIX/lib/cmake/AgoraToken/       find_package(AgoraToken) config
#   PREFIX/lib/pkgconfig/agora-token.pc
# Usage: bash scripts/ffi/install.sh PREFIX
#
# Sealing: cargo's staticlib holds the Rust runtime and the bundled zlib as
# ordinary global symbols, which would clash with (or silently replace) a
# program's own zlib or a second Rust static library. The installed archive
# is one relocatable object (ld -r) in which every symbol except the
# agora_token_* functions is made local (objcopy), so it links beside any
# other zlib. Needs GNU binutils (ld, objcopy, ar); Linux/ELF only.
set -euo pipefail
cd "$(dirname "$0")/../.."
prefix="${1:?usage: install.sh PREFIX}"
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)

cargo build --release -p agora-token-ffi
rel="${CARGO_TARGET_DIR:-target}/release"
version=$(sed -n 's/^#define AGORA_TOKEN_VERSION "\(.*\)"$/\1/p' include/agora_token.h)
major=${version%%.*}
minor=$(echo "$version" | cut -d. -f2)
if [ "$major" = 0 ]; then soname="libagora_token.so.0.$minor"; else soname="libagora_token.so.$major"; fi

# The system libraries the static library needs, as rustc reports them.
libs=$(cargo rustc --release -p agora-token-ffi --crate-type staticlib -- \
  --print native-static-libs 2>&1 | sed -n 's/.*native-static-libs: //p' | tail -1)
[ -n "$libs" ] || { echo "could not get the native static libs from rustc" >&2; exit 1; }
# Deduplicate, keep the order, drop -lc (every driver adds it).
libs=$(echo "$libs" | tr ' ' '\n' | awk 'NF && $0 != "-lc" && !seen[$0]++' | tr '\n' ' ' | sed 's/ $//')
cmake_libs=$(echo "$libs" | tr ' ' '\n' | sed 's/^-l//' | grep -v '^pthread$' | paste -sd';' -)

mkdir -p "$prefix/include" "$prefix/lib/cmake/AgoraToken" "$prefix/lib/pkgconfig"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ld -r --whole-archive "$rel/libagora_token.a" -o "$work/whole.o"
# .llvmbc/.llvmcmd: embedded bitcode that binutils' LTO plugin cannot read.
objcopy --remove-section=.llvmbc --remove-section=.llvmcmd \
  --wildcard --keep-global-symbol='agora_token_*' "$work/whole.o" "$work/agora_token.o"
rm -f "$prefix/lib/libagora_token.a"
ar rcs "$prefix/lib/libagora_token.a" "$work/agora_token.o"
# The archive must export exactly the C API.
exported=$(nm -g --defined-only "$prefix/lib/libagora_token.a" | awk 'NF == 3 {print $3}' | grep -v '^agora_token_' || true)
[ -z "$exported" ] || { echo "sealed archive still exports: $exported" >&2; exit 1; }

install -m 0755 "$rel/libagora_token.so" "$prefix/lib/$soname"
ln -sf "$soname" "$prefix/lib/libagora_token.so"
install -m 0644 include/agora_token.h include/agora_token.hpp "$prefix/include/"
sed -e "s|@LINK_LIBS@|$cmake_libs|" -e "s|@SONAME@|$soname|g" \
  include/cmake/AgoraTokenConfig.cmake.in > "$prefix/lib/cmake/AgoraToken/AgoraTokenConfig.cmake"
sed -e "s|@VERSION@|$version|" -e "s|@MAJOR@|$major|" -e "s|@MINOR@|$minor|" \
  include/cmake/AgoraTokenConfigVersion.cmake.in > "$prefix/lib/cmake/AgoraToken/AgoraTokenConfigVersion.cmake"
sed -e "s|@VERSION@|$version|" -e "s|@LIBS@|$libs|" \
  include/pkgconfig/agora-token.pc.in > "$prefix/lib/pkgconfig/agora-token.pc"
echo "installed agora-token $version into $prefix"
