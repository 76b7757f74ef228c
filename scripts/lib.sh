# Shared by scripts/run and scripts/test: install what a fresh Debian machine lacks (pinned
# versions that build on this rustc), and build the SPA. Source it; don't run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing system packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_build_tools() {
  apt_install pkg-config libpq-dev gcc
  # Node may come from Debian or elsewhere (npm bundled); only install it when absent.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  for component in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$component"; then
      log "adding the $component component"
      rustup component add "$component"
    fi
  done
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
    log "installing trunk $TRUNK_VERSION (about 11 minutes, once per machine)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  local wbg
  wbg="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
    log "installing wasm-bindgen-cli $wbg (about 3 minutes, once per machine)"
    # Not --locked: its lockfile wants a crate release the registry does not serve.
    cargo install wasm-bindgen-cli --version "$wbg"
  fi
  if ! "$ROOT/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version 132" \
    || [ ! -e "$ROOT/node_modules/playwright-core/package.json" ] \
    || [ ! -e "$ROOT/node_modules/openapi-typescript/package.json" ]; then
    log "installing npm tools (binaryen 132 for wasm-opt, playwright-core, the contract test's TypeScript client)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_browser() {
  apt_install chromium
}

build_spa() {
  log "building the web app (Trunk, release)"
  (cd "$ROOT" && cargo fetch --quiet && trunk build --release --offline)
}
