package dev.curvature.bench.phase;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one-pass product out = Aᵀ·w(A·x) (or Aᵀ·w(A·x, A·v)) of a dense row-major float64 matrix
 * A (m×n), where a per-row weight w_i depends on the row's inner products z_i = a_iᵀx (and
 * u_i = a_iᵀv). Such products are the gradients and Hessian-vector products of every loss of the
 * form Σ_i ℓ_i(a_iᵀx): least squares, logistic regression, and phase retrieval,
 * ∇f(x) = Σ_i ℓ_i′(a_iᵀx)·a_i and ∇²f(x)·v = Σ_i ℓ_i″(a_iᵀx)·(a_iᵀv)·a_i.
 *
 * <p>Two BLAS calls (A·x, then Aᵀ·r) read A twice from memory. Here A is walked in panels of
 * {@link #PANEL} rows: the panel's inner products are computed while the rows stream in, the
 * weights of the panel are computed, and the panel's rows, now in the L2 cache, are accumulated
 * into the output. A is read from memory once, which halves the traffic of these memory-bound
 * products. The benefit holds while a panel (PANEL·n doubles) fits in the L2 cache, i.e. n up to
 * about 16 000.
 *
 * <p>With {@code threads > 1} the rows are split into contiguous ranges, one per thread; each
 * thread accumulates into its own buffer and the buffers are summed in thread order, so the result
 * is deterministic for a given thread count. An instance owns these buffers: it is not
 * thread-safe, and a call allocates nothing but the tasks handed to the worker threads.
 */
public final class FusedGemv {
    /** Rows per panel: 16 rows of 4096 doubles are 512 KiB, half of a Zen 4 core's L2. */
    public static final int PANEL = 16;

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Daemon workers shared by all instances; the calling thread always takes one range itself. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "curvature-fused-gemv");
        t.setDaemon(true);
        return t;
    });

    /**
     * The per-row weights of one panel.
     */
    @FunctionalInterface
    public interface RowWeights {
        /**
         * Given z[k] = a_{row0+k}ᵀx and (when a second vector was passed) u[k] = a_{row0+k}ᵀv for
         * k &lt; count, writes the weights w[0..count) and returns a partial sum to accumulate over
         * all rows (e.g. the loss terms; 0 when unused). Called concurrently from several threads
         * on disjoint row ranges, so it must only read shared state.
         */
        double weights(int row0, int count, double[] z, double[] u, double[] w);
    }

    private final int n;
    private final int threads;
    private final Worker[] workers;

    /** For n-column matrices, with {@code threads} ≥ 1 threads. */
    public FusedGemv(int n, int threads) {
        if (n < 1) {
            throw new IllegalArgumentException("fused gemv: n = " + n + " is outside [1, ∞)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("fused gemv: threads = " + threads + " is outside [1, ∞)");
        }
        this.n = n;
        this.threads = threads;
        this.workers = new Worker[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Worker(t == 0 ? null : new double[n]);
        }
    }

    /** Number of columns n. */
    public int columns() {
        return n;
    }

    /** Threads used. */
    public int threads() {
        return threads;
    }

    /**
     * out ← Σ_i w_i·a_i with w from {@code weights} on z = A·x (and u = A·v when {@code v} is not
     * null), in one pass over A; returns the sum of the partial sums of {@code weights}.
     *
     * @param a   A in row-major order: row i is a[aOff + i·n .. aOff + (i+1)·n)
     * @param m   number of rows
     * @param x   length n
     * @param v   length n, or null for one inner product per row
     * @param out length n, overwritten
     */
    public double apply(double[] a, int aOff, int m, double[] x, double[] v, RowWeights weights, double[] out) {
        return run(a, aOff, m, x, v, weights, out);
    }

    /**
     * The partial sums of {@code weights} over all rows, from z = A·x (and u = A·v) alone: one pass
     * over A without the accumulation (e.g. a loss value without its gradient).
     */
    public double reduce(double[] a, int aOff, int m, double[] x, double[] v, RowWeights weights) {
        return run(a, aOff, m, x, v, weights, null);
    }

    private double run(double[] a, int aOff, int m, double[] x, double[] v, RowWeights weights, double[] out) {
        if (m < 0 || aOff < 0 || (long) aOff + (long) m * n > a.length) {
            throw new IllegalArgumentException("fused gemv: A of " + a.length + " elements cannot hold " + m + "×" + n
                    + " from offset " + aOff);
        }
        if (x.length < n || (out != null && out.length < n) || (v != null && v.length < n)) {
            throw new IllegalArgumentException("fused gemv: x, v and out need length " + n);
        }
        int used = (int) Math.max(1, Math.min(threads, m / PANEL));
        if (out != null) {
            java.util.Arrays.fill(out, 0, n, 0.0);
        }
        if (used == 1) {
            return workers[0].run(a, aOff, 0, m, x, v, weights, out, n);
        }
        @SuppressWarnings("unchecked")
        Future<Double>[] futures = new Future[used - 1];
        for (int t = 1; t < used; t++) {
            Worker w = workers[t];
            int r0 = (int) ((long) m * t / used);
            int r1 = (int) ((long) m * (t + 1) / used);
            double[] acc = out == null ? null : w.acc;
            if (acc != null) {
                java.util.Arrays.fill(acc, 0.0);
            }
            futures[t - 1] = POOL.submit(() -> w.run(a, aOff, r0, r1, x, v, weights, acc, n));
        }
        double total = workers[0].run(a, aOff, 0, (int) ((long) m / used), x, v, weights, out, n);
        for (int t = 1; t < used; t++) {
            try {
                total += futures[t - 1].get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("fused gemv interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                if (c instanceof Error er) {
                    throw er;
                }
                throw new IllegalStateException(c);
            }
            if (out != null) {
                double[] acc = workers[t].acc;
                for (int j = 0; j < n; j++) {
                    out[j] += acc[j];
                }
            }
        }
        return total;
    }

    /** One thread's panel buffers and accumulator. */
    private static final class Worker {
        final double[] acc;
        final double[] z = new double[PANEL];
        final double[] u = new double[PANEL];
        final double[] w = new double[PANEL];

        Worker(double[] acc) {
            this.acc = acc;
        }

        double run(double[] a, int aOff, int r0, int r1, double[] x, double[] v, RowWeights weights, double[] out,
                   int n) {
            double partial = 0;
            for (int p = r0; p < r1; p += PANEL) {
                int count = Math.min(PANEL, r1 - p);
                int base = aOff + p * n;
                int k = 0;
                if (v == null) {
                    for (; k + 4 <= count; k += 4) {
                        dots4(a, base + k * n, n, x, z, k);
                    }
                    for (; k < count; k++) {
                        z[k] = dot(a, base + k * n, x, n);
                    }
                } else {
                    for (; k + 4 <= count; k += 4) {
                        dots4x2(a, base + k * n, n, x, v, z, u, k);
                    }
                    for (; k < count; k++) {
                        z[k] = dot(a, base + k * n, x, n);
                        u[k] = dot(a, base + k * n, v, n);
                    }
                }
                partial += weights.weights(p, count, z, u, w);
                if (out == null) {
                    continue;
                }
                k = 0;
                for (; k + 4 <= count; k += 4) {
                    axpy4(a, base + k * n, n, w, k, out);
                }
                for (; k < count; k++) {
                    axpy1(a, base + k * n, n, w[k], out);
                }
            }
            return partial;
        }
    }

    /** z[k..k+4) ← rows r..r+3 (starting at offset o, stride n) times x. */
    private static void dots4(double[] a, int o, int n, double[] x, double[] z, int k) {
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        DoubleVector s2 = DoubleVector.zero(S);
        DoubleVector s3 = DoubleVector.zero(S);
        int o1 = o + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        int upper = S.loopBound(n);
        int j = 0;
        for (; j < upper; j += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            s0 = DoubleVector.fromArray(S, a, o + j).fma(xv, s0);
            s1 = DoubleVector.fromArray(S, a, o1 + j).fma(xv, s1);
            s2 = DoubleVector.fromArray(S, a, o2 + j).fma(xv, s2);
            s3 = DoubleVector.fromArray(S, a, o3 + j).fma(xv, s3);
        }
        double d0 = s0.reduceLanes(VectorOperators.ADD);
        double d1 = s1.reduceLanes(VectorOperators.ADD);
        double d2 = s2.reduceLanes(VectorOperators.ADD);
        double d3 = s3.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            double xj = x[j];
            d0 += a[o + j] * xj;
            d1 += a[o1 + j] * xj;
            d2 += a[o2 + j] * xj;
            d3 += a[o3 + j] * xj;
        }
        z[k] = d0;
        z[k + 1] = d1;
        z[k + 2] = d2;
        z[k + 3] = d3;
    }

    /** As {@link #dots4} for two vectors at once: z ← rows·x, u ← rows·v. */
    private static void dots4x2(double[] a, int o, int n, double[] x, double[] v, double[] z, double[] u, int k) {
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        DoubleVector s2 = DoubleVector.zero(S);
        DoubleVector s3 = DoubleVector.zero(S);
        DoubleVector t0 = DoubleVector.zero(S);
        DoubleVector t1 = DoubleVector.zero(S);
        DoubleVector t2 = DoubleVector.zero(S);
        DoubleVector t3 = DoubleVector.zero(S);
        int o1 = o + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        int upper = S.loopBound(n);
        int j = 0;
        for (; j < upper; j += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            DoubleVector vv = DoubleVector.fromArray(S, v, j);
            DoubleVector a0 = DoubleVector.fromArray(S, a, o + j);
            DoubleVector a1 = DoubleVector.fromArray(S, a, o1 + j);
            DoubleVector a2 = DoubleVector.fromArray(S, a, o2 + j);
            DoubleVector a3 = DoubleVector.fromArray(S, a, o3 + j);
            s0 = a0.fma(xv, s0);
            s1 = a1.fma(xv, s1);
            s2 = a2.fma(xv, s2);
            s3 = a3.fma(xv, s3);
            t0 = a0.fma(vv, t0);
            t1 = a1.fma(vv, t1);
            t2 = a2.fma(vv, t2);
            t3 = a3.fma(vv, t3);
        }
        double d0 = s0.reduceLanes(VectorOperators.ADD);
        double d1 = s1.reduceLanes(VectorOperators.ADD);
        double d2 = s2.reduceLanes(VectorOperators.ADD);
        double d3 = s3.reduceLanes(VectorOperators.ADD);
        double e0 = t0.reduceLanes(VectorOperators.ADD);
        double e1 = t1.reduceLanes(VectorOperators.ADD);
        double e2 = t2.reduceLanes(VectorOperators.ADD);
        double e3 = t3.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            double xj = x[j];
            double vj = v[j];
            d0 += a[o + j] * xj;
            d1 += a[o1 + j] * xj;
            d2 += a[o2 + j] * xj;
            d3 += a[o3 + j] * xj;
            e0 += a[o + j] * vj;
            e1 += a[o1 + j] * vj;
            e2 += a[o2 + j] * vj;
            e3 += a[o3 + j] * vj;
        }
        z[k] = d0;
        z[k + 1] = d1;
        z[k + 2] = d2;
        z[k + 3] = d3;
        u[k] = e0;
        u[k + 1] = e1;
        u[k + 2] = e2;
        u[k + 3] = e3;
    }

    private static double dot(double[] a, int o, double[] x, int n) {
        DoubleVector s = DoubleVector.zero(S);
        int upper = S.loopBound(n);
        int j = 0;
        for (; j < upper; j += L) {
            s = DoubleVector.fromArray(S, a, o + j).fma(DoubleVector.fromArray(S, x, j), s);
        }
        double d = s.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            d += a[o + j] * x[j];
        }
        return d;
    }

    /** out += w[k]·row_k + … + w[k+3]·row_{k+3}, one load and store of out for four rows. */
    private static void axpy4(double[] a, int o, int n, double[] w, int k, double[] out) {
        double w0 = w[k];
        double w1 = w[k + 1];
        double w2 = w[k + 2];
        double w3 = w[k + 3];
        DoubleVector b0 = DoubleVector.broadcast(S, w0);
        DoubleVector b1 = DoubleVector.broadcast(S, w1);
        DoubleVector b2 = DoubleVector.broadcast(S, w2);
        DoubleVector b3 = DoubleVector.broadcast(S, w3);
        int o1 = o + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        int upper = S.loopBound(n);
        int j = 0;
        for (; j < upper; j += L) {
            DoubleVector acc = DoubleVector.fromArray(S, out, j);
            acc = DoubleVector.fromArray(S, a, o + j).fma(b0, acc);
            acc = DoubleVector.fromArray(S, a, o1 + j).fma(b1, acc);
            acc = DoubleVector.fromArray(S, a, o2 + j).fma(b2, acc);
            acc = DoubleVector.fromArray(S, a, o3 + j).fma(b3, acc);
            acc.intoArray(out, j);
        }
        for (; j < n; j++) {
            out[j] += w0 * a[o + j] + w1 * a[o1 + j] + w2 * a[o2 + j] + w3 * a[o3 + j];
        }
    }

    private static void axpy1(double[] a, int o, int n, double w, double[] out) {
        DoubleVector b = DoubleVector.broadcast(S, w);
        int upper = S.loopBound(n);
        int j = 0;
        for (; j < upper; j += L) {
            DoubleVector.fromArray(S, a, o + j).fma(b, DoubleVector.fromArray(S, out, j)).intoArray(out, j);
        }
        for (; j < n; j++) {
            out[j] += w * a[o + j];
        }
    }
}
