#!/usr/bin/env bash
# Side-by-side training-step benchmark of the nn module against PyTorch on the CPU, in one run:
# the same models (bench/peer/nn_peer.py mirrors dev.curvature.nn.bench.NnBench), the same batch,
# float32, the same thread count on both sides, alternating rounds. Prints each round and the
# min/median/max of the Java/PyTorch step-time ratio.
#
#   bench/nn-vs-torch.sh [--rounds R] [--threads N] [--warmup W] [--steps S] [MODEL...]
#
# MODEL: transformer, mlp (default both). Needs a built tree (./mvnw install -DskipTests, then
# ./mvnw -pl nn test-compile) and Debian's python3-torch (/usr/bin/python3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=5 threads=1 warmup=20 steps=30 models=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --steps) steps="$2"; shift 2 ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) models+=("$1"); shift ;;
    esac
done
[[ ${#models[@]} -eq 0 ]] && models=(transformer mlp)
# A JDK 25 or newer, looked for as the curvature launcher does.
java_bin=""
for c in "${CURVATURE_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* "$HOME"/.jdks/*; do
    [[ -n "$c" && -r "$c/release" ]] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$c/release")
    if [[ "${v:-0}" -ge 25 ]]; then java_bin="$c/bin/java"; break; fi
done
[[ -n "$java_bin" ]] || { echo "nn-vs-torch.sh: no JDK 25 found (set CURVATURE_JAVA_HOME)" >&2; exit 2; }
cp="$root/nn/target/test-classes:$root/lab/target/lib/*"
export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
py=/usr/bin/python3
echo "# $(uname -m), $(nproc --all) cores, threads=$threads, warmup=$warmup, steps=$steps, rounds=$rounds"
for m in "${models[@]}"; do
    ratios=()
    for ((r = 1; r <= rounds; r++)); do
        j=$("$java_bin" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xss8m \
            -Dcurvature.threads="$threads" -cp "$cp" dev.curvature.nn.bench.NnBench "$m" "$warmup" "$steps" 2>/dev/null)
        t=$("$py" "$root/bench/peer/nn_peer.py" "$m" "$warmup" "$steps" "$threads")
        jm=$(echo "$j" | awk '{print $2}')
        tm=$(echo "$t" | awk '{print $2}')
        ratio=$(awk -v a="$jm" -v b="$tm" 'BEGIN {printf "%.3f", a / b}')
        ratios+=("$ratio")
        echo "round $r  $m  java ${jm} ms  torch ${tm} ms  ratio ${ratio}   [$j | $t]"
    done
    printf '%s\n' "${ratios[@]}" | sort -g | awk -v m="$m" '{a[NR] = $1} END {
        med = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
        printf "%s: java/torch step-time ratio min %.3f median %.3f max %.3f over %d rounds\n", m, a[1], med, a[NR], NR}'
done
