#!/usr/bin/env bash
# Builds the real tools the Docker-backed tests use (kyverno, pluto, helm, trivy, crane, cosign, the distribution
# registry, containerd and dockerd 29) from their Go modules, and caches each binary by version: a rerun with a warm
# cache only checks that the binaries are there.
#
#   scripts/install-real-tools.sh [TOOL...]           # default: every tool
#   scripts/install-real-tools.sh --check [TOOL...]   # build nothing; exit 1 naming what is not built
#
# Binaries go to $PPCTL_TOOLS_CACHE/<tool>/<version>/ (default ~/.cache/ppctl-tools), and $PPCTL_TOOLS_CACHE/bin/<tool>
# links to the pinned version. The image's tool versions are read from the Dockerfile's *_VERSION ARGs and Trivy's
# from the scanner image ppctl pins (ScanConfig.DEFAULT_SCANNER_IMAGE): no second copy of those numbers. The other
# pins (test infrastructure only) are below.
#
# The tools that need building are built at the same time, each into its own log ($PPCTL_TOOLS_CACHE/logs/): first
# all their Go modules are fetched at once (GOMAXPROCS $PPCTL_TOOLS_FETCH_PROCS, default 16, for that step), then at
# most $PPCTL_TOOLS_JOBS (default 4) builds run side by side. The script waits for all of them and fails with one line
# per tool that failed, naming it and its version. Figures: docs/ci-image.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${PPCTL_TOOLS_CACHE:-$HOME/.cache/ppctl-tools}
mkdir -p "$cache/bin" "$cache/logs"

dockerfile_arg() { sed -n "s/^ARG $1=\\(.*\\)$/\\1/p" "$top/Dockerfile" | head -n1; }
trivy_pin() { sed -n 's/.*DEFAULT_SCANNER_IMAGE = "[^"]*:\([^"]*\)".*/\1/p' "$top/src/main/java/io/ppctl/config/ScanConfig.java"; }

KYVERNO=$(dockerfile_arg KYVERNO_VERSION)
PLUTO=$(dockerfile_arg PLUTO_VERSION)
HELM=$(dockerfile_arg HELM_VERSION)
TRIVY=$(trivy_pin)
# Test infrastructure (not in the image): a second registry client, the signer, a token-auth registry, Engine 29.
CRANE=0.21.9
COSIGN=2.6.4
REGISTRY=3.1.1
CONTAINERD=2.3.4
# moby/moby/v2 v2.0.0-beta.24 is Docker Engine 29.8.1: its releases/versions.yaml says next "29.8.1" (each
# docker-v29.x.y tag is the commit of one beta.N whose versions.yaml names it "next"), API 1.56, minimum API 1.40.
DOCKERD=29.8.1
DOCKERD_MODULE_TAG=v2.0.0-beta.24

# Static binaries, as the tools' own releases are (CGO_ENABLED=0 in their Makefiles and goreleaser files): the CI
# image's base has no C library, and a cgo build would link the host's glibc.
export GOFLAGS=-mod=readonly GOTOOLCHAIN=local CGO_ENABLED=0
for v in KYVERNO PLUTO HELM TRIVY; do
  [ -n "${!v}" ] || { echo "install-real-tools: cannot read the $v pin" >&2; exit 1; }
done

# fail_line NAME VERSION LOG: the one line naming the tool, its version and go's last word (a version the proxy lacks
# says "unknown revision" or "404 Not Found"); the whole log stays for whoever reads on.
fail_line() {
  local why; why=$(grep -v '^[[:space:]]*$' "$3" 2>/dev/null | tail -n 1 | sed 's/\\[nt]/ /g' | tr -s '\t ' ' ' | cut -c1-300) || true
  echo "install-real-tools: $1 $2 failed to build: ${why:-no output} (log: $3)"
}

# module_json MODULE@VERSION: the module proxy's answer for a module (downloads it; its Dir is read-only).
# On failure go prints its error inside the JSON (stdout): say it on stderr, which goes to the tool's log.
module_json() {
  local j
  if ! j=$(go mod download -json "$1"); then
    echo "go mod download $1: $(echo "$j" | json_field Error)" >&2
    return 1
  fi
  echo "$j"
}
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}$/\1/p" | head -n 1; }
# The tag's commit, when the proxy records it (its Origin block; not every module's has one): the tools' release
# builds stamp it, so ours do too instead of a made-up value.
origin_commit() { module_json "$1" | json_field Hash; }

