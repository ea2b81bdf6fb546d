# Shared by the bench/*.sh scripts (source it; not a script of its own).
#
# What it gives a benchmark:
#   - fixtures built here, from the host's static busybox (nothing is pulled), labelled io.ppctl.bench.run=$BENCH_RUN
#     and named $BENCH_PREFIX-*; an EXIT trap removes every container and image so labelled or named, and the
#     scratch folder $BENCH_TMP;
#   - bench_compare: runs two commands N times, alternating which goes first in each round (so neither side always
#     meets a warm or a cold daemon), and prints the median, the min and max of each side and the ratio;
#   - bench_table_*: the rows as a Markdown table (stdout), plus the machine facts (load average before and after).
# Settings (environment): BENCH_RUNS (default 7), BENCH_WARMUP (untimed rounds first, default 1), PPCTL (the
# launcher, default ./ppctl of this checkout).

set -euo pipefail

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_RUNS="${BENCH_RUNS:-7}"
BENCH_WARMUP="${BENCH_WARMUP:-1}"
PPCTL="${PPCTL:-$BENCH_ROOT/ppctl}"
BENCH_RUN="$(date +%s)-$$"
BENCH_PREFIX="ppctl-bench-$$"
BENCH_LABEL="io.ppctl.bench.run"
BENCH_TMP="$(mktemp -d "${TMPDIR:-/tmp}/ppctl-bench.XXXXXX")"
BENCH_LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
export DOCKER_BUILDKIT=0 # the classic builder, which ppctl (docker-java) uses too

bench_cleanup() {
  local ids
  ids=$(docker ps -aq --filter "label=$BENCH_LABEL=$BENCH_RUN" 2>/dev/null || true)
  [ -z "$ids" ] || docker rm -f -v $ids >/dev/null 2>&1 || true
  # ppctl's own containers of a run this script interrupted carry ppctl's labels, not ours: they are removed by
  # ppctl itself (Cleanup), so nothing to do for them here.
  local refs
  refs=$(docker images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep "^$BENCH_PREFIX" || true)
  [ -z "$refs" ] || docker rmi -f $refs >/dev/null 2>&1 || true
  ids=$(docker images -q --filter "label=$BENCH_LABEL=$BENCH_RUN" 2>/dev/null | sort -u || true)
  [ -z "$ids" ] || docker rmi -f $ids >/dev/null 2>&1 || true
  docker image prune -f --filter "label=$BENCH_LABEL=$BENCH_RUN" >/dev/null 2>&1 || true
  # Images the measured builds left untagged when a later round took their tag: ppctl's and docker's builds carry the
  # image's title label (named after this run), not the bench label.
  local id title
  for id in $(docker images -q --filter dangling=true 2>/dev/null | sort -u); do
    title=$(docker image inspect -f '{{index .Config.Labels "org.opencontainers.image.title"}}' "$id" 2>/dev/null || true)
    case "$title" in "$BENCH_PREFIX"*) docker rmi -f "$id" >/dev/null 2>&1 || true ;; esac
  done
  rm -rf "$BENCH_TMP"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

bench_require() {
  command -v docker >/dev/null || { echo "bench: the docker CLI is needed" >&2; exit 3; }
  docker info >/dev/null 2>&1 || { echo "bench: no Docker daemon answers (docker info)" >&2; exit 3; }
  [ -f "$BENCH_ROOT/target/ppctl.jar" ] || { echo "bench: build ppctl first: (cd $BENCH_ROOT && mvn -q -DskipTests package)" >&2; exit 3; }
}

# docker build, quiet, labelled for cleanup. bench_build DIR TAG [more docker build args]
bench_build() {
  local dir=$1 tag=$2; shift 2
  docker build -q --label "$BENCH_LABEL=$BENCH_RUN" -t "$tag" "$@" "$dir" >"$BENCH_TMP/build.log" 2>&1 \
    || { cat "$BENCH_TMP/build.log" >&2; exit 1; }
}

# The base every fixture starts FROM: the host's static busybox (TestDocker.baseImage() does the same).
bench_base_image() {
  local dir="$BENCH_TMP/base"
  mkdir -p "$dir"
  cp /bin/busybox "$dir/busybox"
  printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n' >"$dir/Dockerfile"
  bench_build "$dir" "$BENCH_PREFIX-base:latest"
  echo "$BENCH_PREFIX-base:latest"
}

