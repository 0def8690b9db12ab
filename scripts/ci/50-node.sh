#!/usr/bin/env bash
# Node package (bindings/node): cargo fmt + clippy of the napi crate (its
# behaviour is tested through JS); `npm ci` from the lock file, which builds
# the .node through the `prepare` script (napi CLI from npm, crates from
# crates.io, nothing else); drift check of the generated binding.js /
# binding.d.ts; prettier; a TypeScript example compiled against index.d.ts
# and run; the benchmark's equality check (no timing); the panic check; last
# node --test: all shared vectors, differential against npm agora-token and
# agora-access-token, API contract.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_rust
# lib.sh's vectors_dir resolves ../shared from one level too high when
# sourced by a relative path; fall back to ../shared/vectors beside the
# checkout.
AGORA_VECTORS_DIR="$(vectors_dir 2>/dev/null || (cd ../shared/vectors && pwd))"
export AGORA_VECTORS_DIR

command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 17) ? 0 : 1)' ||
  { echo "Node.js >= 20.17 is needed (found $(node --version))"; exit 1; }

cd bindings/node
cargo fmt -- --check
cargo clippy --release --all-targets --all-features -- -D warnings

# The generated loader and typings are committed: rebuild and compare.
saved="$(mktemp -d)"
trap 'rm -rf "$saved"' EXIT
cp binding.js binding.d.ts "$saved/"
npm ci --no-audit --no-fund
for f in binding.js binding.d.ts; do
  if ! cmp -s "$f" "$saved/$f"; then
    echo "$f is out of date: run 'npm run build' in bindings/node and commit it" >&2
    diff -u "$saved/$f" "$f" | head -40 >&2 || true
    exit 1
  fi
done

npx prettier --check .
npm run typecheck
node bench/bench.mjs --check

# A panic inside an export must become a JS error, not an abort: a separate
# build with the test-panic feature adds one export that panics.
cargo build --release --quiet --features test-panic
RUST_BACKTRACE=0 node test/panic-check.js target/release/libagora_token_node.so 2>/dev/null

# Last, so that the test runner's summary closes the output.
npm test
