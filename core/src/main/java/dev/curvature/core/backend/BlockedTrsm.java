package dev.curvature.core.backend;

/**
 * Triangular solves with many right-hand sides (BLAS trsm) in blocks of {@link #NB}: each diagonal
 * block is solved by row operations on B (simple loops over B's rows, which the JIT vectorizes),
 * and the rest of B is updated by one GEMM per block, where nearly all the work lies.
 *
 * <p>Left solves op(A)·X = α·B walk the blocks forwards when the effective matrix op(A) is lower
 * triangular and backwards when it is upper. Right solves X·op(A) = α·B are left solves of the
 * transposed system op(A)ᵀ·Xᵀ = α·Bᵀ, applied to transposed panels of {@link #PANEL} rows of B
 * (rows of X are independent).
 */
final class BlockedTrsm {
    /** Rows of a diagonal block. */
    static final int NB = 128;
    /** Rows of B transposed at a time by right solves. */
    static final int PANEL = 256;

    private BlockedTrsm() {}

    static void trsm(int threads, boolean left, boolean lower, boolean transA, boolean unit, int m, int n,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb) {
        if (m == 0 || n == 0) {
            return;
        }
        if (left) {
            solveLeft(threads, lower, transA, unit, m, n, alpha, a, aOff, lda, b, bOff, ldb);
            return;
        }
        for (int r0 = 0; r0 < m; r0 += PANEL) {
            int rows = Math.min(PANEL, m - r0);
            float[] t = PackBuffers.local().floatSolve(n * rows);
            transpose(rows, n, b, bOff + r0 * ldb, ldb, t, 0, rows);
            solveLeft(threads, lower, !transA, unit, n, rows, alpha, a, aOff, lda, t, 0, rows);
            transpose(n, rows, t, 0, rows, b, bOff + r0 * ldb, ldb);
        }
    }

    /** op(A)·X = α·B for an m×m op(A), X overwriting the m×n B. */
    private static void solveLeft(int threads, boolean lower, boolean transA, boolean unit, int m, int n, float alpha,
                                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb) {
        GemmF32.scale(alpha, b, bOff, ldb, 0, m, 0, n);
        if (alpha == 0f) {
            return;
        }
        // op(A)(i, j) = a[aOff + i·rowStep + j·colStep]; op(A) is lower triangular iff lower != transA.
        int rowStep = transA ? 1 : lda;
        int colStep = transA ? lda : 1;
        if (lower != transA) {
            for (int i0 = 0; i0 < m; i0 += NB) {
                int nb = Math.min(NB, m - i0);
                for (int i = i0; i < i0 + nb; i++) {
                    int bi = bOff + i * ldb;
                    for (int j = i0; j < i; j++) {
                        axpy(n, -a[aOff + i * rowStep + j * colStep], b, bOff + j * ldb, b, bi);
                    }
                    divide(n, unit ? 1f : a[aOff + i * (rowStep + colStep)], b, bi);
                }
                int below = m - i0 - nb;
                if (below > 0) {
                    // B[i0+nb :, :] -= op(A)[i0+nb :, i0 : i0+nb] · X[i0 : i0+nb, :]
                    JavaBlas.gemm(threads, transA, false, below, n, nb, -1f, a,
                            aOff + (i0 + nb) * rowStep + i0 * colStep, lda, b, bOff + i0 * ldb, ldb, 1f, b,
                            bOff + (i0 + nb) * ldb, ldb);
                }
            }
        } else {
            for (int i0 = (m - 1) / NB * NB; i0 >= 0; i0 -= NB) {
                int nb = Math.min(NB, m - i0);
                for (int i = i0 + nb - 1; i >= i0; i--) {
                    int bi = bOff + i * ldb;
                    for (int j = i + 1; j < i0 + nb; j++) {
                        axpy(n, -a[aOff + i * rowStep + j * colStep], b, bOff + j * ldb, b, bi);
                    }
                    divide(n, unit ? 1f : a[aOff + i * (rowStep + colStep)], b, bi);
                }
                if (i0 > 0) {
                    // B[: i0, :] -= op(A)[: i0, i0 : i0+nb] · X[i0 : i0+nb, :]
                    JavaBlas.gemm(threads, transA, false, i0, n, nb, -1f, a, aOff + i0 * colStep, lda, b,
                            bOff + i0 * ldb, ldb, 1f, b, bOff, ldb);
                }
            }
        }
    }

