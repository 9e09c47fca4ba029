#!/usr/bin/env bash
# Validates docker-compose.yml with Debian's docker-compose (installed when missing): it must parse with the
# settings .env.example asks for, and refuse to run without the database password.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v docker-compose >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
: >"$WORK/empty.env" # so that a developer's own .env does not take part
compose() { env -i PATH="$PATH" "$@" docker-compose --project-directory . --env-file "$WORK/empty.env" -f docker-compose.yml config; }

compose DISCORD_TOKEN=token POSTGRES_PASSWORD=secret >"$WORK/config.yml"
grep -q 'DATABASE_URL: postgres://warden:secret@postgres:5432/warden' "$WORK/config.yml" ||
  { cat "$WORK/config.yml" >&2; echo "DATABASE_URL not built from POSTGRES_PASSWORD" >&2; exit 1; }
if errors=$(compose DISCORD_TOKEN=token 2>&1 >/dev/null); then
  echo "docker-compose.yml was accepted without POSTGRES_PASSWORD" >&2
  exit 1
fi
grep -q 'set POSTGRES_PASSWORD in .env' <<<"$errors" || { echo "$errors" >&2; exit 1; }
echo "docker-compose.yml: valid ($(docker-compose version --short)); refuses to run without POSTGRES_PASSWORD"

# The shard-group example (README, Running several shard processes) parses with the same settings.
env -i PATH="$PATH" DISCORD_TOKEN=token POSTGRES_PASSWORD=secret docker-compose --env-file "$WORK/empty.env" \
  -f deploy/compose/docker-compose.shards.yml config >"$WORK/shards.yml"
grep -q 'SHARD_IDS: 0..1' "$WORK/shards.yml" || { cat "$WORK/shards.yml" >&2; exit 1; }
echo "deploy/compose/docker-compose.shards.yml: valid"