# plan NAME VERSION BUILDER: links the binary built at this version and recipe, or queues the tool for building. The
# folder name carries a hash of the builder's text (and of this Go), so changing a flag below rebuilds instead of
# reusing a binary built differently.
plan() {
  local name=$1 version=$2 builder=$3
  local hash; hash=$( { declare -f "$builder"; echo "$go_release"; } | sha256sum)
  local out="$cache/$name/$version-${hash:0:8}"
  if [ -x "$out/$name" ]; then link "$name" "$out"; return 0; fi
  if [ "$check" = yes ]; then missing="$missing $name $version,"; return 0; fi
  queue+=("$name $version $builder $out")
}
link() {
  ln -sfn "$2/$1" "$cache/bin/$1"
  for extra in "$2"/*; do [ "${extra##*/}" = "$1" ] || ln -sfn "$extra" "$cache/bin/${extra##*/}"; done
}

# fetch NAME VERSION: downloads the modules NAME's packages import, $fetch_procs at a time. The go command fetches at
# most GOMAXPROCS modules at once (the queue of its module loader), which on a 2-core machine leaves a build waiting on
# the proxy most of the time; with GOMAXPROCS raised for this step only, the compilers still run -p=<cores>. A failure
# here is left to the build, which reports it.
fetch() {
  local name=$1 log="$cache/logs/$1-$2.log" spec started=$SECONDS
  read -r -a spec <<<"$(fetch_spec "$name")"
  {
    local d; d=$(module_json "${spec[0]}" | json_field Dir) || d=""
    if [ -n "$d" ]; then
      (cd "$d" && GOMAXPROCS=$fetch_procs GOEXPERIMENT=$(fetch_experiment "$name") go list -e -deps "${spec[@]:1}" >/dev/null) || true
    fi
  } >"$log" 2>&1
  echo "$((SECONDS - started))" >"$state/$name.fetched"
}
# fetch_spec NAME: the module (at its pinned version) and the go list arguments of the packages its builder builds.
fetch_spec() {
  case $1 in
    helm) echo "helm.sh/helm/v3@v$HELM ./cmd/helm" ;;
    pluto) echo "github.com/fairwindsops/pluto/v5@v$PLUTO ./cmd/pluto" ;;
    kyverno) echo "github.com/kyverno/kyverno@v$KYVERNO ./cmd/cli/kubectl-kyverno" ;;
    trivy) echo "github.com/aquasecurity/trivy@v$TRIVY ./cmd/trivy" ;;
    crane) echo "github.com/google/go-containerregistry@v$CRANE ./cmd/crane" ;;
    cosign) echo "github.com/sigstore/cosign/v2@v$COSIGN ./cmd/cosign" ;;
    registry) echo "github.com/distribution/distribution/v3@v$REGISTRY ./cmd/registry" ;;
    containerd) echo "github.com/containerd/containerd/v2@v$CONTAINERD ./cmd/containerd ./cmd/containerd-shim-runc-v2 ./cmd/ctr" ;;
    dockerd) echo "github.com/moby/moby/v2@$DOCKERD_MODULE_TAG -tags netgo,osusergo,static_build ./cmd/dockerd" ;;
  esac
}
fetch_experiment() { [ "$1" != trivy ] || echo jsonv2; }

