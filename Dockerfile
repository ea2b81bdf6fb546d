# policy-platform: kyverno, pluto and helm plus the policy repos under /repos/, the image every CI pipeline uses to
# validate Kubernetes manifests. Built, tested, scanned and published by ppctl (README.md, docs/).
#
# Tool pins. Changing a *_VERSION is a major release (`ppctl bump auto` says so); change its checksums with it
# (docs/upgrading-a-tool.md). Each checksum is the SHA-256 of the official release archive as its project publishes it:
#   kyverno 1.15.2: kyverno-cli_v1.15.2_linux_{x86_64,arm64}.tar.gz of the kyverno/kyverno v1.15.2 release (its
#                   checksums.txt); recorded alike by cert-manager's makefile-modules and cashapp/hermit-packages
#   pluto 5.22.5:   pluto_5.22.5_linux_{amd64,arm64}.tar.gz of the FairwindsOps/pluto v5.22.5 release (its
#                   checksums.txt); recorded by the upciti/wakemeops package lock (both archives) and the AUR
#                   pluto-bin PKGBUILD (amd64)
#   helm 3.19.0:    helm-v3.19.0-linux-{amd64,arm64}.tar.gz.sha256sum on get.helm.sh, listed in the v3.19.0 release notes
# Only amd64 and arm64 have pinned checksums; any other architecture stops the build.
ARG BASE_IMAGE=alpine:3.22.1
# Where the three binaries come from (docs/ci-image.md): "download" fetches the pinned release archives and
# verifies their checksums; "local" takes kyverno, pluto and helm from TOOLS_DIR in the build context (an air-gapped
# build, an internal mirror, CI's binaries built from source) and checks that each prints its pinned version.
ARG TOOLS_SOURCE=download
ARG TOOLS_DIR=tools

ARG KYVERNO_VERSION=1.15.2
ARG KYVERNO_SHA256_AMD64=c90520ba24fb8b8df003ec22d6d2621e4a3d3c7497665fdcf84e9eab4ff1dfe0
ARG KYVERNO_SHA256_ARM64=3d9b2465d09d2d251b42a8de92531cf00ecef4afc1e74ea6af01498f6a8b8c80

ARG PLUTO_VERSION=5.22.5
ARG PLUTO_SHA256_AMD64=07467a94e991818a8db903163dc58a0e0493e2d5a0ae0dd70897cd21f007d720
ARG PLUTO_SHA256_ARM64=c686bbd60099c38824953813aab6c7e476664e5edb5f3afda902d7006e050c4f

ARG HELM_VERSION=3.19.0
ARG HELM_SHA256_AMD64=a7f81ce08007091b86d8bd696eb4d86b8d0f2e1b9f6c714be62f82f96a594496
ARG HELM_SHA256_ARM64=440cf7add0aee27ebc93fada965523c1dc2e0ab340d4348da2215737fc0d76ad

