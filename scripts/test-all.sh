#!/usr/bin/env bash
# Runs every test suite of the repository: each scripts/ci/NN-name.sh in
# order. Each script installs what it needs (apt, pip, npm, cargo) and exits
# non-zero on any failure. Usage: bash scripts/test-all.sh [name-filter]
#
# Each suite's output is also kept in a log, and the end of the log of every
# failed suite is printed again after the summary: a CI report that shows
# only the last part of the output then still shows why a suite failed.
# The log is written through a pipe to tee, which ends only when every
# writer has closed it: a suite must not leave a process running in the
# background with its output open, or the run waits for that process.
set -uo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
passed=0
failed=0
failed_names=()
for s in scripts/ci/[0-9][0-9]-*.sh; do
  name=$(basename "$s" .sh)
  if [ -n "$filter" ] && [[ "$name" != *"$filter"* ]]; then continue; fi
  echo "=== suite $name ==="
  start=$(date +%s)
  bash "$s" 2>&1 | tee "$logs/$name.log"
  if [ "${PIPESTATUS[0]}" -eq 0 ]; then
    passed=$((passed + 1))
    echo "=== suite $name passed in $(( $(date +%s) - start )) s ==="
  else
    failed=$((failed + 1))
    failed_names+=("$name")
    echo "=== suite $name FAILED in $(( $(date +%s) - start )) s ==="
  fi
done
for name in "${failed_names[@]}"; do
  echo "=== last 60 lines of the failed suite $name ==="
  grep -v '^ *Compiling ' "$logs/$name.log" | tail -n 60
done
if [ "$failed" -ne 0 ]; then echo "failed suites: ${failed_names[*]}"; fi
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