# The stand-in policy platform image of the tests (src/test/resources/fixtures/policy-platform-standins): kyverno,
# helm and pluto stand-ins that print what the real tools print. bench_standin_image BASE
bench_standin_image() {
  local dir="$BENCH_TMP/standins"
  cp -r "$BENCH_ROOT/src/test/resources/fixtures/policy-platform-standins" "$dir"
  { echo "FROM $1"; cat "$dir/Dockerfile.body"; } >"$dir/Dockerfile"
  bench_build "$dir" "$BENCH_PREFIX-standins:v1.2.3"
  echo "$BENCH_PREFIX-standins:v1.2.3"
}

# Milliseconds a command takes; its output goes to $BENCH_TMP/last.log, and a failure stops the benchmark.
bench_time_ms() {
  local start end
  start=$(date +%s%N)
  if ! "$@" >"$BENCH_TMP/last.log" 2>&1; then
    echo "bench: this command failed: $*" >&2
    tail -n 20 "$BENCH_TMP/last.log" >&2
    exit 1
  fi
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

bench_median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%d\n", (a[NR/2]+a[NR/2+1])/2}'; }
bench_min() { sort -n | head -n1; }
bench_max() { sort -n | tail -n1; }
bench_secs() { awk -v ms="$1" 'BEGIN {printf "%.2f", ms/1000}'; }

BENCH_ROWS=()

# Prints the end of a fixture Dockerfile: the build args ppctl passes (VERSION, VCS_REF, BUILD_DATE) declared last,
# and the OCI labels made of them, as the project's own Dockerfile does.
bench_dockerfile_tail() {
  cat <<'TAIL'
ARG VERSION=dev
ARG VCS_REF=unknown
ARG BUILD_DATE=unknown
LABEL org.opencontainers.image.version="${VERSION}" org.opencontainers.image.revision="${VCS_REF}" \
      org.opencontainers.image.created="${BUILD_DATE}"
TAIL
}

# bench_compare ROW PREPARE_FN PPCTL_FN SCRIPT_FN
#   PREPARE_FN runs (untimed) before every timed run of either side, e.g. to change one file; use : for nothing.
#   Each round runs both sides, the side that goes first alternating from round to round.
bench_compare() {
  local row=$1 prepare=$2 a=$3 b=$4 i first t
  local ta=() tb=()
  for ((i = 0; i < BENCH_WARMUP; i++)); do
    $prepare; t=$(bench_time_ms "$a")
    $prepare; t=$(bench_time_ms "$b")
  done
  for ((i = 0; i < BENCH_RUNS; i++)); do
    if ((i % 2 == 0)); then first=a; else first=b; fi
    if [ $first = a ]; then
      $prepare; t=$(bench_time_ms "$a"); ta+=("$t")
      $prepare; t=$(bench_time_ms "$b"); tb+=("$t")
    else
      $prepare; t=$(bench_time_ms "$b"); tb+=("$t")
      $prepare; t=$(bench_time_ms "$a"); ta+=("$t")
    fi
    echo "  $row: round $((i + 1))/$BENCH_RUNS: ${ta[-1]} ms vs ${tb[-1]} ms" >&2
  done
  local ma mb ratios
  ma=$(printf '%s\n' "${ta[@]}" | bench_median)
  mb=$(printf '%s\n' "${tb[@]}" | bench_median)
  # Load drifts from round to round on a shared machine; both sides of a round meet the same load, so the median
  # of the per-round ratios is the steadier figure.
  ratios=$(for ((i = 0; i < BENCH_RUNS; i++)); do awk -v a="${ta[i]}" -v b="${tb[i]}" 'BEGIN {printf "%d\n", 1000 * a / b}'; done)
  BENCH_ROWS+=("| $row | $(bench_secs "$ma") s | $(bench_secs "$mb") s | $(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.2f", a/b}') \
| $(awk -v r="$(bench_median <<<"$ratios")" 'BEGIN {printf "%.2f", r/1000}') \
| $(bench_secs "$(printf '%s\n' "${ta[@]}" | bench_min)")–$(bench_secs "$(printf '%s\n' "${ta[@]}" | bench_max)") s \
| $(bench_secs "$(printf '%s\n' "${tb[@]}" | bench_min)")–$(bench_secs "$(printf '%s\n' "${tb[@]}" | bench_max)") s | $BENCH_RUNS |")
}

# The engine DOCKER_HOST names, as the compatibility table says it: "Docker 20.10.24", "Podman 4.3.1",
# "Docker 29.8.1 (containerd image store)".
bench_engine() {
  local v components store
  v=$(docker version --format '{{.Server.Version}}' 2>/dev/null)
  components=$(docker version --format '{{range .Server.Components}}{{.Name}};{{end}}' 2>/dev/null)
  store=$(docker info --format '{{json .DriverStatus}}' 2>/dev/null)
  case "$components" in *Podman*) echo "Podman $v"; return ;; esac
  case "$store" in *io.containerd.snapshotter*) echo "Docker $v (containerd image store)" ;; *) echo "Docker $v" ;; esac
}

