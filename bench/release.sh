#!/usr/bin/env bash
# A whole release without push: `ppctl release --no-push` against script/release-no-push.sh (the same build args and
# labels, three tags, six smoke checks, two integration cases, the scan with the Trivy stand-in image) on one
# committed fixture project (bench_release_project in lib.sh). Both sides build the same commit, so after the untimed
# warm-up round both builds come from the daemon's cache, as in CI on an unchanged commit.
# Usage: bench/release.sh          BENCH_RUNS=9 bench/release.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_require

base=$(bench_base_image)
standin=$(bench_standin_image "$base")
scanner=$(bench_trivy_image "$base")
project="$BENCH_TMP/release-project"
bench_release_project "$project" "$standin" "$scanner"

ppctl_side() { "$PPCTL" -C "$project" release --no-push; }
script_side() {
  "$BENCH_ROOT/bench/script/release-no-push.sh" "$project" "$BENCH_PREFIX-script-platform" "$scanner" "$BENCH_TMP/trivy-cache"
}

bench_compare "release --no-push vs the shell script" : ppctl_side script_side
grep -q '"status" *: *"built"' "$project/target/ppctl/release-report.json" \
  || { echo "bench: ppctl's release report does not say built:" >&2; cat "$project/target/ppctl/release-report.json" >&2; exit 1; }
bench_report "Release without push (bench/release.sh, BENCH_RUNS=$BENCH_RUNS)"
