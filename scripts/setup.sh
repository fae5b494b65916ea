#!/usr/bin/env bash
# Installs every tool the portal needs to build, run and test, once per machine.
# Idempotent: each step checks first and does nothing when the tool is already there.
# Reaches only the package registries (crates.io, npm, Debian); never GitHub.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Pinned versions. cargo-leptos (only with --dev, for `cargo leptos watch`): 0.3.11 needs a
# newer rustc than this machine has. Builds use scripts/build.sh, which needs only the two below.
CARGO_LEPTOS_VERSION="0.3.10"
WASM_BINDGEN_VERSION="0.2.130"   # must match the `wasm-bindgen = "=…"` pin in Cargo.toml
WITH_TEST_TOOLS=0
WITH_BENCH_TOOLS=0
WITH_DEV_TOOLS=0
WITH_WASM_TOOLS=0
[[ "${1:-}" == "--test" ]] && WITH_TEST_TOOLS=1
[[ "${1:-}" == "--bench" ]] && WITH_BENCH_TOOLS=1
[[ "${1:-}" == "--dev" ]] && WITH_DEV_TOOLS=1 && WITH_WASM_TOOLS=1
# The browser bundle's tools: scripts/build.sh asks for them when it builds the bundle (in
# the background of a first `scripts/run.sh`, so they never delay the first page).
[[ "${1:-}" == "--wasm-tools" ]] && WITH_WASM_TOOLS=1

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    if [[ ! -f /var/lib/apt/periodic/portal-updated ]]; then
      apt-get update -qq && mkdir -p /var/lib/apt/periodic && touch /var/lib/apt/periodic/portal-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ((WITH_DEV_TOOLS)) && ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (no_downloads: tools come from PATH)"
  # Its own release profile asks for fat LTO and one codegen unit: minutes of a single core for
  # a build tool. Parallel codegen without LTO builds it in a fraction of the time.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION" --features no_downloads
fi

if ((WITH_WASM_TOOLS)) && ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-opt from npm's binaryen (Debian's binaryen 108 breaks hydration: never use it).
TOOLS="$ROOT/scripts/tools"
if ((WITH_WASM_TOOLS)) && [[ ! -x "$TOOLS/node_modules/.bin/wasm-opt" ]]; then
  log "installing wasm-opt (npm binaryen, pinned in scripts/tools/package-lock.json)"
  (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error)
fi


# OpenSSL headers for josekit (VC-JOSE) and pkg-config to find them.
apt_install libssl-dev pkg-config

if ((WITH_TEST_TOOLS)); then
  # Real Chromium for Playwright, a real SMTP server for mail tests, PostgreSQL for a throwaway cluster.
  apt_install chromium python3-aiosmtpd postgresql
  if [[ ! -d "$ROOT/e2e/node_modules/@playwright/test" || ! -d "$ROOT/e2e/node_modules/ical.js" || ! -d "$ROOT/e2e/node_modules/jose" \
        || ! -d "$ROOT/e2e/node_modules/@axe-core/playwright" || ! -d "$ROOT/e2e/node_modules/dcql" ]]; then
    log "installing e2e npm packages"
    (cd "$ROOT/e2e" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
if ((WITH_BENCH_TOOLS)); then
  # A load generator for the loopback benchmark and the Ed25519 yardstick (scripts/bench.sh).
  apt_install wrk curl openssl
fi
log "tools ready"
