package dev.curvature.core.backend;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM for products too small to repay packing ({@link JavaBlas#SMALL_WORK_F32} or
 * {@link JavaBlas#SMALL_WORK_F64} multiply-adds or fewer): C is swept in strips of four rows by one vector of columns (the last one masked), each
 * strip accumulated in registers over the whole depth and written once with α and β. op(B) rows
 * are read in place, or from a transposed copy when B is transposed.
 */
final class SmallGemm {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int ROWS = 4;

    private SmallGemm() {}

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (transB) {
            float[] bt = PackBuffers.local().floatB(k * n);
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bt[p * n + j] = b[bOff + j * ldb + p];
                }
            }
            b = bt;
            bOff = 0;
            ldb = n;
        }
        // op(A)(i, p) = a[aOff + i·rowStep + p·depthStep]
        int rowStep = transA ? 1 : lda;
        int depthStep = transA ? lda : 1;
        int lanes = FS.length();
        for (int j = 0; j < n; j += lanes) {
            VectorMask<Float> cols = FS.indexInRange(j, n);
            int i = 0;
            for (; i + ROWS <= m; i += ROWS) {
                FloatVector c0 = FloatVector.zero(FS);
                FloatVector c1 = c0;
                FloatVector c2 = c0;
                FloatVector c3 = c0;
                int ai = aOff + i * rowStep;
                for (int p = 0; p < k; p++) {
                    FloatVector bv = FloatVector.fromArray(FS, b, bOff + p * ldb + j, cols);
                    int ap = ai + p * depthStep;
                    c0 = FloatVector.broadcast(FS, a[ap]).fma(bv, c0);
                    c1 = FloatVector.broadcast(FS, a[ap + rowStep]).fma(bv, c1);
                    c2 = FloatVector.broadcast(FS, a[ap + 2 * rowStep]).fma(bv, c2);
                    c3 = FloatVector.broadcast(FS, a[ap + 3 * rowStep]).fma(bv, c3);
                }
                store(c0, alpha, beta, c, cOff + i * ldc + j, cols);
                store(c1, alpha, beta, c, cOff + (i + 1) * ldc + j, cols);
                store(c2, alpha, beta, c, cOff + (i + 2) * ldc + j, cols);
                store(c3, alpha, beta, c, cOff + (i + 3) * ldc + j, cols);
            }
            for (; i < m; i++) {
                FloatVector c0 = FloatVector.zero(FS);
                int ai = aOff + i * rowStep;
                for (int p = 0; p < k; p++) {
                    FloatVector bv = FloatVector.fromArray(FS, b, bOff + p * ldb + j, cols);
                    c0 = FloatVector.broadcast(FS, a[ai + p * depthStep]).fma(bv, c0);
                }
                store(c0, alpha, beta, c, cOff + i * ldc + j, cols);
            }
        }
    }

    /** C[ci ..] ← α·acc + β·C[ci ..] on the lanes of {@code cols}; β = 0 does not read C. */
    private static void store(FloatVector acc, float alpha, float beta, float[] c, int ci, VectorMask<Float> cols) {
        FloatVector v = acc.mul(alpha);
        if (beta != 0f) {
            v = FloatVector.fromArray(FS, c, ci, cols).fma(FloatVector.broadcast(FS, beta), v);
        }
        v.intoArray(c, ci, cols);
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                     int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (transB) {
            double[] bt = PackBuffers.local().doubleB(k * n);
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bt[p * n + j] = b[bOff + j * ldb + p];
                }
            }
            b = bt;
            bOff = 0;
            ldb = n;
        }
        int rowStep = transA ? 1 : lda;
        int depthStep = transA ? lda : 1;
        int lanes = DS.length();
        for (int j = 0; j < n; j += lanes) {
            VectorMask<Double> cols = DS.indexInRange(j, n);
            int i = 0;
            for (; i + ROWS <= m; i += ROWS) {
                DoubleVector c0 = DoubleVector.zero(DS);
                DoubleVector c1 = c0;
                DoubleVector c2 = c0;
                DoubleVector c3 = c0;
                int ai = aOff + i * rowStep;
                for (int p = 0; p < k; p++) {
                    DoubleVector bv = DoubleVector.fromArray(DS, b, bOff + p * ldb + j, cols);
                    int ap = ai + p * depthStep;
                    c0 = DoubleVector.broadcast(DS, a[ap]).fma(bv, c0);
                    c1 = DoubleVector.broadcast(DS, a[ap + rowStep]).fma(bv, c1);
                    c2 = DoubleVector.broadcast(DS, a[ap + 2 * rowStep]).fma(bv, c2);
                    c3 = DoubleVector.broadcast(DS, a[ap + 3 * rowStep]).fma(bv, c3);
                }
                store(c0, alpha, beta, c, cOff + i * ldc + j, cols);
                store(c1, alpha, beta, c, cOff + (i + 1) * ldc + j, cols);
                store(c2, alpha, beta, c, cOff + (i + 2) * ldc + j, cols);
                store(c3, alpha, beta, c, cOff + (i + 3) * ldc + j, cols);
            }
            for (; i < m; i++) {
                DoubleVector c0 = DoubleVector.zero(DS);
                int ai = aOff + i * rowStep;
                for (int p = 0; p < k; p++) {
                    DoubleVector bv = DoubleVector.fromArray(DS, b, bOff + p * ldb + j, cols);
                    c0 = DoubleVector.broadcast(DS, a[ai + p * depthStep]).fma(bv, c0);
                }
                store(c0, alpha, beta, c, cOff + i * ldc + j, cols);
            }
        }
    }

    private static void store(DoubleVector acc, double alpha, double beta, double[] c, int ci,
                              VectorMask<Double> cols) {
        DoubleVector v = acc.mul(alpha);
        if (beta != 0.0) {
            v = DoubleVector.fromArray(DS, c, ci, cols).fma(DoubleVector.broadcast(DS, beta), v);
        }
        v.intoArray(c, ci, cols);
    }
}
