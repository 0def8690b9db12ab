#!/usr/bin/env bash
# The C boundary's cost: the same two builds (007 RTM, 006 RTM; fixed salt
# and time) timed with criterion (ffi/benches/boundary.rs) on the core
# directly and through the C functions of the installed shared library, and
# from a C program through the installed static library (tests/c/bench.c);
# printed side by side as medians with the ratios.
# Not part of CI (a benchmark, not a test). Usage: bash scripts/ffi/bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash scripts/ffi/install.sh "$work/prefix" > /dev/null
libs=$(sed -n 's|^Libs: ${libdir}/libagora_token.a ||p' "$work/prefix/lib/pkgconfig/agora-token.pc")
gcc -std=c11 -O2 -I"$work/prefix/include" -o "$work/bench" tests/c/bench.c \
  "$work/prefix/lib/libagora_token.a" $libs
# Alternate the two sides twice so that load on the machine hits both.
for pass in 1 2; do
  AGORA_TOKEN_SO="$work/prefix/lib/libagora_token.so" cargo bench -q -p agora-token-ffi \
    --bench boundary -- --warm-up-time 1 --measurement-time 4 > "$work/criterion-$pass.txt" 2>&1
  for side in rust c_abi; do
    for b in rtm007 rtm006; do
      python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["median"]["point_estimate"])' \
        "${CARGO_TARGET_DIR:-target}/criterion/$side ${b}_build/new/estimates.json" > "$work/$side-$b-$pass"
    done
  done
  "$work/bench" 31 2000 > "$work/c-$pass.txt"
done
python3 - "$work" <<'PY'
import statistics, sys, pathlib
w = pathlib.Path(sys.argv[1])
for b in ("rtm007", "rtm006"):
    rust = statistics.median(float((w / f"rust-{b}-{p}").read_text()) for p in (1, 2))
    abi = statistics.median(float((w / f"c_abi-{b}-{p}").read_text()) for p in (1, 2))
    c = statistics.median(
        float(line.split()[-1])
        for p in (1, 2)
        for line in (w / f"c-{p}.txt").read_text().splitlines()
        if line.startswith(f"c_api {b}_build")
    )
    print(
        f"{b}_build median: rust {rust:.0f} ns | C ABI from Rust {abi:.0f} ns ({abi / rust:.3f}x)"
        f" | C program {c:.0f} ns ({c / rust:.3f}x)"
    )
PY
# Timing on a shared machine is noisy; instruction counts are not. Under
# callgrind, the inclusive count of each export against the core builder it
# wraps is the boundary's exact share (unsealed archive, for the names).
if command -v valgrind > /dev/null; then
  gcc -std=c11 -O2 -I include -o "$work/bench_cg" tests/c/bench.c \
    "${CARGO_TARGET_DIR:-target}/release/libagora_token.a" $libs
  valgrind -q --tool=callgrind --callgrind-out-file="$work/cg.out" "$work/bench_cg" 1 300 > /dev/null
  callgrind_annotate --inclusive=yes "$work/cg.out" | python3 -c '
import re, sys
ir = {}
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+) \(.*?\)\s+\S*?:(\S+)", line)
    if m:
        ir.setdefault(m.group(2), int(m.group(1).replace(",", "")))
for export, inner in (("agora_token_rtm_build", "agora_token::builders::rtm::build_token"),
                      ("agora_token_rtm006_build", "agora_token::builders::rtm006::build_token")):
    a, b = ir[export], ir[inner]
    print(f"{export}: {a} instructions vs {b} in the core builder: +{100 * (a - b) / b:.2f}%")
'
fi
echo "machine: $(nproc) cores, $(uname -m), $(gcc --version | head -1), $(rustc --version)"
