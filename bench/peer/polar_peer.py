#!/usr/bin/python3
"""numpy / PyTorch-CPU peer of PolarPeerProbe: float32 polar factors of N(0, 1) matrices.

ns5: Muon's Newton-Schulz (KellerJordan/Muon muon.py, without bf16): X = G / (||G||_F + 1e-7), wide
orientation, 5 steps of A = X X^T; B = b A + c A A; X = a X + B X with (a, b, c) = (3.4445, -4.7750,
2.0315). svd (numpy only): scipy.linalg.svd(G, full_matrices=False, lapack_driver='gesdd'), U @ Vt.
The thread count must be fixed before the library is imported (OpenBLAS / OpenMP read it once), so
the runner script sets OPENBLAS_NUM_THREADS / OMP_NUM_THREADS and this script also calls
torch.set_num_threads. Per shape: warm-up calls, then the median of the timed calls. Prints CSV:
impl,op,rows,cols,threads,median_s,min_s,reps,alloc_bytes_per_call (empty).

    OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 python3 bench/peer/polar_peer.py --impl numpy --threads 2
"""
import argparse
import time

A, B, C = 3.4445, -4.7750, 2.0315


def ns5_numpy(np, g, steps=5):
    x = g / (np.linalg.norm(g) + 1e-7)
    if g.shape[0] > g.shape[1]:
        x = x.T
    for _ in range(steps):
        a = x @ x.T
        bm = B * a + C * (a @ a)
        x = A * x + bm @ x
    return x.T if g.shape[0] > g.shape[1] else x


def ns5_torch(torch, g, steps=5):
    x = g / (g.norm() + 1e-7)
    if g.size(0) > g.size(1):
        x = x.T
    for _ in range(steps):
        a = x @ x.T
        bm = B * a + C * (a @ a)
        x = A * x + bm @ x
    return x.T if g.size(0) > g.size(1) else x


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--impl", choices=["numpy", "torch"], required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--ops", default="ns5,svd")
    p.add_argument("--shapes", default="768x768,768x3072,1024x4096")
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--warmup", type=int, default=3)
    args = p.parse_args()
    import numpy as np

    rng = np.random.default_rng(12345)
    print("impl,op,rows,cols,threads,median_s,min_s,reps,alloc_bytes_per_call")
    if args.impl == "torch":
        import torch

        torch.set_num_threads(args.threads)
    for op in args.ops.split(","):
        for shape in args.shapes.split(","):
            m, n = (int(v) for v in shape.split("x"))
            g = rng.standard_normal((m, n)).astype(np.float32)
            if args.impl == "numpy":
                if op == "ns5":
                    fn = lambda: ns5_numpy(np, g)
                elif op == "svd":
                    import scipy.linalg

                    def fn():
                        u, _, vt = scipy.linalg.svd(g, full_matrices=False, lapack_driver="gesdd",
                                                    check_finite=False)
                        return u @ vt
                else:
                    raise SystemExit("unknown op " + op)
            else:
                if op != "ns5":
                    continue
                tg = torch.from_numpy(g)
                fn = lambda: ns5_torch(torch, tg)
            for _ in range(args.warmup):
                fn()
            times = []
            for _ in range(args.reps):
                t0 = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t0)
            times.sort()
            print(f"{args.impl},{op},{m},{n},{args.threads},{times[len(times) // 2]:.6f},{times[0]:.6f},"
                  f"{args.reps},", flush=True)


if __name__ == "__main__":
    main()
