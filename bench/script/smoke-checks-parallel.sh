#!/usr/bin/env bash
# script/smoke-checks.sh with the four `docker run --rm` started at once (each in the background, then wait):
# what a script writer who minds the time would do.
# Usage: smoke-checks-parallel.sh IMAGE
set -uo pipefail
image=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
docker run --rm "$image" kyverno version >"$dir/kyverno" 2>&1 & kyverno=$!
docker run --rm "$image" pluto version >"$dir/pluto" 2>&1 & pluto=$!
docker run --rm "$image" helm version >"$dir/helm" 2>&1 & helm=$!
docker run --rm "$image" ls -ldL /repos/ >"$dir/repos" 2>&1 & repos=$!
failed=0
wait "$kyverno" || { echo "FAIL kyverno version: $(cat "$dir/kyverno")" >&2; failed=$((failed + 1)); }
wait "$pluto" || { echo "FAIL pluto version: $(cat "$dir/pluto")" >&2; failed=$((failed + 1)); }
wait "$helm" || { echo "FAIL helm version: $(cat "$dir/helm")" >&2; failed=$((failed + 1)); }
{ wait "$repos" && grep -q '^d' "$dir/repos"; } || { echo "FAIL /repos/ is not a directory" >&2; failed=$((failed + 1)); }
[ "$failed" -eq 0 ] || { echo "$failed check(s) failed" >&2; exit 1; }
echo "4 passed"
