#!/usr/bin/env bash
# Runs "$@" against a Docker engine of its own: installs Docker and debootstrap from Debian when missing,
# starts dockerd (no bridge, no iptables, vfs storage) on a private socket, builds the local PostgreSQL image
# (kept with the engine's data between runs), and runs "$@" with DOCKER_HOST set and the test harness told to
# use that image on the host network. Stops the engine, and with it every container, afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
export TEST_POSTGRES_IMAGE=${WARDEN_CI_POSTGRES_IMAGE:-local/postgres:15} # built below, from Debian packages
export TEST_POSTGRES_NETWORK=host
export TESTCONTAINERS_RYUK_DISABLED=true # its image comes from a registry; the harness removes its containers
# Inside a container testcontainers looks for the engine's "bridge" network to find the host; there is none.
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
DATA_ROOT=${WARDEN_CI_DOCKER_DIR:-/var/tmp/warden-ci-docker}

if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
  apt-get install -y docker.io debootstrap >/dev/null ||
    { apt-get update >/dev/null && apt-get install -y docker.io debootstrap >/dev/null; }
fi

mkdir -p "$DATA_ROOT"
exec 9>"$DATA_ROOT.lock"
flock -n 9 || { echo "another run uses $DATA_ROOT; waiting for it"; flock 9; }
# The engine of a run that was killed outright (no trap ran) may still serve this data: stop it first.
ENGINE_PID_FILE=$DATA_ROOT.dockerd-pid
if [ -s "$ENGINE_PID_FILE" ]; then
  left_pid=$(cat "$ENGINE_PID_FILE")
  left_cmd=$(tr '\0' ' ' <"/proc/$left_pid/cmdline" 2>/dev/null || true)
  if grep -q -- "^dockerd .*--data-root=$DATA_ROOT " <<<"$left_cmd"; then
    echo "stopping dockerd $left_pid, left running on $DATA_ROOT by a run that was killed"
    kill "$left_pid"
    for _ in $(seq 1 300); do kill -0 "$left_pid" 2>/dev/null && sleep 0.1 || break; done
    left_run=$(sed -nE 's|.*--exec-root=(/tmp/warden-ci-dockerd-[^ /]+)/exec .*|\1|p' <<<"$left_cmd")
    if [ -n "$left_run" ]; then
      awk -v run="$left_run" 'index($2, run) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r umount 2>/dev/null || true
      rm -rf "$left_run"
    fi
  fi
  rm -f "$ENGINE_PID_FILE"
fi

RUN=$(mktemp -d /tmp/warden-ci-dockerd-XXXXXX)
export DOCKER_HOST="unix://$RUN/docker.sock"
DOCKERD_PID=
stop_engine() {
  if [ -n "$DOCKERD_PID" ]; then
    docker ps -aq | xargs -r docker rm -f >/dev/null 2>&1 || true
    kill "$DOCKERD_PID" 2>/dev/null || true
    wait "$DOCKERD_PID" 2>/dev/null || true
    rm -f "$ENGINE_PID_FILE"
  fi
  # dockerd leaves its network namespace mounted under its exec root.
  awk -v run="$RUN" 'index($2, run) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r umount 2>/dev/null || true
  rm -rf "$RUN"
}
trap stop_engine EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start=$SECONDS
dockerd --storage-driver=vfs --iptables=false --ip6tables=false --bridge=none \
  --data-root="$DATA_ROOT" --exec-root="$RUN/exec" --pidfile="$RUN/dockerd.pid" --host="$DOCKER_HOST" \
  >"$RUN/dockerd.log" 2>&1 9>&- & # without the lock: an engine orphaned by a killed run must not keep it
DOCKERD_PID=$!
echo "$DOCKERD_PID" >"$ENGINE_PID_FILE"
until docker version >/dev/null 2>&1; do
  if ! kill -0 "$DOCKERD_PID" 2>/dev/null; then
    tail -n 20 "$RUN/dockerd.log" >&2
    echo "dockerd did not start" >&2
    exit 1
  fi
  if [ $((SECONDS - start)) -gt 60 ]; then
    echo "dockerd did not answer within 60 s" >&2
    exit 1
  fi
  sleep 0.2
done
echo "dockerd $(docker version -f '{{.Server.Version}}') answered after $((SECONDS - start)) s"
docker ps -aq | xargs -r docker rm -f >/dev/null # left by a run that was killed hard

start=$SECONDS
bash scripts/docker/build-local-postgres-image.sh "$TEST_POSTGRES_IMAGE"
echo "image ready after $((SECONDS - start)) s"

status=0
"$@" || status=$?
# The harness removes every container it started; one still here once removals in progress are done (vfs
# deletes a whole copy of the image) is a bug of this pass.
being_removed() { [ -n "$(docker ps -aq)" ] && ! docker ps -a --format '{{.Status}}' | grep -qv 'Removal In Progress'; }
for _ in $(seq 1 150); do being_removed && sleep 0.2 || break; done
left=$(docker ps -aq)
if [ -n "$left" ]; then
  echo "containers left behind: $(echo "$left" | wc -l)" >&2
  docker ps -a >&2
  status=1
fi
exit "$status"
