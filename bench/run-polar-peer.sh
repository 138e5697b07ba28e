#!/usr/bin/env bash
# Polar factors in float32 side by side: Curvature's NS5 (Muon's 5 quintic Newton-Schulz steps) and
# exact polar (LAPACK sgesdd, U·Vᵀ) against numpy (the same NS5 in numpy; scipy.linalg.svd with
# lapack_driver='gesdd' and U @ Vt) and PyTorch-CPU (the same NS5), with the same thread count on
# every side (the Java backend threads; OPENBLAS_NUM_THREADS / OMP_NUM_THREADS and
# torch.set_num_threads for the peers). Each round runs Java, numpy and PyTorch one after the other;
# the table gives per-round ratios as min/median/max and the bytes the Java calls allocated.
#
# Build first:  ./mvnw -q -B -o -pl bench -am -DskipTests package
# Run:          bench/run-polar-peer.sh
# Settings (environment): ROUNDS (3), THREADS (2), SHAPES (768x768,768x3072,1024x4096), OPS (ns5,svd),
#   REPS (7), WARMUP (5), JAR (bench/target/benchmarks.jar), JAVA (a JDK 25 java),
#   PYTHON (/usr/bin/python3), OUT (results/polar-peer-<timestamp>).
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
SHAPES=${SHAPES:-768x768,768x3072,1024x4096}
OPS=${OPS:-ns5,svd}
REPS=${REPS:-7}
WARMUP=${WARMUP:-5}
JAR=${JAR:-bench/target/benchmarks.jar}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PYTHON=${PYTHON:-/usr/bin/python3}
OUT=${OUT:-results/polar-peer-$(date +%Y%m%d-%H%M%S)}
FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx4g)

[[ -f $JAR ]] || { echo "missing $JAR: run ./mvnw -q -B -o -pl bench -am -DskipTests package" >&2; exit 1; }
mkdir -p "$OUT"
{
  echo "date: $(date -Is)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cpus"
  echo "java: $("$JAVA" -version 2>&1 | head -1)"
  echo "numpy: $("$PYTHON" -c 'import numpy, scipy; print(numpy.__version__, "scipy", scipy.__version__)')"
  echo "torch: $("$PYTHON" -c 'import torch; print(torch.__version__)')"
  echo "OPENBLAS_CORETYPE: ${OPENBLAS_CORETYPE:-(auto-detected)}"
  echo "command: ROUNDS=$ROUNDS THREADS=$THREADS SHAPES=$SHAPES OPS=$OPS REPS=$REPS WARMUP=$WARMUP $0"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

for ((r = 1; r <= ROUNDS; r++)); do
  echo "== round $r/$ROUNDS: java"
  OPENBLAS_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS "$JAVA" "${FLAGS[@]}" -Dcurvature.threads="$THREADS" \
      -cp "$JAR" dev.curvature.bench.PolarPeerProbe "$THREADS" "$REPS" "$WARMUP" "$OPS" "$SHAPES" \
      > "$OUT/round-$r-java.csv" 2> "$OUT/round-$r-java.log" \
    || { tail -20 "$OUT/round-$r-java.log" >&2; exit 1; }
  for impl in numpy torch; do
    echo "== round $r/$ROUNDS: $impl"
    OPENBLAS_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS "$PYTHON" \
        bench/peer/polar_peer.py --impl "$impl" --threads "$THREADS" --ops "$OPS" --shapes "$SHAPES" \
        --reps "$REPS" --warmup "$WARMUP" > "$OUT/round-$r-$impl.csv"
  done
done

"$PYTHON" bench/peer/polar_table.py --dir "$OUT" | tee "$OUT/table.txt"
"$PYTHON" bench/peer/polar_table.py --dir "$OUT" --markdown > "$OUT/table.md"
