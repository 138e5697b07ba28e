#!/usr/bin/python3
"""Table of bench/run-polar-peer.sh: per op, shape and threads, the per-round ratios Java/numpy and
Java/PyTorch as min/median/max, with the median times. --markdown for docs/performance.md."""
import argparse
import csv
import glob
import os
import statistics
from collections import defaultdict


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--markdown", action="store_true")
    args = p.parse_args()
    # (round, impl, op, rows, cols, threads) -> median seconds
    t = {}
    alloc = {}
    for path in sorted(glob.glob(os.path.join(args.dir, "round-*-*.csv"))):
        rnd = os.path.basename(path).split("-")[1]
        with open(path) as f:
            for row in csv.DictReader(f):
                key = (row["impl"], row["op"], int(row["rows"]), int(row["cols"]), int(row["threads"]))
                t[(rnd,) + key] = float(row["median_s"])
                if row["impl"] == "java" and row["alloc_bytes_per_call"]:
                    alloc[key[1:]] = max(alloc.get(key[1:], 0), int(row["alloc_bytes_per_call"]))
    rounds = sorted({k[0] for k in t})
    cases = sorted({k[2:] for k in t if k[1] == "java"})
    rows = []
    for case in cases:
        op, m, n, th = case
        java = [t[(r, "java") + case] for r in rounds if (r, "java") + case in t]
        line = {"op": op, "shape": f"{m}×{n}", "threads": th, "java_ms": 1e3 * statistics.median(java),
                "alloc": alloc.get(case, "")}
        for peer in ("numpy", "torch"):
            ratios = [t[(r, "java") + case] / t[(r, peer) + case] for r in rounds
                      if (r, "java") + case in t and (r, peer) + case in t]
            peer_t = [t[(r, peer) + case] for r in rounds if (r, peer) + case in t]
            line[peer + "_ms"] = 1e3 * statistics.median(peer_t) if peer_t else None
            line[peer + "_ratio"] = (min(ratios), statistics.median(ratios), max(ratios)) if ratios else None
        rows.append(line)

    def fmt_ratio(r):
        return "–" if r is None else f"{r[1]:.2f} ({r[0]:.2f}–{r[2]:.2f})"

    def fmt_ms(v):
        return "–" if v is None else f"{v:.1f}"

    head = ["op", "shape", "threads", "Java ms", "numpy ms", "PyTorch ms", "Java/numpy median (min–max)",
            "Java/PyTorch median (min–max)", "Java bytes/call"]
    body = [[r["op"], r["shape"], str(r["threads"]), fmt_ms(r["java_ms"]), fmt_ms(r["numpy_ms"]),
             fmt_ms(r["torch_ms"]), fmt_ratio(r["numpy_ratio"]), fmt_ratio(r["torch_ratio"]), str(r["alloc"])]
            for r in rows]
    print(f"rounds: {len(rounds)}")
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for b in body:
            print("| " + " | ".join(b) + " |")
    else:
        widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
        print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
        for b in body:
            print("  ".join(c.ljust(w) for c, w in zip(b, widths)))


if __name__ == "__main__":
    main()
