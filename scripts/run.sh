#!/usr/bin/env bash
# Runs the portal on this machine: installs what is missing, builds a release, migrates the
# SQLite database in ./data, loads the demo data on first run and serves http://localhost:3000.
# Settings: portal.example.toml and PORTAL_* variables (e.g. PORTAL_ADDR, PORTAL_DATA_DIR).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
export PATH="$ROOT/scripts/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The binary first, with every core; the browser bundle follows in the background while the
# portal already serves (its pages work as plain forms until then; reload once it is ready).
"$ROOT/scripts/build.sh" --server-first

BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/portal"
export PORTAL_DATA_DIR="${PORTAL_DATA_DIR:-$ROOT/data}"
"$BIN" migrate
if [[ ! -f "$PORTAL_DATA_DIR/.demo-seeded" ]]; then
  "$BIN" seed-demo
  (umask 077 && touch "$PORTAL_DATA_DIR/.demo-seeded")
fi
exec "$BIN" serve
