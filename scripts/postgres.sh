# Sourced by scripts/test.sh: makes a PostgreSQL server available for the tests.
# Uses the server on 127.0.0.1:5432 when it answers; otherwise starts a throwaway cluster
# (initdb + pg_ctl from Debian's postgresql package) on a free port, stopped on exit.

ensure_postgres() {
  if [[ -n "${PORTAL_TEST_POSTGRES_URL:-}" ]]; then
    echo "using PORTAL_TEST_POSTGRES_URL from the environment"
    return
  fi
  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 -U postgres; then
    export PORTAL_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
    echo "using the PostgreSQL server on 127.0.0.1:5432"
    return
  fi
  local bindir
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [[ -z "$bindir" ]]; then
    echo "PostgreSQL binaries not found; install Debian's postgresql package" >&2
    return 1
  fi
  local dir port
  dir="$(mktemp -d)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  # initdb refuses to run as root: run the throwaway cluster as the postgres system user.
  chown postgres "$dir"
  runuser -u postgres -- "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  runuser -u postgres -- "$bindir/pg_ctl" -D "$dir/data" -o "-h 127.0.0.1 -p $port -k $dir" -l "$dir/log" -w start >/dev/null
  CLEANUP+=("runuser -u postgres -- '$bindir/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null; rm -rf '$dir'")
  export PORTAL_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "started a throwaway PostgreSQL cluster on port $port"
}
