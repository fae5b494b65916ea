#!/usr/bin/env bash
# Builds everything the portal serves, with cargo and two small tools, no build tool of its own:
#
#   1. the browser bundle: the `app` library for wasm32 (feature `hydrate`, profile
#      `wasm-release`), then the pinned `wasm-bindgen` CLI and `wasm-opt -Oz`, named by content
#      hash into target/site/pkg/ (hash.txt beside the binary tells the server the names);
#   2. the offline verifier's module (scripts/build-verifier.sh) into target/site/verifier/;
#   3. the `portal` binary (feature `ssr`, profile `release`), while 1 and 2 build beside it:
#      the two cargo runs use separate target folders, so each fills the cores the other leaves
#      idle (the bundle's single-unit LTO, the binary's final crates and link);
#   4. the static files of app/public/ into target/site/.
#
# With --server-first the order changes: see below.
#
# Each step says what it does and how long it took last time (or on a first build here);
# compiler output of the background steps is kept in target/build-logs/ and shown on failure.
# `cargo leptos watch` still works for development (scripts/setup.sh --dev installs it).
#
#   scripts/build.sh                 # everything, then return (scripts/test.sh, bench.sh)
#   scripts/build.sh --server-first  # the binary with every core, then the browser side in
#                                    # the background at low priority (scripts/run.sh): the
#                                    # portal serves at once, its pages work as plain HTML
#                                    # forms, and hydrate once the bundle lands (a reload)
set -euo pipefail
SERVER_FIRST=0
[[ "${1:-}" == "--server-first" ]] && SERVER_FIRST=1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/scripts/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# The browser's compiled code lives apart from the server's so both cargo runs go at once.
BROWSER_TARGET_DIR="$TARGET_DIR/browser"
# Where the server looks for its site when run from this checkout (serve.rs: site_root).
SITE="$ROOT/target/site"
LOGS="$TARGET_DIR/build-logs"
TIMES="$TARGET_DIR/build-times"
mkdir -p "$LOGS" "$TIMES"

# Measured on this project's 2-core machines from an empty target folder, in seconds.
declare -A FIRST_BUILD=([bundle]=560 [verifier]=70 [server]=750)

say() { printf '\033[1;34m[build]\033[0m %s\n' "$*"; }
minutes() { local s=$1; if ((s < 90)); then printf '%d s' "$s"; else printf '%d min' $(((s + 30) / 60)); fi; }
estimate() {
  local name=$1 last
  if [[ -f "$TIMES/$name" ]]; then
    last="$(cat "$TIMES/$name")"
    printf 'last time %s; seconds if nothing changed' "$(minutes "$last")"
  else
    printf 'about %s on 2 cores the first time' "$(minutes "${FIRST_BUILD[$name]}")"
  fi
}
# Runs a named step, records its duration for the next estimate.
timed() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  echo $((SECONDS - start)) >"$TIMES/$name"
}