# --- tools: download, verify, unpack (or take them from TOOLS_DIR). Nothing of this stage but the three binaries
# reaches the image. ---
FROM ${BASE_IMAGE} AS tools
ARG TOOLS_SOURCE
ARG TOOLS_DIR
ARG KYVERNO_VERSION
ARG KYVERNO_SHA256_AMD64
ARG KYVERNO_SHA256_ARM64
ARG PLUTO_VERSION
ARG PLUTO_SHA256_AMD64
ARG PLUTO_SHA256_ARM64
ARG HELM_VERSION
ARG HELM_SHA256_AMD64
ARG HELM_SHA256_ARM64
# Set by BuildKit for each platform; the classic builder (docker-java, ppctl build) leaves it empty: then the
# builder's own architecture decides.
ARG TARGETARCH
# With TOOLS_SOURCE=download only tools/README.md is copied (the folder's placeholder); it is never used.
COPY ${TOOLS_DIR}/ /local/
RUN set -eu; \
    mkdir -p /out; \
    if [ "$TOOLS_SOURCE" = local ]; then \
      for tool in kyverno pluto helm; do \
        [ -f "/local/$tool" ] || { echo "TOOLS_SOURCE=local: $TOOLS_DIR/$tool is missing from the build context" >&2; exit 1; }; \
        cp "/local/$tool" "/out/$tool"; chmod 0755 "/out/$tool"; \
      done; \
      wrong() { echo "TOOLS_SOURCE=local: $TOOLS_DIR/$1 prints '$2', not the pinned version $3" >&2; exit 1; }; \
      printed=$(/out/kyverno version 2>&1 | head -n 1); \
      case "$printed" in "Version: $KYVERNO_VERSION"|"Version: v$KYVERNO_VERSION") ;; *) wrong kyverno "$printed" "$KYVERNO_VERSION" ;; esac; \
      printed=$(/out/pluto version 2>&1 | head -n 1); \
      case "$printed" in "Version:$PLUTO_VERSION "*|"Version:v$PLUTO_VERSION "*) ;; *) wrong pluto "$printed" "$PLUTO_VERSION" ;; esac; \
      printed=$(/out/helm version --short 2>&1 | head -n 1); \
      case "$printed" in "v$HELM_VERSION"|"v$HELM_VERSION+"*) ;; *) wrong helm "$printed" "$HELM_VERSION" ;; esac; \
      rm -rf /local; \
      exit 0; \
    fi; \
    [ "$TOOLS_SOURCE" = download ] || { echo "TOOLS_SOURCE must be download or local, not '$TOOLS_SOURCE'" >&2; exit 1; }; \
    rm -rf /local; \
    arch="${TARGETARCH:-$(uname -m)}"; \
    case "$arch" in \
      amd64|x86_64) arch=amd64; kyverno_arch=x86_64; \
        kyverno_sum="$KYVERNO_SHA256_AMD64"; pluto_sum="$PLUTO_SHA256_AMD64"; helm_sum="$HELM_SHA256_AMD64" ;; \
      arm64|aarch64) arch=arm64; kyverno_arch=arm64; \
        kyverno_sum="$KYVERNO_SHA256_ARM64"; pluto_sum="$PLUTO_SHA256_ARM64"; helm_sum="$HELM_SHA256_ARM64" ;; \
      *) echo "no pinned checksums for architecture '$arch' (amd64 and arm64 only)" >&2; exit 1 ;; \
    esac; \
    apk add --no-cache curl; \
    fetch() { \
      curl --fail --silent --show-error --location --proto '=https' --tlsv1.2 --retry 3 -o "$2" "$1"; \
      echo "$3  $2" | sha256sum -c -; \
    }; \
    fetch "https://github.com/kyverno/kyverno/releases/download/v${KYVERNO_VERSION}/kyverno-cli_v${KYVERNO_VERSION}_linux_${kyverno_arch}.tar.gz" \
      /tmp/kyverno.tar.gz "$kyverno_sum"; \
    fetch "https://github.com/FairwindsOps/pluto/releases/download/v${PLUTO_VERSION}/pluto_${PLUTO_VERSION}_linux_${arch}.tar.gz" \
      /tmp/pluto.tar.gz "$pluto_sum"; \
    fetch "https://get.helm.sh/helm-v${HELM_VERSION}-linux-${arch}.tar.gz" \
      /tmp/helm.tar.gz "$helm_sum"; \
    tar -xzf /tmp/kyverno.tar.gz -C /out kyverno; \
    tar -xzf /tmp/pluto.tar.gz -C /out pluto; \
    tar -xzf /tmp/helm.tar.gz -C /tmp "linux-${arch}/helm"; \
    mv "/tmp/linux-${arch}/helm" /out/helm; \
    chmod 0755 /out/kyverno /out/pluto /out/helm; \
    rm -rf /tmp/*.tar.gz "/tmp/linux-${arch}"

# --- the image ---
FROM ${BASE_IMAGE}
# One layer: packages without an apk cache, and the user CI jobs run as (numeric, so Kubernetes can verify
# runAsNonRoot).
RUN apk add --no-cache bash ca-certificates \
 && addgroup -S -g 10001 policy \
 && adduser -S -D -H -u 10001 -G policy -h /workspace -s /bin/bash policy \
 && mkdir -p /workspace \
 && chown policy:policy /workspace

COPY --from=tools /out/ /usr/local/bin/
# Each folder under policies/ is one policy repo; root-owned and read-only for the user.
COPY policies/ /repos/

# helm writes its cache and config under HOME by default; CI often mounts /workspace read-only.
ENV HELM_CACHE_HOME=/tmp/helm/cache \
    HELM_CONFIG_HOME=/tmp/helm/config \
    HELM_DATA_HOME=/tmp/helm/data

USER 10001:10001
WORKDIR /workspace
CMD ["bash"]

# Filled by ppctl build (version from VERSION, the commit, the build time); defaults mark a build made by hand.
# Last on purpose: these args change with every commit, and a step after them could never come from the cache.
ARG VERSION=dev
ARG VCS_REF=unknown
ARG BUILD_DATE=unknown
LABEL org.opencontainers.image.title="policy-platform" \
      org.opencontainers.image.description="Kubernetes policy tools (kyverno, pluto, helm) and the policy repos under /repos/" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${VCS_REF}" \
      org.opencontainers.image.created="${BUILD_DATE}" \
      org.opencontainers.image.source="https://github.com/acme/policy-platform"
