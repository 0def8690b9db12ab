# Shared helpers for the scripts in scripts/ci. Source it; do not run it.

# apt-get install, running 'apt-get update' once per run first.
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ ! -f /tmp/.agora-token-apt-updated ]; then
    apt-get update -qq && touch /tmp/.agora-token-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
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
