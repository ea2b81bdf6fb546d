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
# pins (test infrastructure only) are below. A tool that fails to build fails the script with one line naming it.
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
DOCKERD=29.8.0          # moby/moby/v2 tag below; the helper checks which 29.x it is
DOCKERD_MODULE_TAG=v2.0.0-beta.24

# Static binaries, as the tools' own releases are (CGO_ENABLED=0 in their Makefiles and goreleaser files): the CI
# image's base has no C library, and a cgo build would link the host's glibc.
export GOFLAGS=-mod=readonly GOTOOLCHAIN=local CGO_ENABLED=0
for v in KYVERNO PLUTO HELM TRIVY; do
  [ -n "${!v}" ] || { echo "install-real-tools: cannot read the $v pin" >&2; exit 1; }
done

# fail NAME VERSION LOG: one line naming the tool, its version and go's last word (a version the proxy lacks says
# "unknown revision" or "404 Not Found"); the whole log stays for whoever reads on.
fail() {
  local why; why=$(grep -v '^[[:space:]]*$' "$3" 2>/dev/null | tail -n 1 | sed 's/\\[nt]/ /g' | tr -s '\t ' ' ' | cut -c1-300) || true
  echo "install-real-tools: $1 $2 failed to build: ${why:-no output} (log: $3)" >&2
  exit 1
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

# install_tool NAME VERSION BUILDER: runs BUILDER once per version and recipe. The folder name carries a hash of the
# builder's text (and of this Go), so changing a flag below rebuilds instead of reusing a binary built differently.
install_tool() {
  local name=$1 version=$2 builder=$3
  local recipe; recipe=$( { declare -f "$builder"; go_version; } | sha256sum | cut -c1-8)
  local out="$cache/$name/$version-$recipe" log="$cache/logs/$name-$version.log"
  if [ ! -x "$out/$name" ] && [ "$check" = yes ]; then
    missing="$missing $name $version,"
    return 0
  fi
  if [ ! -x "$out/$name" ]; then
    local started=$SECONDS tmp="$out.tmp.$$"
    rm -rf "$tmp"; mkdir -p "$tmp"
    echo "building $name $version ..." >&2
    # In the background and then waited for: a builder run as an `if` condition would run with set -e switched off,
    # so a failed step (a version the proxy lacks) would go on to the next one and blame that.
    ( export OUT="$tmp"; "$builder" ) >"$log" 2>&1 &
    if ! wait $!; then rm -rf "$tmp"; fail "$name" "$version" "$log"; fi
    [ -x "$tmp/$name" ] || { rm -rf "$tmp"; echo "no $name binary produced" >>"$log"; fail "$name" "$version" "$log"; }
    rm -rf "$out"; mv "$tmp" "$out"
    echo "built $name $version in $((SECONDS - started)) s" >&2
  fi
  ln -sfn "$out/$name" "$cache/bin/$name"
  for extra in "$out"/*; do [ "$(basename "$extra")" = "$name" ] || ln -sfn "$extra" "$cache/bin/$(basename "$extra")"; done
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
    -ldflags "-s -w -X github.com/moby/moby/v2/dockerversion.Version=$DOCKERD" \
    "github.com/moby/moby/v2/cmd/dockerd@$DOCKERD_MODULE_TAG"
}

check=no missing=""
if [ "${1:-}" = --check ]; then check=yes; shift; fi
tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(crane helm pluto registry trivy kyverno containerd dockerd cosign)
for t in "${tools[@]}"; do
  case "$t" in
    helm) install_tool helm "$HELM" b_helm ;;
    pluto) install_tool pluto "$PLUTO" b_pluto ;;
    kyverno) install_tool kyverno "$KYVERNO" b_kyverno ;;
    trivy) install_tool trivy "$TRIVY" b_trivy ;;
    crane) install_tool crane "$CRANE" b_crane ;;
    cosign) install_tool cosign "$COSIGN" b_cosign ;;
    registry) install_tool registry "$REGISTRY" b_registry ;;
    containerd) install_tool containerd "$CONTAINERD" b_containerd ;;
    dockerd) install_tool dockerd "$DOCKERD" b_dockerd ;;
    *) echo "install-real-tools: unknown tool '$t'" >&2; exit 2 ;;
  esac
done
if [ -n "$missing" ]; then
  echo "install-real-tools: not built at the pinned version and recipe:${missing%,} (run scripts/install-real-tools.sh)" >&2
  exit 1
fi