# build NAME VERSION BUILDER OUT (in the background): builds into a temporary folder and moves it into place; on
# failure writes the tool's one line to $state/NAME.failed.
build() {
  local name=$1 version=$2 builder=$3 out=$4 log="$cache/logs/$1-$2.log" started=$SECONDS tmp="$4.tmp.$$"
  rm -rf "$tmp"; mkdir -p "$tmp"
  # In the background and then waited for: a builder run as an `if` condition would run with set -e switched off,
  # so a failed step (a version the proxy lacks) would go on to the next one and blame that.
  ( export OUT="$tmp"; "$builder" ) >>"$log" 2>&1 &
  if ! wait $!; then rm -rf "$tmp"; fail_line "$name" "$version" "$log" >"$state/$name.failed"; return 1; fi
  if [ ! -x "$tmp/$name" ]; then
    rm -rf "$tmp"; echo "no $name binary produced" >>"$log"; fail_line "$name" "$version" "$log" >"$state/$name.failed"; return 1
  fi
  rm -rf "$out"; mv "$tmp" "$out"
  link "$name" "$out"
  echo "built $name $version in $((SECONDS - started)) s (its modules fetched in $(cat "$state/$name.fetched" 2>/dev/null || echo '?') s before)" >&2
}

# Ctrl-C or TERM: stop every build this script started (go and its compilers are grandchildren of the jobs).
descendants() { local c; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done; }
stop_builds() {
  trap - INT TERM
  local pids; pids=$(descendants $$)
  [ -z "$pids" ] || kill $pids 2>/dev/null || true
  rm -rf "$cache"/*/*.tmp.$$
  exit 130
}

# The Go release, read from its VERSION file (instant; `go version` would start the go command nine times).
go_version() { head -n 1 "$(dirname "$(dirname "$(readlink -f "$(command -v go)")")")/VERSION" 2>/dev/null || go version; }

b_helm() {
  # As helm's Makefile: the version, the tree state, and the Kubernetes version helm lint and .Capabilities assume
  # (client-go's minor, major + 1: v0.34.0 -> 1.34). Without the latter two helm defaults to Kubernetes 1.20.
  local m; m=$(module_json "helm.sh/helm/v3@v$HELM")
  local k8s; k8s=$(sed -n 's/^[[:space:]]*k8s.io\/client-go v0\.\([0-9]*\)\..*/\1/p' "$(echo "$m" | json_field GoMod)")
  [ -n "$k8s" ] || { echo "cannot read k8s.io/client-go from helm's go.mod"; return 1; }
  local commit; commit=$(echo "$m" | json_field Hash)
  local x="-X helm.sh/helm/v3"
  GOBIN="$OUT" go install -trimpath -ldflags "-s -w $x/internal/version.version=v$HELM $x/internal/version.metadata= \
    $x/internal/version.gitCommit=$commit $x/internal/version.gitTreeState=clean \
    $x/pkg/lint/rules.k8sVersionMajor=1 $x/pkg/lint/rules.k8sVersionMinor=$k8s \
    $x/pkg/chartutil.k8sVersionMajor=1 $x/pkg/chartutil.k8sVersionMinor=$k8s" \
    "helm.sh/helm/v3/cmd/helm@v$HELM"
}
b_pluto() {
  # go install asks the proxy for the module's version list (deprecation check), which it refuses for pluto (403):
  # build inside the downloaded module instead. Its goreleaser file sets main.version and main.commit.
  local m; m=$(module_json "github.com/fairwindsops/pluto/v5@v$PLUTO")
  (cd "$(echo "$m" | json_field Dir)" && go build -trimpath -o "$OUT/pluto" \
     -ldflags "-s -w -X main.version=$PLUTO -X main.commit=$(echo "$m" | json_field Hash)" ./cmd/pluto)
}
b_kyverno() {
  # Its go.mod has a replace directive, so go install refuses it: build inside the downloaded module. Its goreleaser
  # file sets only BuildVersion (no v); Time and Git commit ID come from VCS build info, which a module zip lacks.
  local d; d=$(module_json "github.com/kyverno/kyverno@v$KYVERNO" | json_field Dir)
  (cd "$d" && go build -trimpath -o "$OUT/kyverno" \
     -ldflags "-s -w -X github.com/kyverno/kyverno/pkg/version.BuildVersion=$KYVERNO" ./cmd/cli/kubectl-kyverno)
}
b_trivy() {
  GOEXPERIMENT=jsonv2 GOBIN="$OUT" go install -trimpath \
    -ldflags "-s -w -X github.com/aquasecurity/trivy/pkg/version/app.ver=$TRIVY" \
    "github.com/aquasecurity/trivy/cmd/trivy@v$TRIVY"
}
b_crane() {
  GOBIN="$OUT" go install -trimpath -ldflags "-s -w -X github.com/google/go-containerregistry/cmd/crane/cmd.Version=v$CRANE" \
    "github.com/google/go-containerregistry/cmd/crane@v$CRANE"
}
b_cosign() {
  GOBIN="$OUT" go install -trimpath -ldflags "-s -w -X sigs.k8s.io/release-utils/version.gitVersion=v$COSIGN" \
    "github.com/sigstore/cosign/v2/cmd/cosign@v$COSIGN"
}
b_registry() {
  GOBIN="$OUT" go install -trimpath -ldflags "-s -w" "github.com/distribution/distribution/v3/cmd/registry@v$REGISTRY"
}
b_containerd() {
  GOBIN="$OUT" go install -trimpath -ldflags "-s -w" \
    "github.com/containerd/containerd/v2/cmd/containerd@v$CONTAINERD" \
    "github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2@v$CONTAINERD" \
    "github.com/containerd/containerd/v2/cmd/ctr@v$CONTAINERD"
}
b_dockerd() {
  GOBIN="$OUT" go install -trimpath -tags "netgo osusergo static_build" \
    -ldflags "-s -w -X github.com/moby/moby/v2/dockerversion.Version=$DOCKERD -X github.com/moby/moby/v2/dockerversion.GitCommit=$DOCKERD_MODULE_TAG" \
    "github.com/moby/moby/v2/cmd/dockerd@$DOCKERD_MODULE_TAG"
}

