#!/usr/bin/env bash
# Every benchmark, with one command: criterion micro-benchmarks of the credentials library
# (sign and verify per format, the QR codec, raw Ed25519 verification as the baseline), then
# the VC-API verify endpoint of a release build under load on loopback (wrk, fixed
# concurrency), then what a phone downloads for the public pages, then the first visit of the
# main pages on emulated slow 3G in Chromium (e2e/tests/budget.spec.ts). Prints each figure and its
# ratio to raw ed25519-dalek verification measured in the same run. Nothing is asserted:
# speed is reported, not tested.
#
#   scripts/bench.sh            # all of it (builds the release binary if missing)
#   DURATION=30 CONNECTIONS=32 scripts/bench.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --test
"$ROOT/scripts/setup.sh" --bench
export PATH="$ROOT/scripts/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-2}"
OUT="$(mktemp -d)"
SERVER=""
cleanup() {
  [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null || true
  rm -rf "$OUT"
}
trap cleanup EXIT
say() { printf '\n\033[1;34m[bench]\033[0m %s\n' "$*"; }

say "people search on 100,000 people, SQLite and PostgreSQL (cargo bench -p portal-core --bench search)"
PORTAL_TEST_POSTGRES_URL="${PORTAL_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}" \
  cargo bench -p portal-core --bench search 2>&1 | tee "$OUT/search.txt" | grep -vE '^\s*(Compiling|Finished|Running)'

say "criterion: credentials library (cargo bench -p portal-credentials)"
cargo bench -p portal-credentials --bench credentials -- --noplot 2>&1 | grep -E '^[a-z].*/|time:' || true
python3 - "$TARGET_DIR/criterion" > "$OUT/criterion.txt" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
rows = {}
for bench in root.rglob("new/benchmark.json"):
    meta = json.loads(bench.read_text())
    est = json.loads((bench.parent / "estimates.json").read_text())
    rows[meta["full_id"]] = est["mean"]["point_estimate"]
base = next(v for k, v in rows.items() if k.startswith("baseline/"))
print(f"{'benchmark':40} {'mean':>12} {'x raw verify':>13}")
for name, ns in sorted(rows.items()):
    unit = f"{ns/1000:.1f} µs" if ns >= 1000 else f"{ns:.0f} ns"
    print(f"{name:40} {unit:>12} {ns/base:>13.1f}")
print(f"BASELINE_NS={base:.1f}")
PY
grep -v BASELINE_NS "$OUT/criterion.txt"
BASELINE_NS="$(sed -n 's/^BASELINE_NS=//p' "$OUT/criterion.txt")"

say "yardstick: raw Ed25519 verifications a second on one core (openssl speed ed25519)"
OPENSSL_PER_SECOND="$(openssl speed -seconds 5 ed25519 2>/dev/null | awk '/Ed25519/ {print $NF}')"
echo "openssl: ${OPENSSL_PER_SECOND} verifications/s on one core; $(nproc) cores"

BIN="$TARGET_DIR/release/portal"
if [[ ! -x "$BIN" ]]; then
  say "release build (scripts/build.sh)"
fi
"$ROOT/scripts/build.sh"

say "loopback load: POST /credentials/verify (wrk, $CONNECTIONS connections, ${DURATION}s)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT="$(free_port)"
# The open verify routes allow 120 checks a minute per client by default; one loopback client
# sending thousands a second would measure refusals.
export PORTAL_DATA_DIR="$OUT/data" PORTAL_ADDR="127.0.0.1:$PORT" PORTAL_LOG=warn \
  PORTAL_PUBLIC_URL="http://localhost:$PORT" PORTAL_VERIFY_PER_MINUTE=100000
"$BIN" keys rotate >/dev/null
TOKEN="$("$BIN" api-token create --scope issue --types BenchmarkCredential --label benchmark | tail -n 1)"
"$BIN" serve >/dev/null 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
BASE="http://127.0.0.1:$PORT"
issue() {
  curl -sf -X POST "$BASE/credentials/issue" -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
    -d "{\"credential\":{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiableCredential\"],\"credentialSubject\":{\"id\":\"did:example:benchmark\"}},\"options\":$1}"
}
for form in jcs rdfc jwt; do
  case "$form" in
    jcs) options='{"cryptosuite":"eddsa-jcs-2022"}' ;;
    rdfc) options='{"cryptosuite":"eddsa-rdfc-2022"}' ;;
    jwt) options='{"format":"vc+jwt"}' ;;
  esac
  issue "$options" | python3 -c 'import json,sys; print(json.dumps({"verifiableCredential": json.load(sys.stdin)["verifiableCredential"]}))' \
    > "$OUT/$form.json"
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/credentials/verify" -H 'content-type: application/json' --data-binary "@$OUT/$form.json")
  [[ "$status" == 200 ]] || { echo "verify of the $form credential answered $status" >&2; exit 1; }
  cat > "$OUT/$form.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$OUT/$form.json", "r")
wrk.body = f:read("*a")
f:close()
LUA
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$OUT/$form.lua" "$BASE/credentials/verify" > "$OUT/$form.wrk"
  python3 - "$form" "$OUT/$form.wrk" "$BASELINE_NS" "$OPENSSL_PER_SECOND" "$(nproc)" <<'PY'
import re, sys
form, path, base = sys.argv[1], sys.argv[2], float(sys.argv[3])
openssl, cores = float(sys.argv[4]), int(sys.argv[5])
text = open(path).read()
def ms(v, u):
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
lat = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)$", text, re.M)}
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
raw_per_second = 1e9 / base
print(f"{form:5} {rps:9.0f} req/s  p50 {lat['50']:7.2f} ms  p99 {lat['99']:7.2f} ms  "
      f"= {rps/openssl:.2f} x openssl on one core, {rps/(openssl*cores):.2f} x on all {cores}; "
      f"{rps/raw_per_second:.2f} x dalek on one core ({raw_per_second:.0f}/s)"
      + (f"  NON-2XX: {bad.group(1)}" if bad else "") + (f"  socket errors: {errors.group(1)}" if errors else ""))
PY
done
kill "$SERVER" 2>/dev/null || true
wait "$SERVER" 2>/dev/null || true
SERVER=""

say "what a phone downloads (gzip / brotli), public pages"
for page in / /signin /verify; do
  echo "page $page"
  "$ROOT/scripts/measure-transfer.sh" "$page" | tail -n 2
done

say "first visit on emulated slow 3G, 360x740 (Chromium, e2e/tests/budget.spec.ts)"
E2E_DATA="$OUT/e2e"
mkdir -p "$E2E_DATA"
(
  cd "$ROOT/e2e"
  PORTAL_BIN="$BIN" PORTAL_E2E_PORT="$(free_port)" PORTAL_E2E_DATA_DIR="$E2E_DATA/portal" \
    npx playwright test tests/budget.spec.ts --reporter=list 2>&1 | grep -E 'kB in|passed|failed'
)
