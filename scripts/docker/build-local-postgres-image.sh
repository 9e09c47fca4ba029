#!/usr/bin/env bash
# Builds a PostgreSQL image without any registry: a minimal Debian bookworm with postgresql-15, installed by
# debootstrap from the Debian mirror apt already uses, imported as one layer. Its entrypoint behaves like the
# official image's (POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, arguments after "postgres" go to the
# server) but listens on 127.0.0.1 only. Skips the build when the image already exists.
# Usage: build-local-postgres-image.sh [TAG]   (default local/postgres:15; DEBIAN_MIRROR overrides the mirror)
set -euo pipefail
TAG=${1:-local/postgres:15}
HERE=$(cd "$(dirname "$0")" && pwd)

if docker image inspect "$TAG" >/dev/null 2>&1; then
  echo "image $TAG already built"
  exit 0
fi

# The first Debian (not security) mirror in apt's sources, deb822 or one-line style.
debian_mirror() {
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    sed -nE 's/^URIs:[[:space:]]*([^[:space:]]+).*/\1/p; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' |
    grep -E '/debian/?$' | head -n 1 || true
}
MIRROR=${DEBIAN_MIRROR:-$(debian_mirror)}
if [ -z "$MIRROR" ]; then
  echo "no Debian mirror found in /etc/apt/sources.list(.d); set DEBIAN_MIRROR" >&2
  exit 1
fi

ROOT=$(mktemp -d /var/tmp/warden-postgres-rootfs-XXXXXX)
trap 'rm -rf "$ROOT"' EXIT
chmod 755 "$ROOT" # it becomes the image's "/", which the postgres user must traverse
echo "debootstrap bookworm with postgresql-15 from $MIRROR"
start=$SECONDS
debootstrap --variant=minbase --include=postgresql-15 bookworm "$ROOT" "$MIRROR" >"$ROOT.log" 2>&1 ||
  { tail -n 20 "$ROOT.log" >&2; rm -f "$ROOT.log"; exit 1; }
rm -f "$ROOT.log"
rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/lib/apt/lists/*
# debootstrap's installation created the packages' default cluster; the entrypoint makes its own.
rm -rf "$ROOT"/var/lib/postgresql/15 "$ROOT"/etc/postgresql/15
install -m 0755 "$HERE/postgres-entrypoint.sh" "$ROOT/entrypoint.sh"
echo "debootstrap took $((SECONDS - start)) s"

start=$SECONDS
tar -C "$ROOT" -c . | docker import \
  --change 'ENTRYPOINT ["/entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - "$TAG" >/dev/null
echo "docker import of $TAG took $((SECONDS - start)) s ($(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%d MB", $1 / 1e6}'))"