    /** y[yi ..] += s·x[xi ..] over n elements. */
    private static void axpy(int n, float s, float[] x, int xi, float[] y, int yi) {
        if (s == 0f) {
            return;
        }
        for (int q = 0; q < n; q++) {
            y[yi + q] += s * x[xi + q];
        }
    }

    private static void divide(int n, float d, float[] y, int yi) {
        if (d == 1f) {
            return;
        }
        for (int q = 0; q < n; q++) {
            y[yi + q] /= d;
        }
    }

    /** dst (cols×rows) ← srcᵀ for a rows×cols src. */
    private static void transpose(int rows, int cols, float[] src, int sOff, int lds, float[] dst, int dOff,
                                  int ldd) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                dst[dOff + j * ldd + i] = src[sOff + i * lds + j];
            }
        }
    }

    static void trsm(int threads, boolean left, boolean lower, boolean transA, boolean unit, int m, int n,
                     double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
        if (m == 0 || n == 0) {
            return;
        }
        if (left) {
            solveLeft(threads, lower, transA, unit, m, n, alpha, a, aOff, lda, b, bOff, ldb);
            return;
        }
        for (int r0 = 0; r0 < m; r0 += PANEL) {
            int rows = Math.min(PANEL, m - r0);
            double[] t = PackBuffers.local().doubleSolve(n * rows);
            transpose(rows, n, b, bOff + r0 * ldb, ldb, t, 0, rows);
            solveLeft(threads, lower, !transA, unit, n, rows, alpha, a, aOff, lda, t, 0, rows);
            transpose(n, rows, t, 0, rows, b, bOff + r0 * ldb, ldb);
        }
    }

    private static void solveLeft(int threads, boolean lower, boolean transA, boolean unit, int m, int n,
                                  double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
        GemmF64.scale(alpha, b, bOff, ldb, 0, m, 0, n);
        if (alpha == 0.0) {
            return;
        }
        int rowStep = transA ? 1 : lda;
        int colStep = transA ? lda : 1;
        if (lower != transA) {
            for (int i0 = 0; i0 < m; i0 += NB) {
                int nb = Math.min(NB, m - i0);
                for (int i = i0; i < i0 + nb; i++) {
                    int bi = bOff + i * ldb;
                    for (int j = i0; j < i; j++) {
                        axpy(n, -a[aOff + i * rowStep + j * colStep], b, bOff + j * ldb, b, bi);
                    }
                    divide(n, unit ? 1.0 : a[aOff + i * (rowStep + colStep)], b, bi);
                }
                int below = m - i0 - nb;
                if (below > 0) {
                    JavaBlas.gemm(threads, transA, false, below, n, nb, -1.0, a,
                            aOff + (i0 + nb) * rowStep + i0 * colStep, lda, b, bOff + i0 * ldb, ldb, 1.0, b,
                            bOff + (i0 + nb) * ldb, ldb);
                }
            }
        } else {
            for (int i0 = (m - 1) / NB * NB; i0 >= 0; i0 -= NB) {
                int nb = Math.min(NB, m - i0);
                for (int i = i0 + nb - 1; i >= i0; i--) {
                    int bi = bOff + i * ldb;
                    for (int j = i + 1; j < i0 + nb; j++) {
                        axpy(n, -a[aOff + i * rowStep + j * colStep], b, bOff + j * ldb, b, bi);
                    }
                    divide(n, unit ? 1.0 : a[aOff + i * (rowStep + colStep)], b, bi);
                }
                if (i0 > 0) {
                    JavaBlas.gemm(threads, transA, false, i0, n, nb, -1.0, a, aOff + i0 * colStep, lda, b,
                            bOff + i0 * ldb, ldb, 1.0, b, bOff, ldb);
                }
            }
        }
    }

    private static void axpy(int n, double s, double[] x, int xi, double[] y, int yi) {
        if (s == 0.0) {
            return;
        }
        for (int q = 0; q < n; q++) {
            y[yi + q] += s * x[xi + q];
        }
    }

    private static void divide(int n, double d, double[] y, int yi) {
        if (d == 1.0) {
            return;
        }
        for (int q = 0; q < n; q++) {
            y[yi + q] /= d;
        }
    }

    private static void transpose(int rows, int cols, double[] src, int sOff, int lds, double[] dst, int dOff,
                                  int ldd) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                dst[dOff + j * ldd + i] = src[sOff + i * lds + j];
            }
        }
    }
}
