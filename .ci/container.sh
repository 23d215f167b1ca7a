#!/usr/bin/env bash
# CI step: build Peyvand's container image (deploy/container/Containerfile) with podman on a
# Debian base made with debootstrap — no registry is reachable here — and check the image
# without starting a container (these machines cannot): its configuration (non-root user,
# /data volume, health check), that it holds only the binary, its C library, the CA
# certificates and its few /etc files, and, from its root filesystem mounted with
# `podman image mount` and entered with `chroot` as the image's user, that the binary runs
# `migrate` against PostgreSQL, serves a page and passes its own health check.
#
#   bash .ci/container.sh postgres://postgres@127.0.0.1:PORT/postgres [BINARY]
#
# BINARY defaults to target/debug/peyvand (the binary CI has already built); the image is the
# same with target/release/peyvand. Needs root, podman and debootstrap (installed if missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ADMIN_URL="${1:?usage: container.sh POSTGRES_ADMIN_URL [BINARY]}"
BINARY="${2:-target/debug/peyvand}"
[[ -x "$BINARY" ]] || { echo "no binary at $BINARY (cargo build first)"; exit 1; }
[[ $EUID -eq 0 ]] || { echo "container.sh needs root (podman storage, debootstrap, chroot)"; exit 1; }

missing=()
command -v podman >/dev/null || missing+=(podman)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v psql >/dev/null || missing+=(postgresql-client)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# vfs: works on any file system and in a nested environment, without fuse-overlayfs.
PODMAN=(podman --storage-driver vfs)
BASE=localhost/peyvand-base:bookworm
IMAGE=localhost/peyvand:ci
WORK="$(mktemp -d /tmp/peyvand-ctr.XXXXXX)"
MNT=""
SERVER_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
  [[ -n "$MNT" ]] && "${PODMAN[@]}" image unmount "$IMAGE" >/dev/null 2>&1 || true
  "${PODMAN[@]}" rmi -f "$IMAGE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- the base: Debian minbase with CA certificates, made here --------------------------------
if "${PODMAN[@]}" image exists "$BASE"; then
  echo "base image $BASE already built"
else
  mirror="$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)"
  mirror="${mirror:-http://deb.debian.org/debian}"
  echo "debootstrap bookworm (minbase + ca-certificates) from $mirror"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$WORK/rootfs" "$mirror" \
    >"$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log"; exit 1; }
  tar -C "$WORK/rootfs" -c . | "${PODMAN[@]}" import -q - "$BASE" >/dev/null
  rm -rf "$WORK/rootfs"
fi

# --- the image -------------------------------------------------------------------------------
"${PODMAN[@]}" build -q --format docker -f deploy/container/Containerfile --build-arg BASE="$BASE" \
  --build-arg BINARY="$BINARY" -t "$IMAGE" . >/dev/null
echo "built $IMAGE ($("${PODMAN[@]}" image inspect "$IMAGE" --format '{{.Size}}') bytes)"

fail() { echo "FAIL: $*"; exit 1; }
conf() { "${PODMAN[@]}" image inspect "$IMAGE" --format "$1"; }
[[ "$(conf '{{.Config.User}}')" == "10001:10001" ]] || fail "the image's user is not 10001:10001"
[[ "$(conf '{{json .Config.Volumes}}')" == *'"/data"'* ]] || fail "no /data volume"
[[ "$(conf '{{json .Config.Healthcheck}}')" == *'peyvand","health'* ]] || fail "no health check"
[[ "$(conf '{{json .Config.Entrypoint}}')" == '["/usr/local/bin/peyvand"]' ]] || fail "entrypoint"
echo "configuration: user 10001, /data volume, health check, entrypoint — ok"

MNT="$("${PODMAN[@]}" image mount "$IMAGE")"
files="$(cd "$MNT" && find . -type f -o -type l | sort | tr '\n' ' ')"
expected="./data/.keep ./etc/group ./etc/nsswitch.conf ./etc/passwd ./etc/ssl/certs/ca-certificates.crt ./lib/x86_64-linux-gnu/libc.so.6 ./lib/x86_64-linux-gnu/libgcc_s.so.1 ./lib/x86_64-linux-gnu/libm.so.6 ./lib64/ld-linux-x86-64.so.2 ./tmp/.keep ./usr/local/bin/peyvand "
[[ "$files" == "$expected" ]] || fail "unexpected files in the image: $files"
[[ "$(stat -c %u "$MNT/data")" == 10001 ]] || fail "/data is not owned by the image's user"
echo "contents: only the binary, its C library, CA certificates and /etc/{passwd,group,nsswitch.conf} — ok"

# The image's environment, as a container would have it.
mapfile -t ENV_VARS < <(conf '{{range .Config.Env}}{{println .}}{{end}}' | sed '/^$/d')
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
DB="peyvand_image_$$"
psql -q "$ADMIN_URL" -c "CREATE DATABASE $DB" >/dev/null
DB_URL="${ADMIN_URL%/*}/$DB"
# Run in the image's environment (only), as its user, in its root file system.
run=(env -i "${ENV_VARS[@]}" ROCKET_ADDRESS=127.0.0.1 ROCKET_PORT="$PORT" DATABASE_URL="$DB_URL"
  PEYVAND_PUBLIC_URL="http://127.0.0.1:$PORT")
"${run[@]}" chroot --userspec=10001:10001 "$MNT" /usr/local/bin/peyvand --version
"${run[@]}" chroot --userspec=10001:10001 "$MNT" /usr/local/bin/peyvand migrate
tables="$(psql -tA "$DB_URL" -c "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'")"
[[ "$tables" -gt 10 ]] || fail "migrate left $tables tables"
echo "migrate against PostgreSQL from the image: $tables tables — ok"

"${run[@]}" chroot --userspec=10001:10001 "$MNT" /usr/local/bin/peyvand serve >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health/live" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log"; fail "the server stopped"; }
  sleep 0.5
done
page="$(curl -fsS "http://127.0.0.1:$PORT/")" || { cat "$WORK/serve.log"; fail "no home page"; }
[[ "$page" == *"<html"* && "$page" == *"/static/css/"* ]] || fail "the home page is not the portal's"
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/static/css/app.css" || fail "no stylesheet"
"${run[@]}" chroot --userspec=10001:10001 "$MNT" /usr/local/bin/peyvand health --timeout 5 || fail "health check"
[[ -f "$MNT/data/keys.toml" && "$(stat -c %u:%a "$MNT/data/keys.toml")" == "10001:600" ]] \
  || fail "keys.toml not written to /data by the image's user with mode 0600"
echo "serve from the image: home page, stylesheet, health check, keys in /data — ok"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
"${run[@]}" chroot --userspec=10001:10001 "$MNT" /usr/local/bin/peyvand health --timeout 2 >/dev/null 2>&1 \
  && fail "health check passes with no server"
psql -q "$ADMIN_URL" -c "DROP DATABASE $DB" >/dev/null
echo "container image: all checks passed"
