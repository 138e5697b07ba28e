"""Writes the polar-factor fixtures read by ExactPolarFixtureTest. Run once from this directory:

    python3 make_polar_fixtures.py     (numpy 2.4.6 wrote the committed files)

For each shape (all with min(m, n) above ExactPolar's Jacobi limit of 32, so the library takes its
LAPACK path): a Gaussian input G from a seeded numpy generator, numpy's polar factor U·Vᵀ from
np.linalg.svd(G, full_matrices=False) computed in float64, and G's singular values (which set the
test's tolerance through the condition number). float32 inputs are rounded to float32 first and
their polar factor is computed from the rounded values in float64. The files are committed; the
tests do not need Python.
"""
import numpy as np

CASES = [("f8", 40, 36), ("f8", 64, 64), ("f8", 48, 96), ("f4", 96, 48), ("f4", 36, 40)]

rng = np.random.default_rng(20)
for dtype, m, n in CASES:
    g = rng.standard_normal((m, n))
    if dtype == "f4":
        g = g.astype("<f4")
    u, s, vt = np.linalg.svd(g.astype(np.float64), full_matrices=False)
    stem = f"{dtype}_{m}x{n}"
    np.save(f"{stem}_g.npy", g)
    np.save(f"{stem}_polar.npy", u @ vt)
    np.save(f"{stem}_sigma.npy", s)
