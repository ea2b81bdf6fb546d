# Sourced by .ci/run and the bench scripts: makes sure the packages and a Docker daemon the tests need exist.
# Starts dockerd only when none answers, and stops only what it started.

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  # The test fixtures copy /bin/busybox into FROM-scratch images, so it must be the static build.
  dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
  command -v git >/dev/null 2>&1 || missing+=(git)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)   # the private daemon of the fault tests has its own bridge
  command -v docker-credential-pass >/dev/null 2>&1 || missing+=(golang-docker-credential-helpers pass gnupg)   # TokenAuthIT's real credsStore
  [ -x /bin/bash-static ] && [ -s /etc/ssl/certs/ca-certificates.crt ] || missing+=(bash-static ca-certificates)   # the CI base of ProjectReleaseIT (docs/ci-image.md)
  command -v podman >/dev/null 2>&1 || missing+=(podman)   # the Podman tier (scripts/test)
  command -v runc >/dev/null 2>&1 || missing+=(runc)       # Docker 29's containerd runs containers with Debian's runc
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)   # the signing tests make password-encrypted PKCS#8 keys
  [ -e /usr/lib/binfmt.d/qemu-aarch64.conf ] || missing+=(qemu-user-static)   # multi-platform tests run arm64 under emulation
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null || return 1
  fi
  ensure_foreign_busybox arm64 && ensure_foreign_busybox i386
}

# ensure_foreign_busybox ARCH: Debian's static busybox of another architecture, unpacked under
# $PPCTL_TOOLS_CACHE/debian/busybox-static-ARCH/ (the multi-platform tests make their base images from it: no image can
# be pulled here). arm64 runs under QEMU (or not at all); i386 runs natively on an amd64 kernel with IA32 emulation.
ensure_foreign_busybox() {
  local arch=$1 dir=${PPCTL_TOOLS_CACHE:-$HOME/.cache/ppctl-tools}/debian/busybox-static-$1
  [ -x "$dir/bin/busybox" ] && return 0
  if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
    dpkg --add-architecture "$arch" && apt-get update -qq >/dev/null || { echo "cannot add Debian architecture $arch" >&2; return 1; }
  fi
  local tmp; tmp=$(mktemp -d)
  if ! (cd "$tmp" && apt-get download -qq "busybox-static:$arch" >/dev/null 2>&1 && dpkg-deb -x ./busybox-static_*.deb root); then
    rm -rf "$tmp"; echo "cannot download Debian's busybox-static:$arch" >&2; return 1
  fi
  mkdir -p "$dir.tmp.$$/bin" && cp "$tmp/root/bin/busybox" "$dir.tmp.$$/bin/busybox" && rm -rf "$dir" && mv "$dir.tmp.$$" "$dir"
  rm -rf "$tmp"
}

# QEMU's arm64 emulation registered with the kernel's binfmt_misc, so that the multi-platform tests can run arm64
# containers (a test switches it off for a while to prove the path without emulation). Registers only what is not
# registered yet, and stop_emulation removes only what this run registered.
REGISTERED_BINFMT=""
start_emulation() {
  local d=/proc/sys/fs/binfmt_misc conf=/usr/lib/binfmt.d/qemu-aarch64.conf
  [ -e "$d/register" ] || mount -t binfmt_misc binfmt_misc "$d" 2>/dev/null || { echo "binfmt_misc cannot be mounted: arm64 tests run without emulation" >&2; return 0; }
  [ -e "$d/qemu-aarch64" ] && return 0
  [ -r "$conf" ] || { echo "no $conf (qemu-user-static): arm64 tests run without emulation" >&2; return 0; }
  if grep -v '^#' "$conf" > "$d/register" 2>/dev/null; then
    REGISTERED_BINFMT=qemu-aarch64
  else
    echo "cannot register QEMU with binfmt_misc: arm64 tests run without emulation" >&2
  fi
}

stop_emulation() {
  [ -n "$REGISTERED_BINFMT" ] || return 0
  echo -1 > "/proc/sys/fs/binfmt_misc/$REGISTERED_BINFMT" 2>/dev/null || true
  REGISTERED_BINFMT=""
}

ensure_dockerd() {
  local sock=/var/run/docker.sock log=${DOCKERD_LOG:-/tmp/dockerd.log}
  STARTED_DOCKERD_PID=""
  docker -H "unix://$sock" info >/dev/null 2>&1 && return 0
  command -v dockerd >/dev/null || { echo "dockerd missing: apt-get install -y docker.io" >&2; return 1; }
  rm -f /var/run/docker.pid   # nothing answers, so a pid file left by a killed daemon is stale and would block the start
  dockerd -H "unix://$sock" </dev/null >"$log" 2>&1 &
  STARTED_DOCKERD_PID=$!
  local deadline=$((SECONDS + 60))
  until docker -H "unix://$sock" info >/dev/null 2>&1; do
    kill -0 "$STARTED_DOCKERD_PID" 2>/dev/null || { tail -n 20 "$log" >&2; return 1; }
    [ "$SECONDS" -ge "$deadline" ] && { echo "dockerd did not answer within 60 s" >&2; tail -n 20 "$log" >&2; return 1; }
    sleep 0.1
  done
}

