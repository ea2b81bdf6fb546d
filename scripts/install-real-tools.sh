#!/usr/bin/env bash
# Builds the real tools the Docker-backed tests use (kyverno, pluto, helm, trivy, crane, cosign, the distribution
# registry, containerd and dockerd 29) from their Go modules, and caches each binary by version: a rerun with a warm
# cache only checks that the binaries are there.
#
#   scripts/install-real-tools.sh [TOOL...]     # default: every tool
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

export GOFLAGS=-mod=readonly GOTOOLCHAIN=local
for v in KYVERNO PLUTO HELM TRIVY; do
  [ -n "${!v}" ] || { echo "install-real-tools: cannot read the $v pin" >&2; exit 1; }
done

# fail NAME VERSION LOG: the one line CI shows, then the log's tail for whoever reads on.
fail() { echo "install-real-tools: $1 $2 failed to build (log: $3)" >&2; tail -n 15 "$3" >&2; exit 1; }

# module_dir MODULE@VERSION: where the module proxy's copy of a module lands (read-only).
module_dir() { go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'; }

# build NAME VERSION MODULE_DIR_OR_EMPTY BUILD_COMMAND...: run once per version, output into $out.
install_tool() {
  local name=$1 version=$2; shift 2
  local out="$cache/$name/$version" log="$cache/logs/$name-$version.log"
  if [ ! -x "$out/$name" ]; then
    local started=$SECONDS tmp="$out.tmp.$$"
    rm -rf "$tmp"; mkdir -p "$tmp"
    echo "building $name $version ..." >&2
    if ! ( export OUT="$tmp"; "$@" ) >"$log" 2>&1; then rm -rf "$tmp"; fail "$name" "$version" "$log"; fi
    [ -x "$tmp/$name" ] || { rm -rf "$tmp"; fail "$name" "$version" "$log"; }
    rm -rf "$out"; mv "$tmp" "$out"
    echo "built $name $version in $((SECONDS - started)) s" >&2
  fi
  ln -sfn "$out/$name" "$cache/bin/$name"
  for extra in "$out"/*; do [ "$(basename "$extra")" = "$name" ] || ln -sfn "$extra" "$cache/bin/$(basename "$extra")"; done
}

b_helm() {
  go install -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=v$HELM -X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
    "helm.sh/helm/v3/cmd/helm@v$HELM" && mv "$(go env GOPATH)/bin/helm" "$OUT/helm"
}
b_pluto() {
  # go install asks the proxy for the module's version list (deprecation check), which it refuses for pluto (403):
  # build inside the downloaded module instead.
  local d; d=$(module_dir "github.com/fairwindsops/pluto/v5@v$PLUTO")
  (cd "$d" && CGO_ENABLED=0 go build -trimpath -o "$OUT/pluto" -ldflags "-s -w -X main.version=$PLUTO -X main.commit=v$PLUTO" ./cmd/pluto)
}
b_kyverno() {
  # Its go.mod has a replace directive, so go install refuses it: build inside the downloaded module.
  local d; d=$(module_dir "github.com/kyverno/kyverno@v$KYVERNO")
  (cd "$d" && CGO_ENABLED=0 go build -trimpath -o "$OUT/kyverno" \
     -ldflags "-s -w -X github.com/kyverno/kyverno/pkg/version.BuildVersion=$KYVERNO -X github.com/kyverno/kyverno/pkg/version.BuildHash=v$KYVERNO" \
     ./cmd/cli/kubectl-kyverno)
}
b_trivy() {
  GOEXPERIMENT=jsonv2 CGO_ENABLED=0 GOBIN="$OUT" go install -trimpath \
    -ldflags "-s -w -X github.com/aquasecurity/trivy/pkg/version/app.ver=$TRIVY" \
    "github.com/aquasecurity/trivy/cmd/trivy@v$TRIVY"
}
b_crane() {
  GOBIN="$OUT" go install -trimpath -ldflags "-s -w" "github.com/google/go-containerregistry/cmd/crane@v$CRANE"
}
b_cosign() {
  CGO_ENABLED=0 GOBIN="$OUT" go install -trimpath -ldflags "-s -w -X sigs.k8s.io/release-utils/version.gitVersion=v$COSIGN" \
    "github.com/sigstore/cosign/v2/cmd/cosign@v$COSIGN"
}
b_registry() {
  GOBIN="$OUT" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "github.com/distribution/distribution/v3/cmd/registry@v$REGISTRY"
}
b_containerd() {
  CGO_ENABLED=0 GOBIN="$OUT" go install -trimpath -ldflags "-s -w" \
    "github.com/containerd/containerd/v2/cmd/containerd@v$CONTAINERD" \
    "github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2@v$CONTAINERD" \
    "github.com/containerd/containerd/v2/cmd/ctr@v$CONTAINERD"
}
b_dockerd() {
  CGO_ENABLED=0 GOBIN="$OUT" go install -trimpath -tags "netgo osusergo static_build" \
    -ldflags "-s -w -X github.com/moby/moby/v2/dockerversion.Version=$DOCKERD" \
    "github.com/moby/moby/v2/cmd/dockerd@$DOCKERD_MODULE_TAG"
}

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
