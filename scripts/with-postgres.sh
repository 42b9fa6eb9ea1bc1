#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 on a free loopback port, exported as TEST_DATABASE_URL.
# Usage: scripts/with-postgres.sh npm test
set -euo pipefail

PG_BIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
if [ -z "$PG_BIN" ]; then
  echo "with-postgres: PostgreSQL 15 is not installed (apt-get install postgresql-15)" >&2
  exit 1
fi

as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

WORK=$(mktemp -d /tmp/sightline-pg.XXXXXX)
chmod 755 "$WORK"
[ "$(id -u)" = "0" ] && chown postgres:postgres "$WORK"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  as_postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

as_postgres "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Tests skip durability for speed. WITH_POSTGRES_DURABLE=1 keeps PostgreSQL's defaults (fsync,
# synchronous_commit and full_page_writes on), as a production server runs, e.g. for benchmarks.
FAST="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${WITH_POSTGRES_DURABLE:-0}" = "1" ] && FAST=""
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$WORK $FAST -c max_connections=200" start >/dev/null
psql -h 127.0.0.1 -p "$PORT" -U postgres -q -c "create database sightline" >/dev/null
export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/sightline"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
"$@"
