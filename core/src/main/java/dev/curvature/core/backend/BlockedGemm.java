package dev.curvature.core.backend;

/**
 * One call of C ← α·op(A)·op(B) + β·C on the Goto/BLIS blocking scheme, shared by the float and
 * double kernels ({@link GemmF32}, {@link GemmF64}), which supply the packing routines and the
 * register-blocked micro-kernel.
 *
 * <p>C is first scaled by β, so everything after only accumulates. Then the loop nest: column
 * panels of C of width {@link #NC}; depth blocks of {@link #KC}, for which op(B) is packed into
 * micro-panels of {@code nr} columns; row blocks of {@link #MC}, for which α·op(A) is packed into
 * micro-panels of {@link #MR} rows; then one micro-kernel call per MR×nr tile of C, which loads
 * the tile, accumulates into it in registers and stores it back. The packing absorbs transposes,
 * offsets and leading dimensions, so the micro-kernel always reads unit-stride panels; the packed
 * op(A) block stays in L2 and one op(B) micro-panel in L1 while the micro-kernel sweeps over them.
 *
 * <p>In {@code upperOnly} mode (SYRK) only tiles that touch the upper triangle of C (i ≤ j) are
 * computed; tiles straddling the diagonal are computed whole.
 *
 * <p>Parallel calls split C into one slab per thread (rows for square or tall C, columns for wide
 * C, triangle-balanced columns for SYRK); every thread packs its own panels.
 */
abstract sealed class BlockedGemm permits GemmF32, GemmF64 {
    /** Rows of a micro-tile. */
    static final int MR = 8;
    /** Depth of a packed block: a 256-deep op(B) micro-panel is 32 KiB with 512-bit vectors, fitting L1. */
    static final int KC = 256;
    /** Rows of a packed op(A) block, a multiple of MR: 128×256 elements (128 or 256 KiB) sit in L2. */
    static final int MC = 128;
    /** Columns of a packed op(B) panel; a multiple of every micro-tile width. */
    static final int NC = 4096;
    /**
     * Multiply-adds below which a call stays on one thread. Measured with two threads on warm
     * workers: no gain up to 80³ (float) and 128³ (double), 1.3× (float) at 128³.
     */
    static final long PARALLEL_MIN_WORK = 128L * 128 * 128;

    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final int aOff;
    final int lda;
    final int bOff;
    final int ldb;
    final int cOff;
    final int ldc;
    final boolean upperOnly;
    /** Columns of a micro-tile (two vectors). */
    final int nr;

    BlockedGemm(boolean transA, boolean transB, int m, int n, int k, int aOff, int lda, int bOff, int ldb,
                int cOff, int ldc, boolean upperOnly, int nr) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.aOff = aOff;
        this.lda = lda;
        this.bOff = bOff;
        this.ldb = ldb;
        this.cOff = cOff;
        this.ldc = ldc;
        this.upperOnly = upperOnly;
        this.nr = nr;
    }

    /** One thread's packed panels of op(A) and op(B) and the micro-kernel over them. */
    abstract static class Panels {
        /** Packs α·op(A)[i0 : i0+mc, p0 : p0+kc] into MR-row micro-panels, zero-padding the last one. */
        abstract void packA(int i0, int mc, int p0, int kc);

        /** Packs op(B)[p0 : p0+kc, j0 : j0+nc] into nr-column micro-panels, zero-padding the last one. */
        abstract void packB(int p0, int kc, int j0, int nc);

        /**
         * Adds the product of the packed A micro-panel at row {@code ir} of the block and the packed B
         * micro-panel at column {@code jr} of the panel to the {@code rows}×{@code cols} tile of C at (i, j).
         */
        abstract void tile(int ir, int jr, int kc, int i, int j, int rows, int cols);
    }

    /** C[i0 : i1, j0 : j1] ← β·C[i0 : i1, j0 : j1]; β = 0 writes zeros whatever C held. */
    abstract void scaleC(int i0, int i1, int j0, int j1);

    /** Panels on the calling thread's buffers, able to hold up to {@code maxCols} packed columns. */
    abstract Panels newPanels(int maxCols);

    /** Computes the whole product on up to {@code threads} threads. Requires m, n, k ≥ 1. */
    final void run(int threads) {
        int parts = (long) m * n * k < PARALLEL_MIN_WORK ? 1 : threads;
        // Steady state, a call allocates a few hundred bytes: this object, its panels and the slab cuts.
        if (upperOnly) {
            parts = Math.min(parts, ceilDiv(n, nr));
            int[] cuts = triangleCuts(parts);
            KernelThreads.run(parts, t -> compute(0, cuts[t + 1], cuts[t], cuts[t + 1]));
        } else if (m >= n || m >= parts * MC) {
            parts = Math.min(parts, ceilDiv(m, MR));
            int[] cuts = evenCuts(m, MR, parts);
            KernelThreads.run(parts, t -> compute(cuts[t], cuts[t + 1], 0, n));
        } else {
            parts = Math.min(parts, ceilDiv(n, nr));
            int[] cuts = evenCuts(n, nr, parts);
            KernelThreads.run(parts, t -> compute(0, m, cuts[t], cuts[t + 1]));
        }
    }

    /** The blocked loop nest over the C slab [i0, i1) × [j0, j1), on the calling thread. */
    private void compute(int i0, int i1, int j0, int j1) {
        // β is applied once up front, so every depth block (and the micro-kernel) only accumulates.
        scaleC(i0, i1, j0, j1);
        Panels w = newPanels(Math.min(NC, j1 - j0));
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            int rowEnd = upperOnly ? Math.min(i1, jc + nc) : i1;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                w.packB(pc, kc, jc, nc);
                for (int ic = i0; ic < rowEnd; ic += MC) {
                    int mc = Math.min(MC, rowEnd - ic);
                    w.packA(ic, mc, pc, kc);
                    multiplyBlock(w, ic, mc, jc, nc, kc);
                }
            }
        }
    }

    private void multiplyBlock(Panels w, int ic, int mc, int jc, int nc, int kc) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
                if (upperOnly && ic + ir > jc + jr + cols - 1) {
                    break; // this and all later tiles of the column lie strictly below the diagonal
                }
                w.tile(ir, jr, kc, ic + ir, jc + jr, Math.min(MR, mc - ir), cols);
            }
        }
    }

    /** {@code parts + 1} cuts of [0, len) into near-equal slabs whose inner cuts are multiples of {@code align}. */
    private static int[] evenCuts(int len, int align, int parts) {
        int[] cuts = new int[parts + 1];
        int units = ceilDiv(len, align);
        for (int t = 1; t < parts; t++) {
            cuts[t] = Math.min(len, (int) ((long) units * t / parts) * align);
        }
        cuts[parts] = len;
        return cuts;
    }

    /** Column cuts giving each slab an equal share of the upper triangle (columns [0, x) hold ~x²/2 of it). */
    private int[] triangleCuts(int parts) {
        int[] cuts = new int[parts + 1];
        for (int t = 1; t < parts; t++) {
            int x = (int) Math.round(n * Math.sqrt((double) t / parts) / nr) * nr;
            cuts[t] = Math.min(n, Math.max(x, cuts[t - 1] + nr));
        }
        cuts[parts] = n;
        return cuts;
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
