#!/usr/bin/env bash
# Lab parallel speed-up: a sweep of 64 small runs with --workers 1 and --workers 2, alternating, each
# as a fresh `curvature run` process (dev.curvature.lab.bench.SweepSpeedup in the lab's test classes).
#   bench/run-lab-sweep.sh [rounds [steps]]   (default 5 rounds of runs of 3000 steps)
# Builds the lab and its test classes when they are missing. Run it on an otherwise idle machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

java=""
for c in "${CURVATURE_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* "$HOME"/.jdks/* "$HOME"/.sdkman/candidates/java/*; do
  if [ -n "$c" ] && [ -r "$c/release" ] && \
     [ "$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$c/release")" -ge 25 ] 2>/dev/null; then
    java="$c/bin/java"
    break
  fi
done
if [ -z "$java" ]; then
  echo "run-lab-sweep: no JDK 25 or newer found (set CURVATURE_JAVA_HOME)" >&2
  exit 2
fi

if [ ! -f lab/target/curvature-lab.jar ] || [ ! -d lab/target/test-classes/dev/curvature/lab/bench ]; then
  ./mvnw -q -B -DskipTests -pl lab -am package >&2
fi

exec "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -cp "lab/target/curvature-lab.jar:lab/target/lib/*:lab/target/test-classes" \
  dev.curvature.lab.bench.SweepSpeedup "$@"
