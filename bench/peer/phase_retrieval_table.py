#!/usr/bin/python3
"""Table of a bench/run-phase-retrieval-peer.sh run: per (operation, threads), the median over rounds
of each implementation's median time, and the per-round ratio Java/numpy as min/median/max; the
Lanczos row gives its time over k gradient times of the same round; the check rows compare f and
||grad f|| of the implementations.

    /usr/bin/python3 bench/peer/phase_retrieval_table.py --dir OUT [--markdown]
"""
import argparse
import glob
import os
import re
import statistics


def read(directory):
    rows = {}  # (round, impl, op, threads) -> median_ms
    checks = []
    for path in sorted(glob.glob(os.path.join(directory, "round-*-*.csv"))):
        rnd = int(re.search(r"round-(\d+)-", os.path.basename(path)).group(1))
        with open(path) as fh:
            for line in fh:
                parts = line.strip().split(",")
                if not parts or len(parts) < 5 or parts[0].startswith(("WARNING", "INFO")):
                    continue
                if parts[0] == "check":
                    checks.append(parts)
                    continue
                try:
                    rows[(rnd, parts[0], parts[1], int(parts[2]))] = float(parts[3])
                except ValueError:
                    pass
    return rows, checks


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", required=True)
    p.add_argument("--markdown", action="store_true")
    p.add_argument("--bytes", type=float, default=40960 * 4096 * 8.0, help="bytes of A (for GB/s)")
    args = p.parse_args()
    rows, checks = read(args.dir)
    rounds = sorted({r[0] for r in rows})
    threads = sorted({r[3] for r in rows})
    out = []
    header = ["operation", "threads", "java ms", "numpy ms", "java/numpy min", "median", "max", "java GB/s (A read)"]
    labels = {("gradient", "java-fused"): "gradient (one pass)",
              ("hvp", "java-fused"): "HVP, z = Ax known (one pass)",
              ("hvp-new-x", "java-fused"): "HVP at a new x (one pass)",
              ("gradient", "java-gemv"): "gradient (two OpenBLAS GEMVs)"}
    for (op, impl), label in labels.items():
        for t in threads:
            ratios = []
            java = []
            numpy = []
            for r in rounds:
                j = rows.get((r, impl, op, t))
                n = rows.get((r, "numpy", op, t))
                if j is None or n is None:
                    continue
                java.append(j)
                numpy.append(n)
                ratios.append(j / n)
            if not ratios:
                continue
            jm = statistics.median(java)
            out.append([label, str(t), "%.1f" % jm, "%.1f" % statistics.median(numpy), "%.2f" % min(ratios),
                        "%.2f" % statistics.median(ratios), "%.2f" % max(ratios),
                        "%.1f" % (args.bytes / (jm * 1e-3) / 1e9)])
    lanczos = []
    for t in threads:
        per = []
        k = None
        for r in rounds:
            for key, val in rows.items():
                if key[0] == r and key[1] == "java-fused" and key[2].startswith("lanczos") and key[3] == t:
                    k = int(key[2][len("lanczos"):])
                    g = rows.get((r, "java-fused", "gradient", t))
                    if g:
                        per.append((val, val / (k * g)))
        if per:
            lanczos.append([t, k, statistics.median(v for v, _ in per), min(q for _, q in per),
                            statistics.median(q for _, q in per), max(q for _, q in per)])
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in out:
            print("| " + " | ".join(row) + " |")
        print()
        print("| Lanczos λ_min, threads | HVPs k | time ms | time / (k · gradient) min | median | max |")
        print("|---|---|---|---|---|---|")
        for t, k, ms, lo, med, hi in lanczos:
            print("| %d | %d | %.0f | %.2f | %.2f | %.2f |" % (t, k, ms, lo, med, hi))
    else:
        widths = [max(len(r[i]) for r in out + [header]) for i in range(len(header))]
        for row in [header] + out:
            print("  ".join(c.rjust(w) for c, w in zip(row, widths)))
        for t, k, ms, lo, med, hi in lanczos:
            print("lanczos threads %d: k = %d HVPs, %.0f ms = %.2f / %.2f / %.2f (min/median/max) x k gradients"
                  % (t, k, ms, lo, med, hi))
    seen = {}
    for c in checks:
        if c[1] in ("java-fused", "java-gemv", "numpy"):
            seen.setdefault(c[1], (float(c[3]), float(c[4])))
    if "numpy" in seen:
        fn, gn = seen["numpy"]
        for impl, (f, g) in sorted(seen.items()):
            if impl != "numpy":
                print("%scheck %s vs numpy: |df|/f = %.1e, |d||g|||/||g|| = %.1e"
                      % ("" if not args.markdown else "\n", impl, abs(f - fn) / abs(fn), abs(g - gn) / abs(gn)))


if __name__ == "__main__":
    main()
