# Sourced by the local image builds: a minimal Debian bookworm root file system made by debootstrap from the
# Debian mirror apt already uses (DEBIAN_MIRROR overrides it), without any registry.

# The first Debian (not security) mirror in apt's sources, deb822 or one-line style.
debian_mirror() {
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    sed -nE 's/^URIs:[[:space:]]*([^[:space:]]+).*/\1/p; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' |
    grep -E '/debian/?$' | head -n 1 || true
}

# debian_rootfs DIR [PACKAGES]: debootstrap --variant=minbase into DIR (with the comma-separated PACKAGES),
# then drop apt's caches. Prints how long it took.
debian_rootfs() {
  local root=$1 include=${2:-} mirror=${DEBIAN_MIRROR:-$(debian_mirror)} start=$SECONDS
  if [ -z "$mirror" ]; then
    echo "no Debian mirror found in /etc/apt/sources.list(.d); set DEBIAN_MIRROR" >&2
    return 1
  fi
  chmod 755 "$root" # it becomes the image's "/", which unprivileged users must traverse
  echo "debootstrap bookworm${include:+ with $include} from $mirror"
  debootstrap --variant=minbase ${include:+--include="$include"} bookworm "$root" "$mirror" >"$root.log" 2>&1 ||
    { tail -n 20 "$root.log" >&2; rm -f "$root.log"; return 1; }
  rm -f "$root.log"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  echo "debootstrap took $((SECONDS - start)) s"
}

# import_rootfs DIR TAG [--change …]: one-layer image from DIR; prints the time and the image's size.
import_rootfs() {
  local root=$1 tag=$2 start=$SECONDS
  shift 2
  tar -C "$root" -c . | docker import "$@" - "$tag" >/dev/null
  echo "docker import of $tag took $((SECONDS - start)) s ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1 / 1e6}'))"
}
