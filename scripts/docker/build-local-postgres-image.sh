#!/usr/bin/env bash
# Builds a PostgreSQL image without any registry: a minimal Debian bookworm with postgresql-15, installed by
# debootstrap from the Debian mirror apt already uses, imported as one layer. Its entrypoint behaves like the
# official image's (POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, arguments after "postgres" go to the
# server) but listens on 127.0.0.1 only. Skips the build when the image already exists and was built from these
# very scripts (its warden.recipe label), so that a changed entrypoint never goes unused.
# Usage: build-local-postgres-image.sh [TAG]   (default local/postgres:15; DEBIAN_MIRROR overrides the mirror)
set -euo pipefail
TAG=${1:-local/postgres:15}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/debian-rootfs.sh"

RECIPE=$(cat "${BASH_SOURCE[0]}" "$HERE/debian-rootfs.sh" "$HERE/postgres-entrypoint.sh" | sha256sum | cut -c1-16)
if [ "$(docker image inspect -f '{{index .Config.Labels "warden.recipe"}}' "$TAG" 2>/dev/null)" = "$RECIPE" ]; then
  echo "image $TAG already built"
  exit 0
fi

PREVIOUS=$(docker image inspect -f '{{.Id}}' "$TAG" 2>/dev/null || true)
ROOT=$(mktemp -d /var/tmp/warden-postgres-rootfs-XXXXXX)
trap 'rm -rf "$ROOT"' EXIT
debian_rootfs "$ROOT" postgresql-15
# debootstrap's installation created the packages' default cluster; the entrypoint makes its own.
rm -rf "$ROOT"/var/lib/postgresql/15 "$ROOT"/etc/postgresql/15
install -m 0755 "$HERE/postgres-entrypoint.sh" "$ROOT/entrypoint.sh"

import_rootfs "$ROOT" "$TAG" \
  --change 'ENTRYPOINT ["/entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  --change "LABEL warden.recipe=$RECIPE" \
  --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
# The image this one replaces (built from other scripts) would stay behind untagged: 600 MB on vfs.
if [ -n "$PREVIOUS" ]; then docker image rm "$PREVIOUS" >/dev/null 2>&1 || true; fi