check=no missing="" queue=() go_release=$(go_version)
if [ "${1:-}" = --check ]; then check=yes; shift; fi
tools=("$@")
# Longest build first, so that a bounded number of jobs does not leave the slowest for last.
[ ${#tools[@]} -gt 0 ] || tools=(trivy kyverno dockerd cosign containerd registry helm pluto crane)
for t in "${tools[@]}"; do
  case "$t" in
    helm) plan helm "$HELM" b_helm ;;
    pluto) plan pluto "$PLUTO" b_pluto ;;
    kyverno) plan kyverno "$KYVERNO" b_kyverno ;;
    trivy) plan trivy "$TRIVY" b_trivy ;;
    crane) plan crane "$CRANE" b_crane ;;
    cosign) plan cosign "$COSIGN" b_cosign ;;
    registry) plan registry "$REGISTRY" b_registry ;;
    containerd) plan containerd "$CONTAINERD" b_containerd ;;
    dockerd) plan dockerd "$DOCKERD" b_dockerd ;;
    *) echo "install-real-tools: unknown tool '$t'" >&2; exit 2 ;;
  esac
done
if [ -n "$missing" ]; then
  echo "install-real-tools: not built at the pinned version and recipe:${missing%,} (run scripts/install-real-tools.sh)" >&2
  exit 1
fi
[ ${#queue[@]} -gt 0 ] || exit 0

max_jobs=${PPCTL_TOOLS_JOBS:-4} fetch_procs=${PPCTL_TOOLS_FETCH_PROCS:-16}
for n in "PPCTL_TOOLS_JOBS=$max_jobs" "PPCTL_TOOLS_FETCH_PROCS=$fetch_procs"; do
  case "${n#*=}" in
    ''|*[!0-9]*|0*) echo "install-real-tools: ${n%%=*} must be a number from 1 up, not '${n#*=}'" >&2; exit 2 ;;
  esac
done
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
trap stop_builds INT TERM
for item in "${queue[@]}"; do
  read -r name version _ <<<"$item"
  echo "building $name $version ..." >&2
  fetch "$name" "$version" &
done
wait
running=0
for item in "${queue[@]}"; do
  read -r name version builder out <<<"$item"
  if [ "$running" -ge "$max_jobs" ]; then wait -n || true; running=$((running - 1)); fi
  build "$name" "$version" "$builder" "$out" &
  running=$((running + 1))
done
wait
failed=no
for item in "${queue[@]}"; do
  read -r name _ <<<"$item"
  if [ -f "$state/$name.failed" ]; then cat "$state/$name.failed" >&2; failed=yes; fi
done
[ "$failed" = no ]
