#!/usr/bin/env bash
# Builds the offline verifier's WebAssembly module (crate credentials/web) into the site folder
# that scripts/build.sh makes, as target/site/verifier/portal_verifier_web{.js,_bg.wasm}: the
# verifier page loads it, and its service worker keeps it for use without a network.
# scripts/build.sh runs it (and so scripts/run.sh, test.sh and bench.sh); after a
# `cargo leptos build`, run it by hand.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --wasm-tools >/dev/null
export PATH="$ROOT/scripts/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# cargo-leptos writes the site under the workspace (site-root "target/site" in Cargo.toml),
# wherever CARGO_TARGET_DIR puts the compiled code.
OUT="$ROOT/target/site/verifier"

cargo build --quiet -p portal-verifier-web --lib --target wasm32-unknown-unknown --profile wasm-release
SOURCE="$TARGET_DIR/wasm32-unknown-unknown/wasm-release/portal_verifier_web.wasm"
STAMP="$TARGET_DIR/wasm32-unknown-unknown/wasm-release/portal_verifier_web.site"
# Unchanged code and module in place: nothing to do.
if [[ -f "$STAMP" && -f "$OUT/portal_verifier_web_bg.wasm" && "$(cat "$STAMP")" == "$(sha256sum "$SOURCE" | cut -c1-64)" ]]; then
  echo "[verifier] unchanged in $OUT"
  exit 0
fi
mkdir -p "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" \
  "$SOURCE"
# The same size pass cargo-leptos runs on the portal's own bundle.
wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
  -o "$OUT/portal_verifier_web_bg.wasm" "$OUT/portal_verifier_web_bg.wasm"
sha256sum "$SOURCE" | cut -c1-64 >"$STAMP"
echo "[verifier] $(wc -c <"$OUT/portal_verifier_web_bg.wasm") bytes of wasm in $OUT"
