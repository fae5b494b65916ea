#!/usr/bin/env bash
# Measures what a phone downloads for the first page: the HTML of / and every asset it loads
# (CSS, JS, wasm, icon), as transferred with gzip and with brotli. Uses the release build
# (run scripts/build.sh first, or scripts/run.sh once) against a throwaway
# SQLite database on a free port. Prints a table; nothing is written to the repository.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/portal"
[[ -x "$BIN" ]] || { echo "build first: scripts/build.sh" >&2; exit 2; }

DATA="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PORTAL_DATA_DIR="$DATA" PORTAL_ADDR="127.0.0.1:$PORT" PORTAL_LOG=warn "$BIN" serve >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done

BASE="http://127.0.0.1:$PORT"
page="${1:-/}"
html="$(curl -s -H 'Accept-Language: en' "$BASE$page")"
# The bundle's names carry content hashes: take them from the page (lean pages have none).
assets=$(printf '%s' "$html" | grep -oE '(href|src)="/[^"]+\.(css|js|svg|wasm)"' | sed -E 's/.*="([^"]+)"/\1/' | sort -u)

size() { curl -s -o /dev/null -H "Accept-Encoding: $2" -H 'Accept-Language: en' -w '%{size_download}' "$BASE$1"; }
printf '%-24s %10s %10s %10s\n' "resource" "raw" "gzip" "br"
tr=0; tg=0; tb=0
for path in "$page" $assets; do
  r=$(size "$path" identity); g=$(size "$path" gzip); b=$(size "$path" br)
  tr=$((tr + r)); tg=$((tg + g)); tb=$((tb + b))
  printf '%-24s %10d %10d %10d\n' "$path" "$r" "$g" "$b"
done
printf '%-24s %10d %10d %10d\n' "total (bytes)" "$tr" "$tg" "$tb"
python3 -c 'import sys; print("%-24s %10.1f %10.1f %10.1f" % ("total (KiB)", *(int(v) / 1024 for v in sys.argv[1:])))' "$tr" "$tg" "$tb"
