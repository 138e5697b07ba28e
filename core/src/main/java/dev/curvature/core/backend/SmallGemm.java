package dev.curvature.core.backend;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM for products too small to repay packing ({@link JavaBlas#SMALL_WORK_F32} or
 * {@link JavaBlas#SMALL_WORK_F64} multiply-adds or fewer): C is swept in strips of four rows by one
 * vector of columns (the last one masked), each strip accumulated in registers over the whole depth
 * and written once with α and β. op(B) rows are read in place, or from a transposed copy when B is
 * transposed.
 *
 * <p>Allocation-free by construction: no vector value crosses a method call (the JIT boxes one
 * passed to or returned from a call it does not inline), each kernel is small enough for the JIT's
 * first tier (which otherwise gives up and leaves it unoptimized, running the Vector API's
 * allocating fallback), and no masked access reaches past the end of its array (such an access
 * takes a longer path that bloats the compiled kernel). The last rows of the last strip of B that
 * would are read from a copy, and rows of C that would are finished in scalar code with the same
 * fused multiply-add, so the result is the same bit for bit.
 */
final class SmallGemm {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int ROWS = 4;

    private SmallGemm() {}

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int lanes = FS.length();
        if (transB) {
            // Padded by one vector, so every row of the copy has room for a whole vector.
            float[] bt = PackBuffers.local().floatB(k * n + lanes);
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
        for (int j = 0; j < n; j += lanes) {
            int cols = Math.min(lanes, n - j);
            // Rows p ≥ inB of the last strip have no room for a whole vector before the end of b:
            // they are read from a copy.
            int inB = j + lanes <= n ? k : rowsInRange(b.length - bOff - j - lanes, ldb, k);
            float[] tail = b;
            if (inB < k) {
                tail = PackBuffers.local().floatB((k - inB) * lanes);
                for (int p = inB; p < k; p++) {
                    System.arraycopy(b, bOff + p * ldb + j, tail, (p - inB) * lanes, cols);
                }
            }
            int i = 0;
            for (; i + ROWS <= m; i += ROWS) {
                strip(cols, k, inB, alpha, a, aOff + i * rowStep, rowStep, depthStep, b, bOff + j, ldb, tail, beta,
                        c, cOff + i * ldc + j, ldc);
            }
            for (; i < m; i++) {
                row(cols, k, inB, alpha, a, aOff + i * rowStep, depthStep, b, bOff + j, ldb, tail, beta,
                        c, cOff + i * ldc + j);
            }
        }
    }

    /**
     * Four rows of C by {@code cols} ≤ one vector of columns: rows p &lt; inB of op(B) from b, the
     * rest from {@code tail} (row p at (p − inB)·lanes).
     */
    private static void strip(int cols, int k, int inB, float alpha, float[] a, int ai, int rowStep, int depthStep,
                              float[] b, int bo, int ldb, float[] tail, float beta, float[] c, int ci, int ldc) {
        int lanes = FS.length();
        VectorMask<Float> mask = FS.indexInRange(0, cols);
        FloatVector c0 = FloatVector.zero(FS);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        // One loop over both sources (rows p < inB of b, then the tail copy), which keeps the kernel
        // small enough for the first compiler tier.
        float[] src = b;
        int base = bo;
        int ld = ldb;
        int end = inB;
        for (int p = 0; ; ) {
            for (; p < end; p++) {
                FloatVector bv = FloatVector.fromArray(FS, src, base + p * ld, mask);
                int ap = ai + p * depthStep;
                c0 = FloatVector.broadcast(FS, a[ap]).fma(bv, c0);
                c1 = FloatVector.broadcast(FS, a[ap + rowStep]).fma(bv, c1);
                c2 = FloatVector.broadcast(FS, a[ap + 2 * rowStep]).fma(bv, c2);
                c3 = FloatVector.broadcast(FS, a[ap + 3 * rowStep]).fma(bv, c3);
            }
            if (end == k) {
                break;
            }
            src = tail;
            base = -inB * lanes;
            ld = lanes;
            end = k;
        }
        // C ← α·acc + β·C (β = 0 does not read C)
        c0 = c0.mul(alpha);
        c1 = c1.mul(alpha);
        c2 = c2.mul(alpha);
        c3 = c3.mul(alpha);
        if (ci + 3 * ldc + lanes <= c.length) {
            if (beta != 0f) {
                FloatVector bb = FloatVector.broadcast(FS, beta);
                c0 = FloatVector.fromArray(FS, c, ci, mask).fma(bb, c0);
                c1 = FloatVector.fromArray(FS, c, ci + ldc, mask).fma(bb, c1);
                c2 = FloatVector.fromArray(FS, c, ci + 2 * ldc, mask).fma(bb, c2);
                c3 = FloatVector.fromArray(FS, c, ci + 3 * ldc, mask).fma(bb, c3);
            }
            c0.intoArray(c, ci, mask);
            c1.intoArray(c, ci + ldc, mask);
            c2.intoArray(c, ci + 2 * ldc, mask);
            c3.intoArray(c, ci + 3 * ldc, mask);
        } else {
            float[] tile = PackBuffers.local().floatTile(ROWS * lanes);
            c0.intoArray(tile, 0);
            c1.intoArray(tile, lanes);
            c2.intoArray(tile, 2 * lanes);
            c3.intoArray(tile, 3 * lanes);
            finish(tile, lanes, ROWS, beta, c, ci, ldc, cols);
        }
    }

    /** One row of C by {@code cols} ≤ one vector of columns (see {@link #strip}). */
    private static void row(int cols, int k, int inB, float alpha, float[] a, int ai, int depthStep, float[] b,
                            int bo, int ldb, float[] tail, float beta, float[] c, int ci) {
        int lanes = FS.length();
        VectorMask<Float> mask = FS.indexInRange(0, cols);
        FloatVector c0 = FloatVector.zero(FS);
        float[] src = b;
        int base = bo;
        int ld = ldb;
        int end = inB;
        for (int p = 0; ; ) {
            for (; p < end; p++) {
                FloatVector bv = FloatVector.fromArray(FS, src, base + p * ld, mask);
                c0 = FloatVector.broadcast(FS, a[ai + p * depthStep]).fma(bv, c0);
            }
            if (end == k) {
                break;
            }
            src = tail;
            base = -inB * lanes;
            ld = lanes;
            end = k;
        }
        c0 = c0.mul(alpha);
        if (ci + lanes <= c.length) {
            if (beta != 0f) {
                c0 = FloatVector.fromArray(FS, c, ci, mask).fma(FloatVector.broadcast(FS, beta), c0);
            }
            c0.intoArray(c, ci, mask);
        } else {
            float[] tile = PackBuffers.local().floatTile(lanes);
            c0.intoArray(tile, 0);
            finish(tile, lanes, 1, beta, c, ci, 0, cols);
        }
    }

    /** C[ci + r·ldc + t] ← tile[r·stride + t] + β·C (fused like the vector path) for t &lt; count; β = 0 reads no C. */
    private static void finish(float[] tile, int stride, int rows, float beta, float[] c, int ci, int ldc,
                               int count) {
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < count; t++) {
                float v = tile[r * stride + t];
                int o = ci + r * ldc + t;
                c[o] = beta != 0f ? Math.fma(c[o], beta, v) : v;
            }
        }
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        int lanes = DS.length();
        if (transB) {
            // Padded by one vector, so every row of the copy has room for a whole vector.
            double[] bt = PackBuffers.local().doubleB(k * n + lanes);
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
        for (int j = 0; j < n; j += lanes) {
            int cols = Math.min(lanes, n - j);
            // Rows p ≥ inB of the last strip have no room for a whole vector before the end of b:
            // they are read from a copy.
            int inB = j + lanes <= n ? k : rowsInRange(b.length - bOff - j - lanes, ldb, k);
            double[] tail = b;
            if (inB < k) {
                tail = PackBuffers.local().doubleB((k - inB) * lanes);
                for (int p = inB; p < k; p++) {
                    System.arraycopy(b, bOff + p * ldb + j, tail, (p - inB) * lanes, cols);
                }
            }
            int i = 0;
            for (; i + ROWS <= m; i += ROWS) {
                strip(cols, k, inB, alpha, a, aOff + i * rowStep, rowStep, depthStep, b, bOff + j, ldb, tail, beta,
                        c, cOff + i * ldc + j, ldc);
            }
            for (; i < m; i++) {
                row(cols, k, inB, alpha, a, aOff + i * rowStep, depthStep, b, bOff + j, ldb, tail, beta,
                        c, cOff + i * ldc + j);
            }
        }
    }

    /**
     * Four rows of C by {@code cols} ≤ one vector of columns: rows p &lt; inB of op(B) from b, the
     * rest from {@code tail} (row p at (p − inB)·lanes).
     */
    private static void strip(int cols, int k, int inB, double alpha, double[] a, int ai, int rowStep, int depthStep,
                              double[] b, int bo, int ldb, double[] tail, double beta, double[] c, int ci, int ldc) {
        int lanes = DS.length();
        VectorMask<Double> mask = DS.indexInRange(0, cols);
        DoubleVector c0 = DoubleVector.zero(DS);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        // One loop over both sources (rows p < inB of b, then the tail copy), which keeps the kernel
        // small enough for the first compiler tier.
        double[] src = b;
        int base = bo;
        int ld = ldb;
        int end = inB;
        for (int p = 0; ; ) {
            for (; p < end; p++) {
                DoubleVector bv = DoubleVector.fromArray(DS, src, base + p * ld, mask);
                int ap = ai + p * depthStep;
                c0 = DoubleVector.broadcast(DS, a[ap]).fma(bv, c0);
                c1 = DoubleVector.broadcast(DS, a[ap + rowStep]).fma(bv, c1);
                c2 = DoubleVector.broadcast(DS, a[ap + 2 * rowStep]).fma(bv, c2);
                c3 = DoubleVector.broadcast(DS, a[ap + 3 * rowStep]).fma(bv, c3);
            }
            if (end == k) {
                break;
            }
            src = tail;
            base = -inB * lanes;
            ld = lanes;
            end = k;
        }
        // C ← α·acc + β·C (β = 0 does not read C)
        c0 = c0.mul(alpha);
        c1 = c1.mul(alpha);
        c2 = c2.mul(alpha);
        c3 = c3.mul(alpha);
        if (ci + 3 * ldc + lanes <= c.length) {
            if (beta != 0.0) {
                DoubleVector bb = DoubleVector.broadcast(DS, beta);
                c0 = DoubleVector.fromArray(DS, c, ci, mask).fma(bb, c0);
                c1 = DoubleVector.fromArray(DS, c, ci + ldc, mask).fma(bb, c1);
                c2 = DoubleVector.fromArray(DS, c, ci + 2 * ldc, mask).fma(bb, c2);
                c3 = DoubleVector.fromArray(DS, c, ci + 3 * ldc, mask).fma(bb, c3);
            }
            c0.intoArray(c, ci, mask);
            c1.intoArray(c, ci + ldc, mask);
            c2.intoArray(c, ci + 2 * ldc, mask);
            c3.intoArray(c, ci + 3 * ldc, mask);
        } else {
            double[] tile = PackBuffers.local().doubleTile(ROWS * lanes);
            c0.intoArray(tile, 0);
            c1.intoArray(tile, lanes);
            c2.intoArray(tile, 2 * lanes);
            c3.intoArray(tile, 3 * lanes);
            finish(tile, lanes, ROWS, beta, c, ci, ldc, cols);
        }
    }

    /** One row of C by {@code cols} ≤ one vector of columns (see {@link #strip}). */
    private static void row(int cols, int k, int inB, double alpha, double[] a, int ai, int depthStep, double[] b,
                            int bo, int ldb, double[] tail, double beta, double[] c, int ci) {
        int lanes = DS.length();
        VectorMask<Double> mask = DS.indexInRange(0, cols);
        DoubleVector c0 = DoubleVector.zero(DS);
        double[] src = b;
        int base = bo;
        int ld = ldb;
        int end = inB;
        for (int p = 0; ; ) {
            for (; p < end; p++) {
                DoubleVector bv = DoubleVector.fromArray(DS, src, base + p * ld, mask);
                c0 = DoubleVector.broadcast(DS, a[ai + p * depthStep]).fma(bv, c0);
            }
            if (end == k) {
                break;
            }
            src = tail;
            base = -inB * lanes;
            ld = lanes;
            end = k;
        }
        c0 = c0.mul(alpha);
        if (ci + lanes <= c.length) {
            if (beta != 0.0) {
                c0 = DoubleVector.fromArray(DS, c, ci, mask).fma(DoubleVector.broadcast(DS, beta), c0);
            }
            c0.intoArray(c, ci, mask);
        } else {
            double[] tile = PackBuffers.local().doubleTile(lanes);
            c0.intoArray(tile, 0);
            finish(tile, lanes, 1, beta, c, ci, 0, cols);
        }
    }

    /** C[ci + r·ldc + t] ← tile[r·stride + t] + β·C (fused like the vector path) for t &lt; count; β = 0 reads no C. */
    private static void finish(double[] tile, int stride, int rows, double beta, double[] c, int ci, int ldc,
                               int count) {
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < count; t++) {
                double v = tile[r * stride + t];
                int o = ci + r * ldc + t;
                c[o] = beta != 0.0 ? Math.fma(c[o], beta, v) : v;
            }
        }
    }

    /**
     * How many rows p &lt; k, starting at 0, have room for a whole vector: those with
     * p·ld ≤ {@code room} (the elements left after row 0's vector).
     */
    private static int rowsInRange(int room, int ld, int k) {
        if (room < 0) {
            return 0;
        }
        return ld == 0 ? k : (int) Math.min(k, (long) room / ld + 1);
    }
}