# Prints the table of every bench_compare so far, with the facts needed to judge it, and forgets the rows.
# bench_report TITLE [NAME_A NAME_B]: the names of the two sides (default: ppctl, docker CLI).
bench_report() {
  local title=$1 a=${2:-ppctl} b=${3:-docker CLI}
  echo
  echo "### $title"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), \
$(bench_engine), $(java -version 2>&1 | head -n1), \
load average before $BENCH_LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| row | $a (median) | $b (median) | ratio of medians | median of round ratios | $a min–max | $b min–max | N |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${BENCH_ROWS[@]}"
  BENCH_ROWS=()
  BENCH_LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
}

# The Trivy stand-in scanner image of the tests (src/test/resources/fixtures/trivy): it accepts Trivy's command line
# and writes one of Trivy's own golden reports, chosen by the label trivy-stand-in.report of the scanned image.
# bench_trivy_image BASE
bench_trivy_image() {
  local dir="$BENCH_TMP/trivy" fixtures="$BENCH_ROOT/src/test/resources/fixtures/trivy"
  mkdir -p "$dir/reports"
  cp "$fixtures/stand-in/trivy" "$dir/trivy"
  chmod 0755 "$dir/trivy"
  cp "$fixtures"/*.json "$dir/reports/"
  printf '%s\n' "FROM $1" "COPY trivy /usr/local/bin/trivy" "COPY reports /opt/trivy-stand-in/reports" \
    "ENV TRIVY_STAND_IN_REPORTS=/opt/trivy-stand-in/reports" 'ENTRYPOINT ["trivy"]' >"$dir/Dockerfile"
  bench_build "$dir" "$BENCH_PREFIX-trivy-stand-in:0.67.2"
  echo "$BENCH_PREFIX-trivy-stand-in:0.67.2"
}

# A committed git project that releases the stand-in policy platform: policies/ (the stand-in repos), a Dockerfile
# FROM the stand-in image, two integration cases (one must pass, one must fail with the expected violation), the
# scan with the Trivy stand-in image (the image's label asks it for Trivy's clean report).
# bench_release_project DIR STANDIN_IMAGE SCANNER_IMAGE
bench_release_project() {
  local dir=$1 standin=$2 scanner=$3
  mkdir -p "$dir"
  cp -r "$BENCH_ROOT/src/test/resources/fixtures/policy-platform-standins/repos" "$dir/policies"
  echo "v1.0.0" >"$dir/VERSION"
  { printf '%s\n' "FROM $standin" "COPY policies/ /repos/" "LABEL trivy-stand-in.report=alpine-39-skip"
    bench_dockerfile_tail; } >"$dir/Dockerfile"
  printf '%s\n' .git target ppctl.yaml >"$dir/.dockerignore"
  echo "target/" >"$dir/.gitignore"
  cat >"$dir/ppctl.yaml" <<YAML
image:
  name: $BENCH_PREFIX-ppctl-platform
integrationTests:
  - name: defaults-pass
    chart: /repos/backend-applications/charts/app
    policies: /repos/security-policy
    expect: pass
    deprecations:
      kubernetes: v1.30.0
  - name: privileged-fails
    chart: /repos/backend-applications/charts/app
    values: [/repos/backend-applications/charts/app/values-privileged.yaml]
    policies: /repos/security-policy
    expect: fail
    expectViolations: [disallow-privileged/privileged-containers]
scan:
  image: $scanner
  cacheDir: $BENCH_TMP/trivy-cache
  failOn: CRITICAL
YAML
  bench_commit_all "$dir" "policy platform fixture"
}

# git init (if needed), add everything, commit. bench_commit_all DIR MESSAGE
bench_commit_all() {
  [ -d "$1/.git" ] || git -C "$1" init -q
  git -C "$1" add -A
  git -C "$1" -c user.name=bench -c user.email=bench@localhost commit -qm "$2"
}
