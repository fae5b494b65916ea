#!/usr/bin/env bash
# The load run behind docs/deploy.md's "Sizing": a release build of the portal on loopback,
# with the demo data and PEOPLE generated people (`portal seed-demo --people`), on SQLite and
# then PostgreSQL (a fresh database on the server the tests use, dropped afterwards). For each
# route it prints requests, errors, requests a second, p50 and p99 (app/benches/load.rs says
# what each run does). Bounded in time: DURATION seconds per measured route (six of them) plus seeding.
# Nothing is asserted: speed is reported, not tested.
#
#   scripts/load.sh                          # 100,000 people, 10 s a route, both databases
#   PEOPLE=20000 DURATION=5 RATE=200 CONNECTIONS=8 scripts/load.sh
#   DATABASES=sqlite scripts/load.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --test
export PATH="$HOME/.cargo/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
PEOPLE="${PEOPLE:-100000}"
SECONDS_EACH="${DURATION:-10}"
RATE="${RATE:-200}"
CONNECTIONS="${CONNECTIONS:-8}"
DATABASES="${DATABASES:-sqlite postgres}"
CLEANUP=()
cleanup() {
  for action in "${CLEANUP[@]}"; do eval "$action" || true; done
}
trap cleanup EXIT
say() { printf '\n\033[1;34m[load]\033[0m %s\n' "$*"; }
# shellcheck source=scripts/postgres.sh
source "$ROOT/scripts/postgres.sh"

# The server binary only, as scripts/build.sh builds it: the pages measured render on the
# server, the browser bundle plays no part.
say "release build of the server (as scripts/build.sh builds it)"
cargo build --quiet --locked -p app --bin portal --no-default-features --features ssr --release
BIN="$TARGET_DIR/release/portal"

say "the load generator (cargo bench -p app --bench load, built once)"
cargo bench -p app --features ssr --bench load --no-run 2>&1 | grep -vE '^\s*(Compiling|Finished|Executable)' || true

run() {
  local label="$1"
  shift
  say "$label: $PEOPLE generated people, ${SECONDS_EACH}s a route, $CONNECTIONS connections, /me paced at $RATE a second"
  cargo bench -p app --features ssr --bench load -- --portal "$BIN" --people "$PEOPLE" \
    --seconds "$SECONDS_EACH" --connections "$CONNECTIONS" --rate "$RATE" "$@" 2>&1 \
    | grep -vE '^\s*(Compiling|Finished|Running)'
}

for database in $DATABASES; do
  case "$database" in
    sqlite) run "SQLite" ;;
    postgres)
      ensure_postgres
      name="portal_load_$$"
      admin="$PORTAL_TEST_POSTGRES_URL"
      psql -q "$admin" -c "CREATE DATABASE $name" >/dev/null
      CLEANUP+=("psql -q '$admin' -c 'DROP DATABASE IF EXISTS $name WITH (FORCE)' >/dev/null")
      run "PostgreSQL" --database-url "${admin%/*}/$name"
      ;;
    *) echo "unknown database $database (sqlite, postgres)" >&2; exit 2 ;;
  esac
done
