#!/usr/bin/env bash
# Starts a throwaway cluster of the system PostgreSQL on a free port, runs "$@" with TEST_DATABASE_URL
# pointing at it, and removes the cluster afterwards.
set -euo pipefail
PG_BIN=$1
shift
DIR=$(mktemp -d /tmp/warden-ci-pg-XXXXXX)
chmod 755 "$DIR"
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
AS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --user-group --no-create-home postgres
  chown postgres "$DIR"
  AS=(runuser -u postgres --)
fi
cleanup() {
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
"${AS[@]}" "$PG_BIN/initdb" -D "$DIR/data" -U warden --auth=trust -E UTF8 --no-locale >/dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DIR -c max_connections=200" start >/dev/null
echo "system PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PORT"
TEST_DATABASE_URL="postgres://warden@127.0.0.1:$PORT/postgres" "$@"
