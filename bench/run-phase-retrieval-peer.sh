#!/usr/bin/env bash
# The phase-retrieval gradient f(x) = 1/4 sum (y_i^2 - (a_i^T x)^2)^2 at d = N, m = M (float64) in
# Java (one-pass fused kernel, and two OpenBLAS GEMVs) against numpy (two GEMVs), side by side: each
# round runs the Java probe and then the numpy peer on the same data, per thread count, with the
# thread counts pinned on both sides (the Java kernel and backend threads; OPENBLAS_NUM_THREADS and
# OMP_NUM_THREADS for numpy). Also times the Hessian-vector product and a Lanczos run of exactly K
# products. The table gives per-round ratios Java/numpy as min/median/max.
#
# Build first:  ./mvnw -q -B -o install -DskipTests      (lab/target/lib and bench/target/classes)
# Run:          bench/run-phase-retrieval-peer.sh
# Settings (environment): ROUNDS (3), THREADS (1,2), M (40960), N (4096), REPS (9), WARMUP (5), K (20),
#   DATA (a folder for the shared .npy data, 1.3 GB at the default size; generated when missing,
#   kept for the next run), JAVA (a JDK 25 java), PYTHON (/usr/bin/python3),
#   OUT (results/phase-retrieval-peer-<timestamp>).
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-1,2}
M=${M:-40960}
N=${N:-4096}
REPS=${REPS:-9}
WARMUP=${WARMUP:-5}
K=${K:-20}
DATA=${DATA:-${TMPDIR:-/tmp}/curvature-phase-retrieval-${M}x${N}}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PYTHON=${PYTHON:-/usr/bin/python3}
OUT=${OUT:-results/phase-retrieval-peer-$(date +%Y%m%d-%H%M%S)}
CP="bench/target/classes:lab/target/lib/*"
FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx4g)

[[ -d lab/target/lib && -d bench/target/classes ]] \
  || { echo "missing build outputs: run ./mvnw -q -B -o install -DskipTests" >&2; exit 1; }
mkdir -p "$OUT"
if [[ ! -f $DATA/A.npy ]]; then
  echo "generating ${M}x${N} float64 data in $DATA"
  "$PYTHON" bench/peer/phase_retrieval_peer.py --generate "$DATA" --m "$M" --n "$N"
fi
{
  echo "date: $(date -Is)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cpus"
  echo "java: $("$JAVA" -version 2>&1 | head -1)"
  echo "numpy: $("$PYTHON" -c 'import numpy; print(numpy.__version__)')"
  echo "command: ROUNDS=$ROUNDS THREADS=$THREADS M=$M N=$N REPS=$REPS WARMUP=$WARMUP K=$K $0"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

IFS=, read -r -a TS <<< "$THREADS"
for ((r = 1; r <= ROUNDS; r++)); do
  for t in "${TS[@]}"; do
    echo "== round $r/$ROUNDS, $t thread(s): java"
    OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t "$JAVA" "${FLAGS[@]}" -Dcurvature.threads="$t" -cp "$CP" \
        dev.curvature.bench.phase.PhaseRetrievalProbe "$DATA" "$t" "$REPS" "$WARMUP" "$K" \
        > "$OUT/round-$r-java-$t.csv" 2> "$OUT/round-$r-java-$t.log" \
      || { tail -20 "$OUT/round-$r-java-$t.log" >&2; exit 1; }
    echo "== round $r/$ROUNDS, $t thread(s): numpy"
    OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t "$PYTHON" bench/peer/phase_retrieval_peer.py --data "$DATA" \
        --threads "$t" --reps "$REPS" --warmup "$WARMUP" > "$OUT/round-$r-numpy-$t.csv"
  done
done

"$PYTHON" bench/peer/phase_retrieval_table.py --dir "$OUT" --bytes $((M * N * 8)) | tee "$OUT/table.txt"
"$PYTHON" bench/peer/phase_retrieval_table.py --dir "$OUT" --bytes $((M * N * 8)) --markdown > "$OUT/table.md"
