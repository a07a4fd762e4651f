#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL 15 on a loopback port:
#   scripts/with-postgres.sh make test
# DATABASE_URL points at it while the command runs; the cluster is removed afterwards.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55432}
dir=$(mktemp -d /tmp/vanguard-pg.XXXXXX)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$dir"
as_postgres "$PG_BIN/initdb" -D "$dir/data" -A trust -U vanguard -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w \
  -o "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U vanguard vanguard
export DATABASE_URL="postgres://vanguard@127.0.0.1:$PG_PORT/vanguard"
echo "PostgreSQL ready at $DATABASE_URL"
"$@"
