#!/usr/bin/env bash
# The smoke checks of `ppctl smoke-test` (the policy platform's defaults for a project without policies/), written as
# a careful shell script would: one `docker run --rm` per check, each check's exit code and output judged.
# Usage: smoke-checks.sh IMAGE
set -uo pipefail
image=$1
failed=0
check() { # NAME COMMAND...: the check passes when the command exits 0
  local name=$1; shift
  if ! out=$(docker run --rm "$image" "$@" 2>&1); then
    echo "FAIL $name: $out" >&2; failed=$((failed + 1))
  fi
}
check "kyverno version" kyverno version
check "pluto version" pluto version
check "helm version" helm version
if ! docker run --rm "$image" ls -ldL /repos/ 2>&1 | grep -q '^d'; then
  echo "FAIL /repos/ is not a directory" >&2; failed=$((failed + 1))
fi
[ "$failed" -eq 0 ] || { echo "$failed check(s) failed" >&2; exit 1; }
echo "4 passed"
