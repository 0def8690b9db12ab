#!/usr/bin/env bash
# Runs every test suite of the repository: each scripts/ci/NN-name.sh in
# order. Each script installs what it needs (apt, pip, npm, cargo) and exits
# non-zero on any failure. Usage: bash scripts/test-all.sh [name-filter]
set -uo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"
passed=0
failed=0
failed_names=()
for s in scripts/ci/[0-9][0-9]-*.sh; do
  name=$(basename "$s" .sh)
  if [ -n "$filter" ] && [[ "$name" != *"$filter"* ]]; then continue; fi
  echo "=== suite $name ==="
  start=$(date +%s)
  if bash "$s"; then
    passed=$((passed + 1))
    echo "=== suite $name passed in $(( $(date +%s) - start )) s ==="
  else
    failed=$((failed + 1))
    failed_names+=("$name")
    echo "=== suite $name FAILED in $(( $(date +%s) - start )) s ==="
  fi
done
if [ "$failed" -ne 0 ]; then echo "failed suites: ${failed_names[*]}"; fi
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
