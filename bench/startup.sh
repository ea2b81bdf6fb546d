#!/usr/bin/env bash
# Start-up: `ppctl --version` (through the ./ppctl launcher: JVM, class data sharing archive, picocli) against
# `docker --version` (a Go binary), then what each start-up measure of the launcher is worth, on `ppctl --version`
# and on a command that talks to Docker (`ppctl smoke-test` of four checks on the stand-in image).
# Usage: bench/startup.sh          BENCH_RUNS=21 bench/startup.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_require
jar="$BENCH_ROOT/target/ppctl.jar"
jsa="$BENCH_ROOT/target/ppctl.jsa"
[ -f "$jsa" ] || { echo "bench: $jsa missing: mvn -q -DskipTests package makes it" >&2; exit 3; }

ppctl_version() { "$PPCTL" --version; }
docker_version() { docker --version; }
bench_compare "--version" : ppctl_version docker_version
bench_report "Start-up (bench/startup.sh, BENCH_RUNS=$BENCH_RUNS)"

# The launcher's measures one by one (same jar, same code): plain `java -jar`, then the JVM flags, then the archive.
plain() { java -jar "$jar" "$@"; }
flags() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -jar "$jar" "$@"; }
launcher() { "$PPCTL" "$@"; }
plain_version() { plain --version; }
flags_version() { flags --version; }
launcher_version() { launcher --version; }
bench_compare "--version: java -jar vs + C1, serial GC" : flags_version plain_version
bench_compare "--version: + C1, serial GC vs + archive (./ppctl)" : launcher_version flags_version

base=$(bench_base_image)
image=$(bench_standin_image "$base")
project="$BENCH_TMP/project"
mkdir -p "$project"
echo "v1.2.3" >"$project/VERSION"
plain_smoke() { plain -C "$project" smoke-test --image "$image"; }
flags_smoke() { flags -C "$project" smoke-test --image "$image"; }
launcher_smoke() { launcher -C "$project" smoke-test --image "$image"; }
bench_compare "smoke-test: java -jar vs + C1, serial GC" : flags_smoke plain_smoke
bench_compare "smoke-test: + C1, serial GC vs + archive (./ppctl)" : launcher_smoke flags_smoke
bench_report "The launcher's start-up measures (bench/startup.sh)" "with the measure" "without"
