package dev.curvature.core.backend;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 packing and micro-kernel for {@link BlockedGemm}. The micro-kernel keeps an 8×(2·lanes)
 * tile of C in 16 vector registers (8×16 with AVX-512) and per depth step loads two vectors of
 * packed op(B), broadcasts eight elements of packed α·op(A) and issues 16 fused multiply-adds.
 */
final class GemmF64 extends BlockedGemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns of a micro-tile. */
    static final int NR = 2 * L;

    private final double alpha;
    private final double beta;
    private final double[] a;
    private final double[] b;
    private final double[] c;

    GemmF64(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc, boolean upperOnly) {
        super(transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc, upperOnly, NR);
        this.alpha = alpha;
        this.beta = beta;
        this.a = a;
        this.b = b;
        this.c = c;
    }

    /** C[i0 : i1, j0 : j1] ← β·C; β = 0 writes zeros whatever C held, β = 1 leaves C untouched. */
    static void scale(double beta, double[] c, int cOff, int ldc, int i0, int i1, int j0, int j1) {
        if (beta == 1.0) {
            return;
        }
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0.0) {
                Arrays.fill(c, ci + j0, ci + j1, 0.0);
            } else {
                for (int j = j0; j < j1; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
    }

    @Override
    void scaleC(int i0, int i1, int j0, int j1) {
        scale(beta, c, cOff, ldc, i0, i1, j0, j1);
    }

    @Override
    Panels newPanels(int maxCols) {
        return new F64Panels(PackBuffers.local(), maxCols);
    }

    private final class F64Panels extends Panels {
        private final double[] packedA;
        private final double[] packedB;
        private final double[] tile;

        F64Panels(PackBuffers buffers, int maxCols) {
            packedA = buffers.doubleA(MC * Math.min(KC, k));
            packedB = buffers.doubleB(ceilDiv(maxCols, NR) * NR * Math.min(KC, k));
            tile = buffers.doubleTile(MR * NR);
        }

        @Override
        void packA(int i0, int mc, int p0, int kc) {
            double[] dst = packedA;
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int base = ir * kc;
                if (transA) {
                    for (int p = 0; p < kc; p++) {
                        int src = aOff + (p0 + p) * lda + i0 + ir;
                        int d = base + p * MR;
                        for (int r = 0; r < rows; r++) {
                            dst[d + r] = alpha * a[src + r];
                        }
                    }
                } else {
                    for (int r = 0; r < rows; r++) {
                        int src = aOff + (i0 + ir + r) * lda + p0;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * MR + r] = alpha * a[src + p];
                        }
                    }
                }
                for (int r = rows; r < MR; r++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * MR + r] = 0.0;
                    }
                }
            }
        }

        @Override
        void packB(int p0, int kc, int j0, int nc) {
            double[] dst = packedB;
            for (int jr = 0; jr < nc; jr += NR) {
                int cols = Math.min(NR, nc - jr);
                int base = jr * kc;
                if (transB) {
                    for (int j = 0; j < cols; j++) {
                        int src = bOff + (j0 + jr + j) * ldb + p0;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * NR + j] = b[src + p];
                        }
                    }
                } else if (cols == NR) {
                    for (int p = 0; p < kc; p++) {
                        int src = bOff + (p0 + p) * ldb + j0 + jr;
                        int d = base + p * NR;
                        DoubleVector.fromArray(S, b, src).intoArray(dst, d);
                        DoubleVector.fromArray(S, b, src + L).intoArray(dst, d + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(b, bOff + (p0 + p) * ldb + j0 + jr, dst, base + p * NR, cols);
                    }
                }
                if (cols < NR) {
                    for (int p = 0; p < kc; p++) {
                        int d = base + p * NR;
                        for (int j = cols; j < NR; j++) {
                            dst[d + j] = 0.0;
                        }
                    }
                }
            }
        }

        @Override
        void tile(int ir, int jr, int kc, int i, int j, int rows, int cols) {
            if (rows == MR && cols == NR) {
                kernel(kc, packedA, ir * kc, packedB, jr * kc, c, cOff + i * ldc + j, ldc);
                return;
            }
            // Edge tile: the full micro-kernel on a zeroed scratch tile, then only its valid part into C.
            Arrays.fill(tile, 0, MR * NR, 0.0);
            kernel(kc, packedA, ir * kc, packedB, jr * kc, tile, 0, NR);
            for (int r = 0; r < rows; r++) {
                int ci = cOff + (i + r) * ldc + j;
                for (int q = 0; q < cols; q++) {
                    c[ci + q] += tile[r * NR + q];
                }
            }
        }
    }

    /**
     * out[oi + r·ldo + q] += Σₚ pa[ia + p·MR + r]·pb[ib + p·NR + q] over the full MR×NR tile. The
     * tile is loaded once, accumulated in 16 registers and stored once.
     */
    private static void kernel(int kc, double[] pa, int ia, double[] pb, int ib, double[] out, int oi, int ldo) {
        int o1 = oi + ldo;
        int o2 = o1 + ldo;
        int o3 = o2 + ldo;
        int o4 = o3 + ldo;
        int o5 = o4 + ldo;
        int o6 = o5 + ldo;
        int o7 = o6 + ldo;
        DoubleVector c00 = DoubleVector.fromArray(S, out, oi);
        DoubleVector c01 = DoubleVector.fromArray(S, out, oi + L);
        DoubleVector c10 = DoubleVector.fromArray(S, out, o1);
        DoubleVector c11 = DoubleVector.fromArray(S, out, o1 + L);
        DoubleVector c20 = DoubleVector.fromArray(S, out, o2);
        DoubleVector c21 = DoubleVector.fromArray(S, out, o2 + L);
        DoubleVector c30 = DoubleVector.fromArray(S, out, o3);
        DoubleVector c31 = DoubleVector.fromArray(S, out, o3 + L);
        DoubleVector c40 = DoubleVector.fromArray(S, out, o4);
        DoubleVector c41 = DoubleVector.fromArray(S, out, o4 + L);
        DoubleVector c50 = DoubleVector.fromArray(S, out, o5);
        DoubleVector c51 = DoubleVector.fromArray(S, out, o5 + L);
        DoubleVector c60 = DoubleVector.fromArray(S, out, o6);
        DoubleVector c61 = DoubleVector.fromArray(S, out, o6 + L);
        DoubleVector c70 = DoubleVector.fromArray(S, out, o7);
        DoubleVector c71 = DoubleVector.fromArray(S, out, o7 + L);
        for (int p = 0; p < kc; p++) {
            int bi = ib + p * NR;
            int ai = ia + p * MR;
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, bi + L);
            DoubleVector x = DoubleVector.broadcast(S, pa[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, pa[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, pa[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, pa[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, pa[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, pa[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = DoubleVector.broadcast(S, pa[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = DoubleVector.broadcast(S, pa[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(out, oi);
        c01.intoArray(out, oi + L);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L);
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L);
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L);
        c40.intoArray(out, o4);
        c41.intoArray(out, o4 + L);
        c50.intoArray(out, o5);
        c51.intoArray(out, o5 + L);
        c60.intoArray(out, o6);
        c61.intoArray(out, o6 + L);
        c70.intoArray(out, o7);
        c71.intoArray(out, o7 + L);
    }
}