bundle() {
  "$ROOT/scripts/setup.sh" --wasm-tools
  CARGO_TARGET_DIR="$BROWSER_TARGET_DIR" cargo build --quiet --locked -p app --lib \
    --target wasm32-unknown-unknown --no-default-features --features hydrate --profile wasm-release
  # Unchanged code, bundle in place: nothing to do (wasm-opt alone takes minutes).
  local source
  source="$(sha256sum "$BROWSER_TARGET_DIR/wasm32-unknown-unknown/wasm-release/app.wasm" | cut -c1-64)"
  if [[ -f "$LOGS/bundle.source" && "$(cat "$LOGS/bundle.source")" == "$source" && -f "$LOGS/hash.txt" \
        && -f "$SITE/pkg/portal_bg.wasm" ]]; then
    echo "[bundle] unchanged"
    return 0
  fi
  local out
  out="$(mktemp -d)"
  wasm-bindgen --target web --no-typescript --out-name portal --out-dir "$out" \
    "$BROWSER_TARGET_DIR/wasm32-unknown-unknown/wasm-release/app.wasm"
  # The same size pass as the verifier's module (build-verifier.sh); Debian's binaryen 108
  # breaks hydration, so this is npm's, pinned in scripts/tools/.
  wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    -o "$out/portal_bg.wasm" "$out/portal_bg.wasm"
  local js wasm
  js="$(sha256sum "$out/portal.js" | cut -c1-16)"
  wasm="$(sha256sum "$out/portal_bg.wasm" | cut -c1-16)"
  # A new folder swapped in whole: a server that is running keeps finding complete files.
  rm -rf "$SITE/pkg.new"
  mkdir -p "$SITE/pkg.new"
  mv "$out/portal.js" "$SITE/pkg.new/portal.$js.js"
  mv "$out/portal_bg.wasm" "$SITE/pkg.new/portal.$wasm.wasm"
  [[ -d "$out/snippets" ]] && mv "$out/snippets" "$SITE/pkg.new/snippets"
  rm -rf "$out" "$SITE/pkg.old"
  [[ -d "$SITE/pkg" ]] && mv "$SITE/pkg" "$SITE/pkg.old"
  mv "$SITE/pkg.new" "$SITE/pkg"
  rm -rf "$SITE/pkg.old"
  # The same files under their plain names, for a server started before the bundle existed
  # (it has no hash.txt to read, so it asks for portal.js and portal_bg.wasm).
  cp "$SITE/pkg/portal.$js.js" "$SITE/pkg/portal.js"
  cp "$SITE/pkg/portal.$wasm.wasm" "$SITE/pkg/portal_bg.wasm"
  printf 'js: %s\nwasm: %s\n' "$js" "$wasm" >"$LOGS/hash.txt"
  echo "$source" >"$LOGS/bundle.source"
}

verifier() {
  CARGO_TARGET_DIR="$BROWSER_TARGET_DIR" "$ROOT/scripts/build-verifier.sh"
}

# The browser side: the bundle's tools if missing, the bundle, the verifier's module, then
# the static files and the bundle's names beside the binary.
browser() {
  timed bundle bundle
  timed verifier verifier
  mkdir -p "$SITE" "$TARGET_DIR/release"
  cp -R "$ROOT/app/public/." "$SITE/"
  cp "$LOGS/hash.txt" "$TARGET_DIR/release/hash.txt"
}

server() {
  timed server cargo build --locked -p app --bin portal --no-default-features --features ssr --release
}

if ((SERVER_FIRST)); then
  say "1/2 portal binary (release), with every core: $(estimate server)"
  server
  mkdir -p "$SITE"
  cp -R "$ROOT/app/public/." "$SITE/"
  say "    binary ready after $(minutes "$SECONDS")"
  say "2/2 browser bundle and offline verifier, in the background at low priority: $(estimate bundle) and $(estimate verifier)"
  say "    until then pages work as plain forms; reload once it says ready (log: $LOGS/browser.log)"
  (
    # Low priority for the whole background chain (its children inherit it).
    renice -n 10 -p "$BASHPID" >/dev/null 2>&1 || true
    # Not as an `if` condition: bash ignores `set -e` there, and a failed step must stop it.
    set +e
    (set -e; browser) >"$LOGS/browser.log" 2>&1
    if (($? == 0)); then
      say "the browser bundle is ready: reload the page to make it interactive"
    else
      say "the browser bundle failed; the portal keeps working as plain forms (see $LOGS/browser.log)"
    fi
  ) &
  disown
  exit 0
fi

# Everything: the browser side in the background while the binary builds.
say "1/3 browser bundle (wasm-release, wasm-bindgen, wasm-opt): $(estimate bundle)"
say "2/3 offline verifier's module, after it: $(estimate verifier)"
(browser) >"$LOGS/browser.log" 2>&1 &
BROWSER=$!
# On failure or Ctrl-C, stop the background cargo too (the subshell's children, then it).
trap 'pkill -P "$BROWSER" 2>/dev/null || true; kill "$BROWSER" 2>/dev/null || true' EXIT

say "3/3 portal binary (release): $(estimate server)"
server
say "    binary ready after $(minutes "$SECONDS")"

if ! wait "$BROWSER"; then
  trap - EXIT
  say "the browser build failed; its output (also in $LOGS/browser.log):"
  tail -n 60 "$LOGS/browser.log" >&2
  exit 1
fi
trap - EXIT
grep -v '^\s*$' "$LOGS/browser.log" | grep -v 'Compiling\|Finished\|target_features' || true
say "done in $(minutes "$SECONDS"): $TARGET_DIR/release/portal serves $SITE"
