#!/usr/bin/env bash
# This checkout's ppctl against another revision's (default: main), each through its own ./ppctl launcher: what the
# start-up and connection work changed, on `--version`, a smoke test of four checks and a release without push.
# The other revision is exported with `git archive` into a scratch folder and packaged there (mvn -q -DskipTests
# package, about a minute); nothing in this repository changes.
# Usage: bench/versus-revision.sh [REV]          BENCH_RUNS=11 bench/versus-revision.sh main
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_require
rev=${1:-main}
other="$BENCH_TMP/$rev"
mkdir -p "$other"
git -C "$BENCH_ROOT" archive "$rev" | tar -x -C "$other"
echo "bench: packaging $rev ($(git -C "$BENCH_ROOT" rev-parse --short "$rev")) in $other" >&2
(cd "$other" && mvn -q -DskipTests package >"$BENCH_TMP/mvn.log" 2>&1) || { tail -n 30 "$BENCH_TMP/mvn.log" >&2; exit 1; }

base=$(bench_base_image)
standin=$(bench_standin_image "$base")
scanner=$(bench_trivy_image "$base")
smoke_project="$BENCH_TMP/smoke-project"
mkdir -p "$smoke_project"
echo "v1.2.3" >"$smoke_project/VERSION"
release_project="$BENCH_TMP/release-project"
bench_release_project "$release_project" "$standin" "$scanner"

this_version() { "$PPCTL" --version; }
other_version() { "$other/ppctl" --version; }
this_smoke() { "$PPCTL" -C "$smoke_project" smoke-test --image "$standin"; }
other_smoke() { "$other/ppctl" -C "$smoke_project" smoke-test --image "$standin"; }
this_release() { "$PPCTL" -C "$release_project" release --no-push; }
other_release() { "$other/ppctl" -C "$release_project" release --no-push; }
bench_compare "--version" : this_version other_version
bench_compare "smoke-test, 4 checks" : this_smoke other_smoke
bench_compare "release --no-push" : this_release other_release
bench_report "This checkout against $rev (bench/versus-revision.sh $rev, BENCH_RUNS=$BENCH_RUNS)" "this checkout" "$rev"
