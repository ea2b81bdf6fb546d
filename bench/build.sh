#!/usr/bin/env bash
# A build with a large context: policies/ holds BENCH_FILES (default 5000) small YAML files in 5 policy repos.
# `ppctl build` against `docker build` (classic builder, DOCKER_BUILDKIT=0) of the same context, .dockerignore,
# build args and labels (what ppctl build adds: VERSION, VCS_REF, BUILD_DATE, the OCI labels, io.ppctl.tools and the
# io.ppctl.policy.* labels of each policy repo kept in the project), given to docker the common way (--label flags,
# which the classic builder runs as one LABEL step each) and the way ppctl does it (one LABEL line). Two cases:
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
{ printf '%s\n' "FROM $base" "COPY policies/ /repos/"; bench_dockerfile_tail; } >"$project/Dockerfile"
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
bench_commit_all "$project" "large policy context"
echo "bench: context of $(find "$project/policies" -type f | wc -l) files, $(du -sh "$project/policies" | cut -f1)" >&2

ppctl_side() { "$PPCTL" -C "$project" build; }

# The build args and labels ppctl build gives the image, computed as a script would (git, VERSION, policies/).
docker_build_args() {
  local version commit created repo
  version=$(tr -d '[:space:]' <"$project/VERSION")
  commit=$(git -C "$project" rev-parse HEAD)
  created=$(date -u -d "@$(git -C "$project" show -s --format=%ct HEAD)" +%Y-%m-%dT%H:%M:%SZ)
  build_args=(--build-arg "VERSION=$version" --build-arg "VCS_REF=$commit" --build-arg "BUILD_DATE=$created")
  labels=("org.opencontainers.image.version=$version" "org.opencontainers.image.revision=$commit"
    "org.opencontainers.image.created=$created" "org.opencontainers.image.title=$BENCH_PREFIX-docker-large" "io.ppctl.tools=")
  for repo in "$project"/policies/*/; do
    repo=$(basename "$repo")
    labels+=("io.ppctl.policy.$repo.commit=$commit" "io.ppctl.policy.$repo.source=project")
  done
  image="$BENCH_PREFIX-docker-large:$version"
}
# As most scripts do it: one --label per label. The classic builder turns each into a LABEL step of its own.
docker_side() {
  docker_build_args
  local flags=() l
  for l in "${labels[@]}"; do flags+=(--label "$l"); done
  docker build -q "${build_args[@]}" "${flags[@]}" -t "$image" "$project"
}
# As ppctl does it: the labels as one LABEL instruction at the end of the Dockerfile (given with -f).
docker_side_one_label() {
  docker_build_args
  local l line="LABEL"
  for l in "${labels[@]}"; do line+=" \"${l%%=*}\"=\"${l#*=}\""; done
  { cat "$project/Dockerfile"; echo "$line"; } >"$BENCH_TMP/Dockerfile.labelled"
  docker build -q "${build_args[@]}" -f "$BENCH_TMP/Dockerfile.labelled" -t "$image" "$project"
}
change=0
change_one_policy() {
  change=$((change + 1))
  echo "# change $change" >>"$project/policies/repo-0/group-00/policy-00000.yaml"
  bench_commit_all "$project" "change $change"
}

bench_compare "build, $files-file context, cached; docker with --label flags" : ppctl_side docker_side
bench_compare "build, $files-file context, cached; docker with one LABEL line" : ppctl_side docker_side_one_label
bench_compare "build, $files-file context, one policy file changed; docker with --label flags" change_one_policy ppctl_side docker_side
bench_compare "build, $files-file context, one policy file changed; docker with one LABEL line" change_one_policy ppctl_side docker_side_one_label
bench_report "Build with a large context (bench/build.sh, BENCH_RUNS=$BENCH_RUNS, BENCH_FILES=$files)"
