#!/usr/bin/env bash
# Hardening (issue 7):
# - the shared bad-input matrix, tests/bad_inputs.json, through the Rust
#   core, the C ABI (plain, ASan+UBSan, valgrind), the Python, Node and PHP
#   packages: every entry must give its expected error code;
# - a short coverage-guided fuzz run (cargo-fuzz, nightly) of the parse,
#   verify, build-request and CLI batch-line targets from a seed corpus written from the
#   shared vectors at run time: no crash, hang (10 s per input), single
#   allocation above 4 MiB (libFuzzer) or 2 MiB (the targets' own allocator
#   check), or RSS above 1 GiB;
# - miri over the ffi crate's unit tests and over Rust calls of its C exports
#   (fuzz/miri).
# The zip-bomb and concurrency tests are cargo tests of the core
# (core/tests/zip_bomb.rs, core/tests/concurrency.rs) and run in 10-core.
#
# Environment: AGORA_FUZZ_SECONDS (per target, default 35).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_rust
apt_install gcc valgrind python3 python3-venv

root=$(pwd)
# (Not lib.sh's vectors_dir: it resolves ../shared from the checkout's parent.)
AGORA_VECTORS_DIR="${AGORA_VECTORS_DIR:-$root/../shared/vectors}"
export AGORA_VECTORS_DIR
[ -f "$AGORA_VECTORS_DIR/parse.json" ] || { echo "shared vectors not found: set AGORA_VECTORS_DIR" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$SECONDS
step() { echo "--- hardening: $* (at $((SECONDS - start)) s)"; }
# A failing check is recorded and the remaining ones still run; the suite
# fails at the end if any did.
failed=()
check() { "$@" || { echo "FAILED: $*" >&2; failed+=("$*"); }; }

step "format and lints of the fuzz crates (not workspace members)"
cargo fmt --manifest-path fuzz/Cargo.toml -- --check
rustfmt --edition 2021 --check fuzz/miri/tests/exports.rs
# In the root target directory, where 10-core's clippy left the same
# dependencies already checked.
cargo clippy --manifest-path fuzz/Cargo.toml --target-dir target --all-targets -- -D warnings
cargo clippy --manifest-path fuzz/miri/Cargo.toml --target-dir target --tests -- -D warnings

step "bad inputs: Rust core"
check cargo test -p agora-token --release --test bad_inputs -- --nocapture

step "bad inputs: C ABI (plain, ASan+UBSan, valgrind)"
cargo build --release -p agora-token-ffi
python3 tests/bad_inputs/c_cases.py "$AGORA_VECTORS_DIR" > "$work/cases.txt"
clibs=(target/release/libagora_token.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
cflags=(-std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O1 -g -Iinclude)
gcc "${cflags[@]}" -o "$work/run_c" tests/bad_inputs/run_c.c "${clibs[@]}"
gcc "${cflags[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
  -o "$work/run_c_san" tests/bad_inputs/run_c.c "${clibs[@]}"
check "$work/run_c" < "$work/cases.txt"
# stdin is the case list; only the summary line is shown for these two.
run_quiet() { "$@" < "$work/cases.txt" > "$work/out.txt"; local rc=$?; grep -E '^(FAIL|bad inputs)' "$work/out.txt"; return $rc; }
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  check run_quiet "$work/run_c_san"
check run_quiet valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
  "$work/run_c"

step "bad inputs: Python package"
# The virtualenv 40-python.sh installed the package into, else a new one.
venv="${AGORA_PY_VENV:-$root/bindings/python/.venv}"
if ! "$venv/bin/python" -c 'import agora_token' 2>/dev/null; then
  venv="$work/venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "maturin>=1.7,<2"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check ./bindings/python
fi
check "$venv/bin/python" tests/bad_inputs/run_python.py "$AGORA_VECTORS_DIR"

step "bad inputs: Node package"
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
if ! ls bindings/node/*.node >/dev/null 2>&1; then
  (cd bindings/node && npm ci --no-audit --no-fund)
fi
check node tests/bad_inputs/run_node.js "$AGORA_VECTORS_DIR"

step "bad inputs: PHP package"
apt_install php-cli
if [ ! -f bindings/php/lib/libagora_token.so ]; then
  (cd bindings/php && unset AGORA_TOKEN_LIB && bash scripts/build-lib.sh)
fi
check php tests/bad_inputs/run_php.php "$AGORA_VECTORS_DIR"

step "fuzz: cargo-fuzz on nightly, seed corpus from the vectors"
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
python3 fuzz/seed_corpus.py "$AGORA_VECTORS_DIR" "$work/corpus"
(cd fuzz && cargo +nightly fuzz build -O)
secs="${AGORA_FUZZ_SECONDS:-35}"
total=0
for t in parse verify batch batch_line; do
  log="$work/fuzz-$t.log"
  if ! (cd fuzz && RUST_BACKTRACE=0 cargo +nightly fuzz run -O "$t" "$work/corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -malloc_limit_mb=4 \
    -artifact_prefix="$work/" -print_final_stats=1) > "$log" 2>&1; then
    tail -60 "$log"
    echo "FAILED: fuzz target $t; the input is in the artifact named above" >&2
    failed+=("fuzz $t")
    continue
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
  total=$((total + execs))
  echo "fuzz $t: $execs executions in $secs s, peak RSS $rss MB, no crash, hang or oversized allocation"
done
echo "fuzz: $total executions"

step "miri: the ffi crate's unit tests, then its exports called from Rust"
rustup component add --toolchain nightly miri rust-src
cargo +nightly miri setup
check cargo +nightly miri test -p agora-token-ffi --lib
# fuzz/miri compiles the unchanged ffi source as an rlib and calls the
# exports with raw pointers, NULLs, short buffers and nested arrays. The
# isolation is lifted for the tests that let the library read the clock and
# the OS random generator (options NULL).
# (The root target directory: the core and serde_json are already built
# for miri by the run above.)
MIRIFLAGS=-Zmiri-disable-isolation check cargo +nightly miri test --manifest-path fuzz/miri/Cargo.toml \
  --target-dir target --test exports

if [ ${#failed[@]} -ne 0 ]; then
  printf 'hardening suite: %d checks failed:\n' "${#failed[@]}" >&2
  printf '  %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "hardening suite: all steps passed in $((SECONDS - start)) s"
