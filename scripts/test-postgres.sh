#!/usr/bin/env bash
# A throwaway PostgreSQL for the store tests, on 127.0.0.1:54329 with trust auth.
#   scripts/test-postgres.sh        start (idempotent) and print the URL for BEIAN_TEST_PG_URL
#   scripts/test-postgres.sh stop   stop it
# Uses Debian's postgresql packages (apt-get install -y postgresql); run as root or as a user that
# can write the data directory. The data lives in $BEIAN_TEST_PG_DIR (default /tmp/beian-test-pg).
set -euo pipefail

PORT=54329
DIR="${BEIAN_TEST_PG_DIR:-${TMPDIR:-/tmp}/beian-test-pg}"
URL="postgres://postgres@127.0.0.1:${PORT}/postgres"

BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [[ -z "$BIN" || ! -x "$BIN/pg_ctl" ]]; then
  echo "test-postgres: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" >&2
  echo "test-postgres: install them with: apt-get install -y postgresql" >&2
  exit 1
fi

# initdb refuses to run as root: run the server tools as the postgres user when we are root.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() {
  [[ -f "$DIR/PG_VERSION" ]] && as_owner "$BIN/pg_ctl" status -D "$DIR" >/dev/null 2>&1
}

if [[ "${1:-start}" == stop ]]; then
  if running; then as_owner "$BIN/pg_ctl" stop -D "$DIR" -m fast -w >/dev/null; fi
  echo "test-postgres: stopped" >&2
  exit 0
fi

if running; then
  echo "$URL"
  exit 0
fi

if [[ ! -f "$DIR/PG_VERSION" ]]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  if [[ "$(id -u)" == 0 ]]; then chown postgres: "$DIR"; fi
  chmod 700 "$DIR"
  # Test data only: no fsync, trust on loopback, no password.
  as_owner "$BIN/initdb" -D "$DIR" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
fi

# Sockets go into the data directory: /var/run/postgresql may not exist or belong to a system cluster.
as_owner "$BIN/pg_ctl" start -D "$DIR" -w -t 60 -l "$DIR/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories='$DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
echo "$URL"
