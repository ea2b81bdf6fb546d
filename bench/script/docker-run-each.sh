#!/usr/bin/env bash
# One `docker run --rm IMAGE COMMAND` per line of CHECKS (words split on spaces, no shell), each passing when it exits
# 0; one after the other (sequential) or all at once (parallel). What a script does for a list of smoke checks.
# Usage: docker-run-each.sh IMAGE sequential|parallel CHECKS
set -uo pipefail
image=$1 mode=$2 checks=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pids=() n=0 failed=0
while read -r -a cmd; do
  [ "${#cmd[@]}" -gt 0 ] || continue
  n=$((n + 1))
  if [ "$mode" = parallel ]; then
    docker run --rm "$image" "${cmd[@]}" >"$dir/$n" 2>&1 &
    pids+=("$!")
  elif ! docker run --rm "$image" "${cmd[@]}" >"$dir/$n" 2>&1; then
    echo "FAIL ${cmd[*]}: $(cat "$dir/$n")" >&2; failed=$((failed + 1))
  fi
done <"$checks"
for pid in "${pids[@]}"; do
  wait "$pid" || failed=$((failed + 1))
done
[ "$failed" -eq 0 ] || { echo "$failed of $n check(s) failed" >&2; exit 1; }
echo "$n passed"
