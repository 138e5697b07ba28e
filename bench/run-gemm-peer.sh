#!/usr/bin/env bash
# GEMM throughput of Curvature's backends against numpy, alternating the two for several rounds so
# that drifting machine load hits both alike. Each round runs the JMH GemmBenchmark grid (one fork
# per configuration) and then bench/peer/gemm_peer.py (one process per thread count); the table
# gives min/median/max over rounds of GFLOP/s (2n³/t), the per-round ratio and the fraction of FMA peak.
#
# Build first:  ./mvnw -q -B -DskipTests package
# Run:          bench/run-gemm-peer.sh
# Settings (environment): ROUNDS (3), SIZES (256,512,1024,2048), DTYPES (f32,f64), THREADS (1,2),
#   BACKENDS (native,java), JMH_OPTS (-wi 3 -w 1s -i 3 -r 1s), JAR (bench/target/benchmarks.jar),
#   JAVA (a JDK 25 java), PYTHON (/usr/bin/python3), OUT (results/gemm-peer-<timestamp>).
#   OPENBLAS_CORETYPE, when set, reaches both OpenBLAS copies (the bundled one and numpy's).
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
SIZES=${SIZES:-256,512,1024,2048}
DTYPES=${DTYPES:-f32,f64}
THREADS=${THREADS:-1,2}
BACKENDS=${BACKENDS:-native,java}
JMH_OPTS=${JMH_OPTS:--wi 3 -w 1s -i 3 -r 1s}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PYTHON=${PYTHON:-/usr/bin/python3}
OUT=${OUT:-results/gemm-peer-$(date +%Y%m%d-%H%M%S)}
JAR=${JAR:-bench/target/benchmarks.jar}
FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)

[[ -f $JAR ]] || { echo "missing $JAR: run ./mvnw -q -B -DskipTests package" >&2; exit 1; }
mkdir -p "$OUT"
echo "results in $OUT"
{
  echo "date: $(date -Is)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs) model $(grep -m1 '^model\s' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cpus"
  echo "java: $("$JAVA" -version 2>&1 | head -1)"
  echo "numpy: $("$PYTHON" -c 'import numpy; print(numpy.__version__)')"
  echo "OPENBLAS_CORETYPE: ${OPENBLAS_CORETYPE:-(auto-detected)}"
  echo "command: ROUNDS=$ROUNDS SIZES=$SIZES DTYPES=$DTYPES THREADS=$THREADS BACKENDS=$BACKENDS JMH_OPTS='$JMH_OPTS' $0"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

"$JAVA" "${FLAGS[@]}" -cp "$JAR" dev.curvature.bench.FmaPeak 2>/dev/null > "$OUT/peak.txt"
cat "$OUT/peak.txt"

for ((r = 1; r <= ROUNDS; r++)); do
  echo "== round $r/$ROUNDS: JMH"
  # The benchmark pins both backends through Backend.setThreads (OpenBLAS's and the Java pool's).
  # shellcheck disable=SC2086
  "$JAVA" "${FLAGS[@]}" -jar "$JAR" GemmBenchmark $JMH_OPTS -f 1 \
      -p size="$SIZES" -p dtype="$DTYPES" -p threads="$THREADS" -p backend="$BACKENDS" \
      -rf csv -rff "$OUT/java-$r.csv" > "$OUT/jmh-$r.log" 2>&1 \
    || { tail -30 "$OUT/jmh-$r.log" >&2; exit 1; }
  echo "== round $r/$ROUNDS: numpy"
  "$PYTHON" bench/peer/gemm_peer.py --threads "$THREADS" --sizes "$SIZES" --dtypes "$DTYPES" \
      > "$OUT/numpy-$r.csv"
done

"$PYTHON" bench/peer/gemm_table.py --dir "$OUT" | tee "$OUT/table.txt"
"$PYTHON" bench/peer/gemm_table.py --dir "$OUT" --markdown > "$OUT/table.md"
