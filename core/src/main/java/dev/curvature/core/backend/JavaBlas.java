package dev.curvature.core.backend;

import jdk.incubator.vector.FloatVector;

/**
 * BLAS-3 kernels in pure Java on row-major data (see {@link Backend} for the conventions). GEMM and
 * SYRK run on the blocked, packed Vector API kernels of {@link BlockedGemm} (small products on
 * {@link SmallGemm}), TRSM on {@link BlockedTrsm}; {@code threads} bounds the threads a call may use.
 */
final class JavaBlas {
    /**
     * Multiply-adds up to which GEMM skips packing ({@link SmallGemm}); measured crossovers of the
     * two paths with 512-bit vectors, one thread: between 48³ and 64³ (float), 32³ and 48³ (double).
     */
    static final long SMALL_WORK_F32 = 48L * 48 * 48;
    static final long SMALL_WORK_F64 = 40L * 40 * 40;

    private JavaBlas() {}

    static String vectorDescription() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors";
    }

    static void gemm(int threads, boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
                     int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            GemmF32.scale(beta, c, cOff, ldc, 0, m, 0, n);
            return;
        }
        if ((long) m * n * k <= SMALL_WORK_F32) {
            SmallGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            new GemmF32(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, false)
                    .run(threads);
        }
    }

    static void gemm(int threads, boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
                     int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0.0) {
            GemmF64.scale(beta, c, cOff, ldc, 0, m, 0, n);
            return;
        }
        if ((long) m * n * k <= SMALL_WORK_F64) {
            SmallGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            new GemmF64(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, false)
                    .run(threads);
        }
    }

    /**
     * SYRK as a GEMM of op(A) with op(A)ᵀ restricted to the tiles touching the upper triangle (small
     * products compute all of C unpacked instead), then mirrored.
     */
    static void syrk(int threads, boolean trans, int n, int k, float alpha, float[] a, int aOff, int lda, float beta,
                     float[] c, int cOff, int ldc) {
        if (n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            GemmF32.scale(beta, c, cOff, ldc, 0, n, 0, n);
        } else if ((long) n * n * k <= SMALL_WORK_F32) {
            SmallGemm.gemm(trans, !trans, n, n, k, alpha, a, aOff, lda, a, aOff, lda, beta, c, cOff, ldc);
        } else {
            new GemmF32(trans, !trans, n, n, k, alpha, a, aOff, lda, a, aOff, lda, beta, c, cOff, ldc, true)
                    .run(threads);
        }
        // The lower triangle is rebuilt from the upper, as BLAS SYRK reads only the upper triangle of C.
        mirrorUpper(n, c, cOff, ldc);
    }

    /** Float64 {@link #syrk(int, boolean, int, int, float, float[], int, int, float, float[], int, int)}. */
    static void syrk(int threads, boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double beta, double[] c, int cOff, int ldc) {
        if (n == 0) {
            return;
        }
        if (k == 0 || alpha == 0.0) {
            GemmF64.scale(beta, c, cOff, ldc, 0, n, 0, n);
        } else if ((long) n * n * k <= SMALL_WORK_F64) {
            SmallGemm.gemm(trans, !trans, n, n, k, alpha, a, aOff, lda, a, aOff, lda, beta, c, cOff, ldc);
        } else {
            new GemmF64(trans, !trans, n, n, k, alpha, a, aOff, lda, a, aOff, lda, beta, c, cOff, ldc, true)
                    .run(threads);
        }
        // The lower triangle is rebuilt from the upper, as BLAS SYRK reads only the upper triangle of C.
        mirrorUpper(n, c, cOff, ldc);
    }

    /**
     * C(i, j) ← C(j, i) over the strict lower triangle, visited in square blocks so the transposed
     * reads stay in cache. (Loops per dtype rather than one loop over a capturing lambda, which
     * would be allocated per call when the JIT does not inline this method.)
     */
    static void mirrorUpper(int n, float[] c, int cOff, int ldc) {
        final int block = 64;
        for (int i0 = 0; i0 < n; i0 += block) {
            int i1 = Math.min(n, i0 + block);
            for (int j0 = 0; j0 <= i0; j0 += block) {
                for (int i = i0; i < i1; i++) {
                    int j1 = Math.min(i, j0 + block);
                    for (int j = j0; j < j1; j++) {
                        c[cOff + i * ldc + j] = c[cOff + j * ldc + i];
                    }
                }
            }
        }
    }

    /** Float64 {@link #mirrorUpper(int, float[], int, int)}. */
    static void mirrorUpper(int n, double[] c, int cOff, int ldc) {
        final int block = 64;
        for (int i0 = 0; i0 < n; i0 += block) {
            int i1 = Math.min(n, i0 + block);
            for (int j0 = 0; j0 <= i0; j0 += block) {
                for (int i = i0; i < i1; i++) {
                    int j1 = Math.min(i, j0 + block);
                    for (int j = j0; j < j1; j++) {
                        c[cOff + i * ldc + j] = c[cOff + j * ldc + i];
                    }
                }
            }
        }
    }

    /** Blocked TRSM ({@link BlockedTrsm}); its GEMM updates use the Java backend's threads. */
    static void trsm(boolean left, boolean lower, boolean transA, boolean unitDiagonal, int m, int n, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb) {
        BlockedTrsm.trsm(JavaBackend.instance().threads(), left, lower, transA, unitDiagonal, m, n, alpha, a, aOff,
                lda, b, bOff, ldb);
    }

    /** Float64 {@link #trsm(boolean, boolean, boolean, boolean, int, int, float, float[], int, int, float[], int, int)}. */
    static void trsm(boolean left, boolean lower, boolean transA, boolean unitDiagonal, int m, int n, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
        BlockedTrsm.trsm(JavaBackend.instance().threads(), left, lower, transA, unitDiagonal, m, n, alpha, a, aOff,
                lda, b, bOff, ldb);
    }
}
