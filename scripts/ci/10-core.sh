#!/usr/bin/env bash
# Rust workspace: formatting, lints, every cargo test (vectors, properties,
# CLI as a process).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_rust
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace --release
