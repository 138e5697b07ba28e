#!/usr/bin/python3
"""numpy peer of PhaseRetrievalProbe: the phase-retrieval gradient and Hessian-vector product.

    f(x)      = 1/4 sum_i (y_i^2 - (a_i^T x)^2)^2
    grad f(x) = -sum_i (y_i^2 - (a_i^T x)^2) (a_i^T x) a_i          = A^T w,  w = -(y^2 - z^2) z,  z = A x
    H(x) v    =  sum_i (3 (a_i^T x)^2 - y_i^2) (a_i^T v) a_i         = A^T c,  c = (3 z^2 - y^2) (A v)

numpy computes each as BLAS calls: the gradient is two GEMV passes over A (A @ x, then A.T @ w). The
Hessian-vector product at a point whose z = A x is known (op hvp, as in Lanczos at a fixed point) is
two GEMV passes (A @ v, A.T @ c); at a new point (op hvp-new-x) three (A @ x, A @ v, A.T @ c),
which on this OpenBLAS beats computing z and A v as one (m x 2) GEMM (GEMM packs A: about 2x slower).

Generate the shared data once (float64, C order):
    /usr/bin/python3 bench/peer/phase_retrieval_peer.py --generate DIR --m 40960 --n 4096
Time (prints CSV rows impl,op,threads,median_ms,min_ms,max_ms,reps and a check row):
    /usr/bin/python3 bench/peer/phase_retrieval_peer.py --data DIR --threads 1 --reps 7 --warmup 2

OPENBLAS_NUM_THREADS is read once, when numpy loads OpenBLAS, so --threads sets it (and
OMP_NUM_THREADS) before numpy is imported.
"""
import argparse
import os
import sys


def generate(directory, m, n, seed):
    import numpy as np

    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(seed)
    # Real Gaussian measurements a_i ~ N(0, I_n), signal x* on the unit sphere, y_i = |a_i^T x*|.
    a = rng.standard_normal((m, n))
    xstar = rng.standard_normal(n)
    xstar /= np.linalg.norm(xstar)
    y2 = (a @ xstar) ** 2
    x = xstar + 0.5 * rng.standard_normal(n) / np.sqrt(n)
    v = rng.standard_normal(n)
    v /= np.linalg.norm(v)
    for name, arr in (("A", a), ("x", x), ("v", v), ("y2", y2)):
        np.save(os.path.join(directory, name + ".npy"), np.ascontiguousarray(arr, dtype=np.float64))


def measure(directory, threads, reps, warmup):
    import time

    import numpy as np

    a = np.load(os.path.join(directory, "A.npy"))
    x = np.load(os.path.join(directory, "x.npy"))
    v = np.load(os.path.join(directory, "v.npy"))
    y2 = np.load(os.path.join(directory, "y2.npy"))
    m, n = a.shape
    at = a.T
    z = np.empty(m)
    g = np.empty(n)

    def value_and_gradient():
        np.matmul(a, x, out=z)
        r = y2 - z * z
        np.matmul(at, -r * z, out=g)
        return 0.25 * np.dot(r, r)

    zx = a @ x
    u = np.empty(m)

    def hvp():
        np.matmul(a, v, out=u)
        np.matmul(at, (3.0 * zx * zx - y2) * u, out=g)

    def hvp_new_x():
        np.matmul(a, x, out=z)
        np.matmul(a, v, out=u)
        np.matmul(at, (3.0 * z * z - y2) * u, out=g)

    f = value_and_gradient()
    print("check,numpy,%d,%.17g,%.17g,%.17g" % (threads, f, np.linalg.norm(g), g[0]))
    for op, body in (("gradient", value_and_gradient), ("hvp", hvp), ("hvp-new-x", hvp_new_x)):
        for _ in range(warmup):
            body()
        t = []
        for _ in range(reps):
            t0 = time.perf_counter()
            body()
            t.append((time.perf_counter() - t0) * 1e3)
        t.sort()
        print("numpy,%s,%d,%.3f,%.3f,%.3f,%d" % (op, threads, t[len(t) // 2], t[0], t[-1], reps))
        sys.stdout.flush()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--generate", metavar="DIR", help="write A.npy, x.npy, v.npy, y2.npy into DIR and exit")
    p.add_argument("--m", type=int, default=40960)
    p.add_argument("--n", type=int, default=4096)
    p.add_argument("--seed", type=int, default=20260)
    p.add_argument("--data", metavar="DIR", help="time the kernels on the data in DIR")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--warmup", type=int, default=2)
    args = p.parse_args()
    if args.generate:
        generate(args.generate, args.m, args.n, args.seed)
        return
    if not args.data:
        p.error("give --generate DIR or --data DIR")
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    measure(args.data, args.threads, args.reps, args.warmup)


if __name__ == "__main__":
    main()