stop_dockerd() {
  [ -n "${STARTED_DOCKERD_PID:-}" ] || return 0
  kill -TERM "$STARTED_DOCKERD_PID" 2>/dev/null
  wait "$STARTED_DOCKERD_PID" 2>/dev/null
  STARTED_DOCKERD_PID=""
}

# ---- The other engines of the Docker-backed tiers: Podman and Docker Engine 29 (README, "Compatibility") -------------
# Each gets its own folder under $ENGINES_DIR (data root, run state, socket, config, log) and is reached through
# DOCKER_HOST only. Nothing of the machine's own configuration is edited: Podman reads its containers.conf,
# registries.conf and storage.conf from that folder (CONTAINERS_CONF, CONTAINERS_REGISTRIES_CONF,
# CONTAINERS_STORAGE_CONF), and Docker 29 gets its own bridge, no iptables rules and its own containerd.
ENGINES_DIR=${ENGINES_DIR:-}
STARTED_ENGINE_PIDS=()
DOCKER29_BRIDGE=""

# Sets ENGINES_DIR once (called directly, not in $(...), so the caller's shell keeps it for stop_engines).
engines_dir() {
  [ -n "$ENGINES_DIR" ] || ENGINES_DIR=$(mktemp -d /tmp/ppctl-engines.XXXXXX)
}

# wait_for_engine NAME SOCKET PID LOG: bounded wait until the docker CLI gets an answer on SOCKET.
wait_for_engine() {
  local name=$1 sock=$2 pid=$3 log=$4 deadline=$((SECONDS + 60))
  until docker -H "unix://$sock" version >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "$name exited at start-up (log: $log):" >&2; tail -n 20 "$log" >&2; return 1; }
    [ "$SECONDS" -ge "$deadline" ] && { echo "$name did not answer within 60 s (log: $log)" >&2; tail -n 20 "$log" >&2; return 1; }
    sleep 0.2
  done
}

# Podman 4.3's Docker-compatible API on $PODMAN_SOCK. The two settings the machine needs (issue 14): containers get
# ulimits the kernel lets them set here, and the test registries on 127.0.0.1 (any port) are plain HTTP.
start_podman() {
  engines_dir
  local d="$ENGINES_DIR/podman"
  mkdir -p "$d/storage" "$d/run" "$d/tmp" "$d/networks"
  PODMAN_SOCK="$d/podman.sock"
  cat >"$d/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$d/tmp"
[network]
network_config_dir = "$d/networks"
CONF
  # containers/image matches "127.0.0.1" against "127.0.0.1:PORT" too (the registries of the tests have random ports).
  cat >"$d/registries.conf" <<CONF
unqualified-search-registries = []
[[registry]]
location = "127.0.0.1"
insecure = true
[[registry]]
location = "localhost"
insecure = true
CONF
  cat >"$d/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$d/storage"
runroot = "$d/run"
CONF
  CONTAINERS_CONF="$d/containers.conf" CONTAINERS_REGISTRIES_CONF="$d/registries.conf" \
    CONTAINERS_STORAGE_CONF="$d/storage.conf" \
    podman system service --time=0 "unix://$PODMAN_SOCK" </dev/null >"$d/podman.log" 2>&1 &
  local pid=$!
  STARTED_ENGINE_PIDS+=("$pid")
  wait_for_engine podman "$PODMAN_SOCK" "$pid" "$d/podman.log"
}

