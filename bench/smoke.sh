#!/usr/bin/env bash
# Smoke tests: `ppctl smoke-test` (four checks in one container, `docker exec` per check) against the same four checks
# as four `docker run --rm` calls, one after the other (script/smoke-checks.sh) and all at once
# (script/smoke-checks-parallel.sh), on the stand-in policy platform image.
# Usage: bench/smoke.sh            BENCH_RUNS=15 bench/smoke.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_require

base=$(bench_base_image)
image=$(bench_standin_image "$base")
# A project without policies/ and without tool pins: exactly the four default checks (kyverno, pluto and helm
# answer `version`; /repos/ is a directory).
project="$BENCH_TMP/project"
mkdir -p "$project"
echo "v1.2.3" >"$project/VERSION"

ppctl_side() { "$PPCTL" -C "$project" smoke-test --image "$image"; }
script_side() { "$BENCH_ROOT/bench/script/smoke-checks.sh" "$image"; }
parallel_script_side() { "$BENCH_ROOT/bench/script/smoke-checks-parallel.sh" "$image"; }

ppctl_side >"$BENCH_TMP/check.log" 2>&1 || { cat "$BENCH_TMP/check.log" >&2; exit 1; }
grep -q "4 passed, 0 failed" "$BENCH_TMP/check.log" || { echo "bench: expected 4 checks:" >&2; cat "$BENCH_TMP/check.log" >&2; exit 1; }

bench_compare "smoke-test: 4 checks vs 4 × docker run --rm" : ppctl_side script_side
bench_compare "smoke-test: 4 checks vs 4 × docker run --rm at once (&, wait)" : ppctl_side parallel_script_side

# The same with twelve command checks (declared in ppctl.yaml; for the script, script/docker-run-each.sh): one
# container for all of them against one container each.
many="$BENCH_TMP/many"
mkdir -p "$many"
echo "v1.2.3" >"$many/VERSION"
cat >"$many/checks" <<'CHECKS'
kyverno version
pluto version
helm version
helm template smoke /repos/backend-applications/charts/app
ls -ldL /repos/
ls -ldL /repos/security-policy
ls -ldL /repos/backend-applications
cat /etc/platform-release
cat /repos/security-policy/disallow-privileged.yaml
id -u
env
ls /usr/local/bin/kyverno /usr/local/bin/pluto /usr/local/bin/helm
CHECKS
{
  echo "smokeTests:"
  echo "  commands:"
  i=0
  while read -r -a cmd; do
    i=$((i + 1))
    printf '    - name: check %d\n      command: [%s]\n' "$i" "$(printf '"%s", ' "${cmd[@]}" | sed 's/, $//')"
  done <"$many/checks"
} >"$many/ppctl.yaml"
ppctl_many() { "$PPCTL" -C "$many" smoke-test --image "$image"; }
script_many() { "$BENCH_ROOT/bench/script/docker-run-each.sh" "$image" sequential "$many/checks"; }
parallel_many() { "$BENCH_ROOT/bench/script/docker-run-each.sh" "$image" parallel "$many/checks"; }
ppctl_many >"$BENCH_TMP/check.log" 2>&1 || { cat "$BENCH_TMP/check.log" >&2; exit 1; }
grep -q "12 passed, 0 failed" "$BENCH_TMP/check.log" || { echo "bench: expected 12 checks:" >&2; cat "$BENCH_TMP/check.log" >&2; exit 1; }
bench_compare "smoke-test: 12 checks vs 12 × docker run --rm" : ppctl_many script_many
bench_compare "smoke-test: 12 checks vs 12 × docker run --rm at once (&, wait)" : ppctl_many parallel_many
bench_report "Smoke tests (bench/smoke.sh, BENCH_RUNS=$BENCH_RUNS)"
