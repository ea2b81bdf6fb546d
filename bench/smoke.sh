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
bench_report "Smoke tests (bench/smoke.sh, BENCH_RUNS=$BENCH_RUNS)"
