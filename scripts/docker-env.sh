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
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)   # the signing tests make password-encrypted PKCS#8 keys
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null
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
