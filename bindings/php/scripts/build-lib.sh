#!/usr/bin/env bash
# Builds the C ABI (crate agora-token-ffi) in release mode and copies the
# shared library into bindings/php/lib/, where the package looks for it
# first (after AGORA_TOKEN_LIB). Usage: bash bindings/php/scripts/build-lib.sh
set -euo pipefail
pkg="$(cd "$(dirname "$0")/.." && pwd)"
cd "$pkg/../.."
cargo build --release -p agora-token-ffi
target="$(cargo metadata --format-version 1 --no-deps \
  | php -r 'echo json_decode(stream_get_contents(STDIN), true)["target_directory"];')"
case "$(uname -s)" in
  Darwin) lib=libagora_token.dylib ;;
  *) lib=libagora_token.so ;;
esac
mkdir -p "$pkg/lib"
cp "$target/release/$lib" "$pkg/lib/$lib.tmp"
mv "$pkg/lib/$lib.tmp" "$pkg/lib/$lib"
echo "built $pkg/lib/$lib"