# Docker Engine 29 (dockerd and containerd built by scripts/install-real-tools.sh) on $DOCKER29_SOCK, with the
# containerd image store. Its default bridge is one this script creates (never docker0: --bridge=none would delete the
# host's docker0 at start-up); no iptables rules, no ip forwarding or masquerading changes. Time namespaces off:
# Docker 29.8 puts every container in one, which Debian's runc 1.1.5 refuses ("namespace {"time" ""} does not exist").
start_docker29() {
  engines_dir
  local d="$ENGINES_DIR/docker29" cache=${PPCTL_TOOLS_CACHE:-$HOME/.cache/ppctl-tools} dockerd_bin tool
  # The installer's links point at the pinned version and recipe (a --check first says which is not built).
  "$(dirname "${BASH_SOURCE[0]}")/install-real-tools.sh" --check containerd dockerd || return 1
  dockerd_bin="$cache/bin/dockerd"
  local containerd_dir; containerd_dir="$(dirname "$(readlink -f "$cache/bin/containerd")")"
  for tool in "$dockerd_bin" "$containerd_dir/containerd" "$containerd_dir/containerd-shim-runc-v2"; do
    [ -x "$tool" ] || { echo "docker29: $tool missing (scripts/install-real-tools.sh containerd dockerd)" >&2; return 1; }
  done
  command -v runc >/dev/null || { echo "docker29: runc missing (apt-get install -y runc)" >&2; return 1; }
  mkdir -p "$d/containerd" "$d/data" "$d/exec" "$d/opt" "$d/shimbin"
  ln -sf "$containerd_dir/containerd-shim-runc-v2" "$d/shimbin/containerd-shim-runc-v2"
  DOCKER29_SOCK="$d/docker.sock"
  # A bridge of this run (15 characters at most) on a subnet derived from the pid, so parallel runs do not collide.
  DOCKER29_BRIDGE="ppd29-$$"
  local net="10.213.$(( $$ % 250 ))"
  ip link add "$DOCKER29_BRIDGE" type bridge && ip addr add "$net.1/24" dev "$DOCKER29_BRIDGE" \
    && ip link set "$DOCKER29_BRIDGE" up || { echo "docker29: cannot create bridge $DOCKER29_BRIDGE" >&2; return 1; }
  cat >"$d/containerd.toml" <<CONF
version = 3
root = "$d/containerd/root"
state = "$d/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.cri.v1.images", "io.containerd.cri.v1.runtime", "io.containerd.nri.v1.nri"]
# not the machine's /etc/containerd/conf.d (containerd 2.3's default)
imports = ["$d/containerd-conf.d/*.toml"]
[grpc]
  address = "$d/containerd.sock"
[ttrpc]
  address = "$d/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$d/opt"
CONF
  # The shim is found on PATH: this run's shim first (not Debian's containerd 1.6 one), runc from Debian.
  PATH="$d/shimbin:$PATH" "$containerd_dir/containerd" --config "$d/containerd.toml" </dev/null >"$d/containerd.log" 2>&1 &
  local cpid=$! deadline=$((SECONDS + 30))
  STARTED_ENGINE_PIDS+=("$cpid")
  until [ -S "$d/containerd.sock" ]; do
    kill -0 "$cpid" 2>/dev/null || { echo "containerd exited at start-up:" >&2; tail -n 20 "$d/containerd.log" >&2; return 1; }
    [ "$SECONDS" -ge "$deadline" ] && { echo "containerd did not start within 30 s" >&2; return 1; }
    sleep 0.1
  done
  cat >"$d/daemon.json" <<CONF
{
  "features": {"containerd-snapshotter": true, "time-namespaces": false},
  "data-root": "$d/data",
  "exec-root": "$d/exec",
  "pidfile": "$d/dockerd.pid",
  "hosts": ["unix://$DOCKER29_SOCK"],
  "containerd": "$d/containerd.sock",
  "bridge": "$DOCKER29_BRIDGE",
  "iptables": false,
  "ip6tables": false,
  "ip-forward": false,
  "ip-masq": false,
  "userland-proxy": false,
  "cgroup-parent": "ppctl-docker29",
  "exec-opts": ["native.cgroupdriver=cgroupfs"]
}
CONF
  "$dockerd_bin" --config-file "$d/daemon.json" </dev/null >"$d/dockerd.log" 2>&1 &
  local pid=$!
  STARTED_ENGINE_PIDS+=("$pid")
  wait_for_engine "docker 29" "$DOCKER29_SOCK" "$pid" "$d/dockerd.log"
}

# Stops every engine this script started (newest first), removes the bridge it made, unmounts and deletes its folder.
stop_engines() {
  local i pid
  for ((i = ${#STARTED_ENGINE_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${STARTED_ENGINE_PIDS[$i]}
    kill -TERM "$pid" 2>/dev/null || continue
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  STARTED_ENGINE_PIDS=()
  if [ -n "$DOCKER29_BRIDGE" ]; then ip link del "$DOCKER29_BRIDGE" 2>/dev/null || true; DOCKER29_BRIDGE=""; fi
  if [ -n "$ENGINES_DIR" ] && [ -d "$ENGINES_DIR" ]; then
    # What outlives its engine and names this run's folder: Podman's conmon processes (one per exec session was seen
    # lingering after the service stopped), containerd shims. Only processes of this folder, by pid.
    local left
    for left in $(pgrep -f -- "$ENGINES_DIR/" || true); do kill -KILL "$left" 2>/dev/null || true; done
    # Mounts a killed engine left (overlay, shm, netns) go first, deepest first, so rm never walks into them.
    awk -v d="$ENGINES_DIR/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
      umount -l "$m" 2>/dev/null || true
    done
    rm -rf "$ENGINES_DIR"
    ENGINES_DIR=""
  fi
}
