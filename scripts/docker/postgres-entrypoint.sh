#!/bin/sh
# The entrypoint of the locally built PostgreSQL image (build-local-postgres-image.sh), modelled on the official
# image's: on first start, initdb with POSTGRES_USER (default postgres) and POSTGRES_PASSWORD (password
# authentication over TCP; without a password it refuses to start unless POSTGRES_HOST_AUTH_METHOD=trust), then
# POSTGRES_DB; then the server runs as PID 1 with the given arguments ("postgres -p 5433 -c …"; PGPORT also sets
# the port), listening on 127.0.0.1 only unless the arguments say otherwise.
set -eu
PGDATA=${PGDATA:-/var/lib/postgresql/data}
USER_NAME=${POSTGRES_USER:-postgres}
DATABASE=${POSTGRES_DB:-$USER_NAME}
export PGDATA

if [ "${1:-}" = postgres ]; then shift; fi
case "${1:-}" in
  -* | "") ;;
  *) exec "$@" ;; # any other command runs as given
esac

as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  # On the host network, 127.0.0.1 is the host's: trust would make every local user superuser.
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    echo "POSTGRES_PASSWORD is not set: set it, or POSTGRES_HOST_AUTH_METHOD=trust to let anyone connect" >&2
    exit 1
  fi
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >/tmp/pwfile
  chown postgres /tmp/pwfile
  as_postgres initdb --username="$USER_NAME" --pwfile=/tmp/pwfile --encoding=UTF8 --no-locale >/dev/null
  rm -f /tmp/pwfile
  method=trust
  if [ -n "${POSTGRES_PASSWORD:-}" ]; then method=scram-sha-256; fi
  printf 'local all all trust\nhost all all 127.0.0.1/32 %s\n' "$method" >"$PGDATA/pg_hba.conf"
  if [ "$DATABASE" != postgres ]; then
    echo "CREATE DATABASE \"$DATABASE\"" | as_postgres postgres --single -jE postgres >/dev/null
  fi
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -c listen_addresses=127.0.0.1 "$@"
