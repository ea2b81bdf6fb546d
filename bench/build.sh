#!/usr/bin/env bash
# A build with a large context: policies/ holds BENCH_FILES (default 5000) small YAML files in 5 policy repos.
# `ppctl build` against `docker build` (classic builder, DOCKER_BUILDKIT=0) of the same context, .dockerignore,
# build args and labels (what ppctl build adds: VERSION, VCS_REF, BUILD_DATE, the OCI labels, io.ppctl.tools and the
# io.ppctl.policy.* labels of each policy repo kept in the project). Two rows:
#   cached:  nothing changed since the last build; every step comes from the daemon's cache;
#   changed: one policy file changed and committed before each build (a new commit, as in CI), so COPY policies/
#            and the steps after it run again.
# Usage: bench/build.sh          BENCH_RUNS=9 BENCH_FILES=10000 bench/build.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_require
files=${BENCH_FILES:-5000}

base=$(bench_base_image)
project="$BENCH_TMP/build-project"
mkdir -p "$project"
echo "v1.0.0" >"$project/VERSION"
cat >"$project/Dockerfile" <<DOCKERFILE
FROM $base
COPY policies/ /repos/
ARG VERSION=dev
ARG VCS_REF=unknown
ARG BUILD_DATE=unknown
LABEL org.opencontainers.image.version="\${VERSION}" org.opencontainers.image.revision="\${VCS_REF}" \\
      org.opencontainers.image.created="\${BUILD_DATE}"
DOCKERFILE
printf '%s\n' .git target ppctl.yaml >"$project/.dockerignore"
echo "target/" >"$project/.gitignore"
printf 'image:\n  name: %s\n' "$BENCH_PREFIX-ppctl-large" >"$project/ppctl.yaml"
# ~3 kB per file, like a Kyverno policy with its annotations and a few rules
awk -v n="$files" -v dir="$project/policies" 'BEGIN {
  body = ""; for (i = 0; i < 60; i++) body = body sprintf("      - name: rule-%02d\n        match: {any: [{resources: {kinds: [Pod]}}]}\n", i)
  for (f = 0; f < n; f++) {
    path = sprintf("%s/repo-%d/group-%02d/policy-%05d.yaml", dir, f % 5, (f / 5) % 10, f)
    if (f < 50) system("mkdir -p " dir "/repo-" (f % 5) "/group-" sprintf("%02d", (f / 5) % 10))
    printf "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: policy-%05d\nspec:\n  rules:\n%s", f, body > path
    close(path)
  }
}'
git -C "$project" init -q
git -C "$project" add -A
git -C "$project" -c user.name=bench -c user.email=bench@localhost commit -qm "large policy context"
echo "bench: context of $(find "$project/policies" -type f | wc -l) files, $(du -sh "$project/policies" | cut -f1)" >&2

ppctl_side() { "$PPCTL" -C "$project" build; }
docker_side() {
  local version commit created labels=() repo
  version=$(tr -d '[:space:]' <"$project/VERSION")
  commit=$(git -C "$project" rev-parse HEAD)
  created=$(date -u -d "@$(git -C "$project" show -s --format=%ct HEAD)" +%Y-%m-%dT%H:%M:%SZ)
  labels=(--label "org.opencontainers.image.version=$version" --label "org.opencontainers.image.revision=$commit"
    --label "org.opencontainers.image.created=$created" --label "org.opencontainers.image.title=$BENCH_PREFIX-docker-large"
    --label "io.ppctl.tools=")
  for repo in "$project"/policies/*/; do
    repo=$(basename "$repo")
    labels+=(--label "io.ppctl.policy.$repo.commit=$commit" --label "io.ppctl.policy.$repo.source=project")
  done
  docker build -q --build-arg "VERSION=$version" --build-arg "VCS_REF=$commit" --build-arg "BUILD_DATE=$created" \
    "${labels[@]}" -t "$BENCH_PREFIX-docker-large:$version" "$project"
}
change=0
change_one_policy() {
  change=$((change + 1))
  echo "# change $change" >>"$project/policies/repo-0/group-00/policy-00000.yaml"
  git -C "$project" -c user.name=bench -c user.email=bench@localhost commit -qam "change $change"
}

bench_compare "build, $files-file context, cached" : ppctl_side docker_side
bench_compare "build, $files-file context, one policy file changed" change_one_policy ppctl_side docker_side
bench_report "Build with a large context (bench/build.sh, BENCH_RUNS=$BENCH_RUNS, BENCH_FILES=$files)"
