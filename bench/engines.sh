#!/usr/bin/env bash
# The issue's rows (smoke, release --no-push, build) once per engine of the README's compatibility table: the
# machine's Docker 20.10, then Podman 4.3 and Docker Engine 29 (containerd image store), each started here with its
# own data root and socket (scripts/docker-env.sh) and reached through DOCKER_HOST only; stopped at the end.
# Usage: bench/engines.sh | tee bench-engines.md       BENCH_ENGINES="podman docker29" BENCH_RUNS=5 bench/engines.sh
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../scripts/docker-env.sh"
trap stop_engines EXIT
trap 'exit 130' INT TERM
status=0
echo "# ppctl benchmarks per engine, $(date -u +%Y-%m-%dT%H:%MZ), $(git -C "$here/.." rev-parse --short HEAD)"
for engine in ${BENCH_ENGINES:-docker20 podman docker29}; do
  case "$engine" in
    docker20) host=unix:///var/run/docker.sock ;;
    podman) start_podman || { status=1; continue; }; host="unix://$PODMAN_SOCK" ;;
    docker29) start_docker29 || { status=1; continue; }; host="unix://$DOCKER29_SOCK" ;;
    *) echo "bench/engines.sh: unknown engine '$engine' (docker20, podman, docker29)" >&2; exit 2 ;;
  esac
  echo
  echo "## $(DOCKER_HOST=$host docker version --format '{{.Server.Version}}') at $host"
  for script in smoke.sh release.sh build.sh; do
    DOCKER_HOST=$host "$here/$script" || status=1
  done
done
exit "$status"
