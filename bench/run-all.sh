#!/usr/bin/env bash
# Every benchmark, one after the other, each table to stdout (progress to stderr). About 15 minutes on 2 cores.
# Usage: bench/run-all.sh | tee bench-results.md          BENCH_RUNS=9 bench/run-all.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
echo "# ppctl benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), $(git -C "$here/.." rev-parse --short HEAD)"
"$here/startup.sh"
"$here/smoke.sh"
"$here/release.sh"
"$here/build.sh"
# Against main before the start-up work was merged (it has every command the rows use) (BENCH_BASELINE to choose another revision).
"$here/versus-revision.sh" "${BENCH_BASELINE:-dc78839}"
