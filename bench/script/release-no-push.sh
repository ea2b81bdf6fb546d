#!/usr/bin/env bash
# What `ppctl release --no-push` does, written as a careful shell script would do it with the docker CLI: the same
# checks of the git tree, the same build args and labels, the same three tags, the same smoke checks, the same
# integration cases (judged by kyverno's summary and violations, pluto's JSON), and the same scan (docker save, Trivy
# in its image with the archive mounted, a CRITICAL finding fails). Its own parts (git, jq, grep) are the cheapest
# tools for each job; what it leaves out is what a script would leave out: a release report, JUnit/SARIF files, the
# release lock, the policies.lock check, the size comparison with the previous release.
# Usage: release-no-push.sh PROJECT_DIR IMAGE_NAME SCANNER_IMAGE TRIVY_CACHE_DIR
set -euo pipefail
project=$1 image=$2 scanner=$3 cache=$4
cd "$project"

# --- preflight: the tree is committed, VERSION can name an image, the daemon answers
[ -z "$(git status --porcelain)" ] || { echo "uncommitted changes" >&2; exit 1; }
version=$(tr -d '[:space:]' <VERSION)
[[ $version =~ ^v?[0-9]+\.[0-9]+\.[0-9]+ ]] || { echo "VERSION: '$version' is not a version" >&2; exit 2; }
commit=$(git rev-parse HEAD)
created=$(date -u -d "@$(git show -s --format=%ct HEAD)" +%Y-%m-%dT%H:%M:%SZ)
docker version --format '{{.Server.APIVersion}}' >/dev/null

# --- build, with the build args and labels ppctl gives the image (policy repos kept in the project: their commit).
# The labels go in as one LABEL line at the end of the Dockerfile, as ppctl does: `--label` flags would cost the
# classic builder one step each.
labels="LABEL \"org.opencontainers.image.version\"=\"$version\" \"org.opencontainers.image.revision\"=\"$commit\""
labels+=" \"org.opencontainers.image.created\"=\"$created\" \"org.opencontainers.image.title\"=\"${image##*/}\""
labels+=" \"io.ppctl.tools\"=\"\""
for repo in policies/*/; do
  repo=$(basename "$repo")
  labels+=" \"io.ppctl.policy.$repo.commit\"=\"$commit\" \"io.ppctl.policy.$repo.source\"=\"project\""
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{ cat Dockerfile; echo "$labels"; } >"$work/Dockerfile"
id=$(DOCKER_BUILDKIT=0 docker build -q --build-arg "VERSION=$version" --build-arg "VCS_REF=$commit" \
  --build-arg "BUILD_DATE=$created" -f "$work/Dockerfile" . 2>/dev/null)

# --- tags: the version, the commit, latest
docker tag "$id" "$image:$version"
docker tag "$id" "$image:sha-${commit:0:7}"
docker tag "$id" "$image:latest"

# --- smoke tests: each tool answers `version`, /repos/ and each policy repo is a directory in the image
failed=0
for tool in kyverno pluto helm; do
  docker run --rm "$image:$version" "$tool" version >/dev/null 2>&1 || { echo "FAIL $tool version" >&2; failed=1; }
done
for dir in /repos/ $(cd policies && for d in */; do echo "/repos/${d%/}"; done); do
  docker run --rm "$image:$version" ls -ldL "$dir" 2>/dev/null | grep -q '^d' || { echo "FAIL $dir is not a directory" >&2; failed=1; }
done
[ "$failed" -eq 0 ] || exit 1

# --- integration tests: render the chart, apply the policies (and check API deprecations), judge the outcome
chart=/repos/backend-applications/charts/app
out=$(docker run --rm "$image:$version" sh -c "helm template defaults-pass $chart > /tmp/m.yaml \
  && cat /tmp/m.yaml | kyverno apply /repos/security-policy --resource -; echo '--- pluto'; \
  cat /tmp/m.yaml | pluto detect - --target-versions k8s=v1.30.0 -o json" || true)
grep -q 'pass: [0-9]*, fail: 0, warn: [0-9]*, error: 0' <<<"$out" || { echo "FAIL defaults-pass: $out" >&2; exit 1; }
[ "$(sed -n '/^--- pluto/,$p' <<<"$out" | tail -n +2 | jq '[.items[]? | select(.removed)] | length')" = 0 ] \
  || { echo "FAIL defaults-pass: removed APIs" >&2; exit 1; }
out=$(docker run --rm "$image:$version" sh -c "helm template privileged-fails $chart -f $chart/values-privileged.yaml \
  | kyverno apply /repos/security-policy --resource -" || true)
grep -q 'error: 0' <<<"$out" && [ "$(grep -c -- '-> resource .* failed:' <<<"$out")" = 1 ] \
  && grep -q '^policy disallow-privileged -> resource' <<<"$out" && grep -q '^1 - privileged-containers ' <<<"$out" \
  || { echo "FAIL privileged-fails: $out" >&2; exit 1; }

# --- scan: docker save, Trivy in its image reads the archive, no CRITICAL finding may remain
mkdir -p "$work/out" "$cache"
docker save -o "$work/image.tar" "$image:$version"
docker run --rm -v "$work/image.tar:/in/image.tar:ro" -v "$work/out:/out" -v "$cache:/cache" "$scanner" \
  image --input /in/image.tar --format json --output /out/report.json --scanners vuln --no-progress \
  --cache-dir /cache --timeout 900s 2>/dev/null
critical=$(jq '[.Results[]?.Vulnerabilities[]? | select(.Severity == "CRITICAL")] | length' "$work/out/report.json")
[ "$critical" = 0 ] || { echo "FAIL scan: $critical CRITICAL" >&2; exit 1; }
echo "built $image:$version from ${commit:0:7}: smoke, integration and scan passed (not pushed)"
