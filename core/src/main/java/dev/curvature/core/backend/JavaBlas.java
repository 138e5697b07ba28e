package dev.curvature.core.backend;

import jdk.incubator.vector.FloatVector;

/**
 * BLAS-3 kernels in pure Java on row-major data (see {@link Backend} for the conventions).
 * Straightforward loop orders; the blocked Vector API kernels replace these.
 */
final class JavaBlas {
    private JavaBlas() {}

    static String vectorDescription() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors";
    }

    static void gemm(int threads, boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
                     int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = beta == 0 ? 0f : beta * c[ci + j];
            }
            for (int p = 0; p < k; p++) {
                float aip = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bOff + j * ldb + p];
                    }
                } else {
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        }
    }

    static void gemm(int threads, boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
                     int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = beta == 0 ? 0.0 : beta * c[ci + j];
            }
            for (int p = 0; p < k; p++) {
                double aip = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bOff + j * ldb + p];
                    }
                } else {
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        }
    }

    static void syrk(int threads, boolean trans, int n, int k, float alpha, float[] a, int aOff, int lda, float beta,
                     float[] c, int cOff, int ldc) {
        gemm(threads, trans, !trans, n, n, k, alpha, a, aOff, lda, a, aOff, lda, beta, c, cOff, ldc);
    }

    static void syrk(int threads, boolean trans, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double beta, double[] c, int cOff, int ldc) {
        gemm(threads, trans, !trans, n, n, k, alpha, a, aOff, lda, a, aOff, lda, beta, c, cOff, ldc);
    }

    static void trsm(boolean left, boolean lower, boolean transA, boolean unitDiagonal, int m, int n, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb) {
        double[] tmp = new double[left ? m : n];
        int len = tmp.length;
        // Each right-hand side is solved in float64 and rounded once.
        for (int r = 0; r < (left ? n : m); r++) {
            for (int i = 0; i < len; i++) {
                tmp[i] = alpha * (left ? b[bOff + i * ldb + r] : b[bOff + r * ldb + i]);
            }
            solveVector(left, lower, transA, unitDiagonal, len, (i, j) -> a[aOff + i * lda + j], tmp);
            for (int i = 0; i < len; i++) {
                if (left) {
                    b[bOff + i * ldb + r] = (float) tmp[i];
                } else {
                    b[bOff + r * ldb + i] = (float) tmp[i];
                }
            }
        }
    }

    static void trsm(boolean left, boolean lower, boolean transA, boolean unitDiagonal, int m, int n, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
        double[] tmp = new double[left ? m : n];
        int len = tmp.length;
        for (int r = 0; r < (left ? n : m); r++) {
            for (int i = 0; i < len; i++) {
                tmp[i] = alpha * (left ? b[bOff + i * ldb + r] : b[bOff + r * ldb + i]);
            }
            solveVector(left, lower, transA, unitDiagonal, len, (i, j) -> a[aOff + i * lda + j], tmp);
            for (int i = 0; i < len; i++) {
                if (left) {
                    b[bOff + i * ldb + r] = tmp[i];
                } else {
                    b[bOff + r * ldb + i] = tmp[i];
                }
            }
        }
    }

    private interface Entry {
        double at(int i, int j);
    }

    /**
     * Solves op(A)·x = t (left) or x·op(A) = t, i.e. op(A)ᵀ·x = t (right), in place. A right solve with
     * op(A) is a left solve with op(A)ᵀ, whose triangle is flipped.
     */
    private static void solveVector(boolean left, boolean lower, boolean transA, boolean unit, int len, Entry a,
                                    double[] t) {
        boolean trans = left ? transA : !transA;
        // Effective matrix T with T(i,j) = trans ? A(j,i) : A(i,j); it is lower iff lower != trans.
        boolean effLower = lower != trans;
        if (effLower) {
            for (int i = 0; i < len; i++) {
                double s = t[i];
                for (int j = 0; j < i; j++) {
                    s -= (trans ? a.at(j, i) : a.at(i, j)) * t[j];
                }
                t[i] = unit ? s : s / a.at(i, i);
            }
        } else {
            for (int i = len - 1; i >= 0; i--) {
                double s = t[i];
                for (int j = i + 1; j < len; j++) {
                    s -= (trans ? a.at(j, i) : a.at(i, j)) * t[j];
                }
                t[i] = unit ? s : s / a.at(i, i);
            }
        }
    }
}
