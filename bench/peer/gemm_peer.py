#!/usr/bin/python3
"""numpy GEMM peer for GemmBenchmark: times C = A @ B for square float32/float64 matrices.

Each thread count runs in its own process, because OpenBLAS reads OPENBLAS_NUM_THREADS (and
OMP_NUM_THREADS) once, when numpy is imported. Per size and dtype: a few warm-up calls, then the
median of several timed calls into a preallocated output. Prints CSV (default) or JSON lines:
size, dtype, threads, median_s, gflops, reps, blas.

    /usr/bin/python3 bench/peer/gemm_peer.py --threads 1,2 --sizes 256,512,1024,2048 --dtypes f32,f64
"""
import argparse
import json
import os
import subprocess
import sys

FIELDS = ["size", "dtype", "threads", "median_s", "gflops", "reps", "blas"]


def measure(threads, sizes, dtypes, reps, min_time):
    """Runs in a child whose BLAS thread variables were set before numpy was imported."""
    import time

    import numpy as np

    blas = blas_name()
    rng = np.random.default_rng(12345)
    rows = []
    for dtype in dtypes:
        np_dtype = {"f32": np.float32, "f64": np.float64}[dtype]
        for n in sizes:
            a = rng.uniform(-1, 1, (n, n)).astype(np_dtype)
            b = rng.uniform(-1, 1, (n, n)).astype(np_dtype)
            c = np.empty((n, n), dtype=np_dtype)
            for _ in range(2):
                np.matmul(a, b, out=c)
            times = []
            start = time.perf_counter()
            # At least `reps` calls, more for small sizes until min_time has passed.
            while len(times) < reps or time.perf_counter() - start < min_time:
                t0 = time.perf_counter()
                np.matmul(a, b, out=c)
                times.append(time.perf_counter() - t0)
            times.sort()
            median = times[len(times) // 2]
            rows.append({"size": n, "dtype": dtype, "threads": threads, "median_s": median,
                         "gflops": 2.0 * n ** 3 / median / 1e9, "reps": len(times), "blas": blas})
    return rows


def blas_name():
    """Version and kernel core of the OpenBLAS behind numpy (Debian links numpy to libblas.so.3)."""
    import ctypes

    for lib in ("libblas.so.3", "libopenblas.so.0"):
        try:
            so = ctypes.CDLL(lib)  # already loaded by numpy: the same library is returned
            so.openblas_get_corename.restype = ctypes.c_char_p
            so.openblas_get_config.restype = ctypes.c_char_p
        except (OSError, AttributeError):
            continue
        version = so.openblas_get_config().decode().split(" ")[1]
        return "OpenBLAS %s core %s" % (version, so.openblas_get_corename().decode())
    return "unknown"


def emit(rows, fmt, out):
    if fmt == "json":
        for r in rows:
            out.write(json.dumps(r) + "\n")
    else:
        for r in rows:
            out.write(",".join(str(r[f]) for f in FIELDS) + "\n")
    out.flush()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", default="1,2", help="comma-separated BLAS thread counts")
    p.add_argument("--sizes", default="256,512,1024,2048")
    p.add_argument("--dtypes", default="f32,f64")
    p.add_argument("--reps", type=int, default=7, help="minimum timed calls per configuration")
    p.add_argument("--min-time", type=float, default=1.0, help="minimum seconds of timed calls per configuration")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("--no-header", action="store_true")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    dtypes = args.dtypes.split(",")

    if args.child:
        emit(measure(int(args.threads), sizes, dtypes, args.reps, args.min_time), args.format, sys.stdout)
        return

    if args.format == "csv" and not args.no_header:
        sys.stdout.write(",".join(FIELDS) + "\n")
    for t in args.threads.split(","):
        env = dict(os.environ)
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
            env[var] = t
        child = [sys.executable, os.path.abspath(__file__), "--child", "--threads", t, "--sizes", args.sizes,
                 "--dtypes", args.dtypes, "--reps", str(args.reps), "--min-time", str(args.min_time),
                 "--format", args.format]
        result = subprocess.run(child, env=env, stdout=subprocess.PIPE, text=True, check=True)
        sys.stdout.write(result.stdout)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
