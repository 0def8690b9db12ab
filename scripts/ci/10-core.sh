#!/usr/bin/env bash
# Rust workspace: formatting, lints (also of the core without its default
# features), every cargo test (vectors, properties, CLI as a process).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_rust
cargo fmt --all -- --check
# Every lock file is current (the bindings and fuzz crates keep their own):
# a dependency change that forgets one fails here, not later in a build
# that rewrites it.
for dir in . bindings/python bindings/node fuzz fuzz/miri; do
  (cd "$dir" && cargo metadata --locked --format-version 1 >/dev/null)
done
cargo clippy --workspace --all-targets -- -D warnings
# The core without its default `json` feature (what a Rust user who only
# builds and verifies links): its tests that need JSON declare it.
cargo clippy -p agora-token --no-default-features --all-targets -- -D warnings
cargo test --workspace --release
