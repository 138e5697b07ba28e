#!/usr/bin/python3
"""Pairs GemmBenchmark (JMH CSV) rounds with gemm_peer.py (numpy CSV) rounds and prints a table.

For every size, dtype, threads and backend: Curvature and numpy GFLOP/s (2n³ / time) and the
per-round ratio Curvature / numpy, each as min / median / max over the rounds, and the median
Curvature throughput as a fraction of the FMA peak (per-core peak from FmaPeak × threads).

    gemm_table.py --dir results/gemm-peer-... [--markdown]

The directory holds java-<round>.csv, numpy-<round>.csv and peak.txt as written by
bench/run-gemm-peer.sh.
"""
import argparse
import csv
import glob
import os
import re
import statistics


def read_java(path):
    """JMH CSV → {(size, dtype, threads, backend): GFLOP/s}."""
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            n = int(row["Param: size"])
            ms = float(row["Score"])
            assert row["Unit"] == "ms/op", row["Unit"]
            key = (n, row["Param: dtype"], int(row["Param: threads"]), row["Param: backend"])
            out[key] = 2.0 * n ** 3 / (ms * 1e-3) / 1e9
    return out


def read_numpy(path):
    """gemm_peer CSV → {(size, dtype, threads): GFLOP/s} and the BLAS description."""
    out = {}
    blas = "unknown"
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            out[(int(row["size"]), row["dtype"], int(row["threads"]))] = float(row["gflops"])
            blas = row["blas"]
    return out, blas


def read_peak(path):
    peak = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"(f32|f64)\s+([0-9.]+)", line)
            if m:
                peak[m.group(1)] = float(m.group(2))
    return peak


def spread(xs, fmt):
    return "/".join(fmt % v for v in (min(xs), statistics.median(xs), max(xs)))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", required=True)
    p.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = p.parse_args()

    rounds = sorted(int(re.search(r"java-(\d+)\.csv$", f).group(1))
                    for f in glob.glob(os.path.join(args.dir, "java-*.csv")))
    java = [read_java(os.path.join(args.dir, "java-%d.csv" % r)) for r in rounds]
    numpy_rounds = [read_numpy(os.path.join(args.dir, "numpy-%d.csv" % r)) for r in rounds]
    blas = numpy_rounds[0][1] if numpy_rounds else "unknown"
    numpy = [nr[0] for nr in numpy_rounds]
    peak = read_peak(os.path.join(args.dir, "peak.txt"))

    header = ["size", "dtype", "threads", "backend", "Curvature GFLOP/s", "numpy GFLOP/s",
              "ratio", "% FMA peak"]
    rows = []
    for key in sorted(java[0], key=lambda k: (k[0], k[1], k[2], k[3] != "native")):
        n, dtype, threads, backend = key
        js = [j[key] for j in java if key in j]
        ns = [nm[(n, dtype, threads)] for nm in numpy if (n, dtype, threads) in nm]
        ratios = [j[key] / nm[(n, dtype, threads)] for j, nm in zip(java, numpy)
                  if key in j and (n, dtype, threads) in nm]
        frac = "%.0f%%" % (100 * statistics.median(js) / (peak[dtype] * threads)) if dtype in peak else "-"
        rows.append([str(n), dtype, str(threads), backend, spread(js, "%.1f"),
                     spread(ns, "%.1f") if ns else "-", spread(ratios, "%.2f") if ratios else "-", frac])

    print("rounds: %d; numpy on %s; FMA peak per core: %s GFLOP/s" % (
        len(rounds), blas, ", ".join("%s %.1f" % kv for kv in sorted(peak.items()))))
    print("values are min/median/max over rounds; ratio = Curvature / numpy within a round")
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" for _ in header) + "|")
        for r in rows:
            print("| " + " | ".join(r) + " |")
    else:
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
        print("  ".join(h.rjust(w) for h, w in zip(header, widths)))
        for r in rows:
            print("  ".join(c.rjust(w) for c, w in zip(r, widths)))


if __name__ == "__main__":
    main()
