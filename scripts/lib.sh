# Shared helpers for the scripts in scripts/ci. Source it; do not run it.

# A suite stops at its first failing command (set -e); say which one, so a
# failure reads as a line of the log and not only as an exit code. errtrace:
# also for a command inside a function. In a pipeline the line is right but
# the command named is the pipeline's last one.
set -o errtrace
trap 'rc=$?; echo "$(basename "$0"): stopped at line $LINENO (exit $rc): $BASH_COMMAND" >&2' ERR

# apt-get install, running 'apt-get update' once per run first. A failed
# install is tried twice more, after a fresh 'apt-get update' and a pause:
# a mirror that drops one download, or a package database still locked by
# a job the machine started at boot (dpkg's lock is also waited for), should
# not fail a suite whose code is fine.
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local apt=(apt-get -o DPkg::Lock::Timeout=300)
  if [ ! -f /tmp/.agora-token-apt-updated ]; then
    "${apt[@]}" update -qq && touch /tmp/.agora-token-apt-updated
  fi
  local attempt
  for attempt in 1 2 3; do
    if DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "${missing[@]}"; then
      return 0
    fi
    [ "$attempt" -eq 3 ] && break
    echo "apt-get install ${missing[*]} failed (attempt $attempt of 3); updating the lists and trying again" >&2
    sleep $((attempt * 10))
    "${apt[@]}" update -qq || true
  done
  echo "apt-get install ${missing[*]} failed three times" >&2
  return 1
}

ensure_rust() {
  command -v cargo >/dev/null || { echo "cargo not found: this machine kind ships Rust"; exit 1; }
  rustup component add rustfmt clippy >/dev/null 2>&1 || true
}

# The shared test vectors: AGORA_VECTORS_DIR, else ../shared/vectors.
vectors_dir() {
  if [ -n "${AGORA_VECTORS_DIR:-}" ]; then echo "$AGORA_VECTORS_DIR"; return; fi
  (cd "$(dirname "${BASH_SOURCE[0]}")/.." && cd ../shared/vectors 2>/dev/null && pwd) || {
    echo "shared vectors not found: set AGORA_VECTORS_DIR" >&2; return 1; }
}
