#!/usr/bin/env bash
# Builds a Node.js base image for Warden's Dockerfile without any registry: a minimal Debian bookworm from
# the Debian mirror apt already uses, plus the Node.js binary and npm this machine runs (so CI tests the image
# with the Node it tests everything else with), and a "node" user (uid 1000) like the official image's. The
# certificate authorities this machine added to its trust store (/usr/local/share/ca-certificates) are trusted
# in the image too, so that npm inside a build reaches the registry the way npm on this machine does.
# Skips the build when the image already exists.
# Usage: build-local-node-image.sh [TAG]   (default local/node:<version>; NODE_BIN overrides the binary)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/debian-rootfs.sh"
NODE_BIN=$(readlink -f "${NODE_BIN:-$(command -v node)}")
NODE_VERSION=$("$NODE_BIN" --version)
NODE_MAJOR=${NODE_VERSION#v}
NODE_MAJOR=${NODE_MAJOR%%.*}
TAG=${1:-local/node:${NODE_VERSION#v}}
NPM_DIR=$(cd "$(dirname "$NODE_BIN")/../lib/node_modules/npm" 2>/dev/null && pwd) ||
  { echo "npm not found next to $NODE_BIN" >&2; exit 1; }

if docker image inspect "$TAG" >/dev/null 2>&1; then
  echo "image $TAG already built"
  exit 0
fi

ROOT=$(mktemp -d /var/tmp/warden-node-rootfs-XXXXXX)
trap 'rm -rf "$ROOT"' EXIT
debian_rootfs "$ROOT" ca-certificates
install -m 0755 "$NODE_BIN" "$ROOT/usr/local/bin/node"
mkdir -p "$ROOT/usr/local/lib/node_modules"
cp -a "$NPM_DIR" "$ROOT/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ROOT/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ROOT/usr/local/bin/npx"
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
  chroot "$ROOT" update-ca-certificates >/dev/null
fi
chroot "$ROOT" groupadd --gid 1000 node
chroot "$ROOT" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
echo "Node.js $NODE_VERSION from $NODE_BIN, npm $("$NODE_BIN" "$NPM_DIR/bin/npm-cli.js" --version)"

import_rootfs "$ROOT" "$TAG" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]'
