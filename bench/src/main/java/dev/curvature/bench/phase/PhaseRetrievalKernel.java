package dev.curvature.bench.phase;

/**
 * Value, gradient and Hessian-vector product of the real phase-retrieval loss (Bodard &amp; Patrinos,
 * arXiv 2509.15817, §1.3 of the spec; Candès, Li &amp; Soltanolkotabi's Wirtinger-flow objective
 * without the 1/m factor):
 * <pre>
 *   f(x)       = ¼ Σ_i (y_i² − (a_iᵀx)²)²
 *   ∇f(x)      = −Σ_i (y_i² − (a_iᵀx)²)·(a_iᵀx)·a_i
 *   ∇²f(x)·v   = Σ_i (3(a_iᵀx)² − y_i²)·(a_iᵀv)·a_i
 * </pre>
 * for the rows a_i of a dense row-major float64 matrix A (m×n) and the squared measurements y_i².
 * Each product is one pass over A through {@link FusedGemv} (the gradient and value together; the
 * Hessian-vector product computes a_iᵀx and a_iᵀv in the same pass), so one Hessian-vector product
 * costs about one gradient: both are bound by reading A.
 *
 * <p>The inner products z = A·x of the last point are kept (m doubles, with a copy of x): a
 * Hessian-vector product at the same x, as in every step of Lanczos at a fixed point or right
 * after the gradient there, then needs only a_iᵀv, one inner product per row like the gradient.
 * The point is compared by value (O(n), against the O(mn) pass), so updating x in place is safe.
 *
 * <p>Holds references to A and y² (not copies). Not thread-safe; the work is split over
 * {@code threads} threads inside each call.
 */
public final class PhaseRetrievalKernel {
    private final double[] a;
    private final int aOff;
    private final int m;
    private final int n;
    private final double[] y2;
    private final FusedGemv fused;
    private final FusedGemv.RowWeights gradientWeights;
    private final FusedGemv.RowWeights hessianWeights;
    private final FusedGemv.RowWeights cachedHessianWeights;
    private final double[] zCache;
    private final double[] xCache;
    private boolean cached;

    /**
     * @param a       A in row-major order from {@code aOff}: row i is a[aOff + i·n .. aOff + (i+1)·n)
     * @param m       number of measurements (rows)
     * @param n       dimension (columns)
     * @param ySquared the m squared measurements y_i²
     * @param threads threads per call (≥ 1)
     */
    public PhaseRetrievalKernel(double[] a, int aOff, int m, int n, double[] ySquared, int threads) {
        if (m < 1 || n < 1 || aOff < 0 || (long) aOff + (long) m * n > a.length) {
            throw new IllegalArgumentException("phase retrieval: A of " + a.length + " elements cannot hold " + m
                    + "×" + n + " from offset " + aOff);
        }
        if (ySquared.length != m) {
            throw new IllegalArgumentException("phase retrieval: " + ySquared.length + " measurements for " + m
                    + " rows");
        }
        this.a = a;
        this.aOff = aOff;
        this.m = m;
        this.n = n;
        this.y2 = ySquared;
        this.fused = new FusedGemv(n, threads);
        this.zCache = new double[m];
        this.xCache = new double[n];
        // The callbacks run on disjoint row ranges, so their writes to zCache do not overlap.
        this.gradientWeights = (row0, count, z, u, w) -> {
            double loss = 0;
            for (int k = 0; k < count; k++) {
                double zk = z[k];
                zCache[row0 + k] = zk;
                double r = y2[row0 + k] - zk * zk;
                w[k] = -r * zk;
                loss += r * r;
            }
            return 0.25 * loss;
        };
        this.hessianWeights = (row0, count, z, u, w) -> {
            for (int k = 0; k < count; k++) {
                double zk = z[k];
                zCache[row0 + k] = zk;
                w[k] = (3 * zk * zk - y2[row0 + k]) * u[k];
            }
            return 0;
        };
        // Here the pass's only inner products are u = a_iᵀv, delivered in z.
        this.cachedHessianWeights = (row0, count, u, unused, w) -> {
            for (int k = 0; k < count; k++) {
                double zk = zCache[row0 + k];
                w[k] = (3 * zk * zk - y2[row0 + k]) * u[k];
            }
            return 0;
        };
    }

    /** Number of measurements m. */
    public int rows() {
        return m;
    }

    /** Dimension n. */
    public int columns() {
        return n;
    }

    /** f(x), one pass over A without the accumulation. */
    public double value(double[] x) {
        cached = false;
        double f = fused.reduce(a, aOff, m, x, null, gradientWeights);
        remember(x);
        return f;
    }

    /** Writes ∇f(x) into {@code grad} (length n) and returns f(x), in one pass over A. */
    public double valueAndGradient(double[] x, double[] grad) {
        cached = false;
        double f = fused.apply(a, aOff, m, x, null, gradientWeights, grad);
        remember(x);
        return f;
    }

    /**
     * Writes ∇²f(x)·v into {@code out} (length n), in one pass over A: with one inner product per
     * row when x is the point of the previous call, two otherwise.
     */
    public void hessianVectorProduct(double[] x, double[] v, double[] out) {
        if (cached && java.util.Arrays.equals(x, 0, n, xCache, 0, n)) {
            fused.apply(a, aOff, m, v, null, cachedHessianWeights, out);
            return;
        }
        cached = false;
        fused.apply(a, aOff, m, x, v, hessianWeights, out);
        remember(x);
    }

    private void remember(double[] x) {
        System.arraycopy(x, 0, xCache, 0, n);
        cached = true;
    }
}
