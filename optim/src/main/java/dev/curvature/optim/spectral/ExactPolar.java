package dev.curvature.optim.spectral;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.factor.SVD;
import dev.curvature.core.linalg.Linalg;
import java.util.Arrays;

/**
 * The exact polar factor from a singular value decomposition: for G = Σ_i σ_i·u_i·v_iᵀ,
 *
 * <pre>
 * polar(G) = Σ_{σ_i &gt; τ} u_i·v_iᵀ,     τ = max(m, n)·ε_dtype·σ_max
 * </pre>
 *
 * the partial isometry on the numerical range of G. For a full-rank G this is the unique U·Vᵀ;
 * dropping the numerically zero singular values makes the result well defined for rank-deficient
 * inputs (zero for the zero matrix, u·vᵀ for a rank-1 matrix) and matches the limit of every
 * polynomial iteration, which maps σ = 0 to 0.
 *
 * <p>Two algorithms. Up to {@link #JACOBI_MAX} rows in the wide orientation it runs one-sided
 * (Hestenes) Jacobi in float64 on preallocated buffers: rotations orthogonalize the rows of the
 * wide X, Q·X = Σ·W with Q orthogonal, so X = Qᵀ·Σ·W and polar(X) = Qᵀ·W. This path is
 * accurate to a few ulps, independent of LAPACK, and allocates nothing after the first call on a
 * shape. Larger matrices go to LAPACK's divide-and-conquer {@code gesdd} ({@link Linalg#svd}),
 * which allocates its factors on every call: the exact engine is the reference and the baseline,
 * not the fast path (use {@link Polar} Newton–Schulz engines or {@link Qdwh} for speed). An input
 * of extreme magnitude is first scaled by a power of two ({@link SafeScale}), so that the sums of
 * squares neither overflow nor underflow.
 */
public final class ExactPolar implements PolarEngine {
    /** Largest min(m, n) handled by the allocation-free Jacobi path. */
    public static final int JACOBI_MAX = 32;

    private final DType toleranceDType;
    private double[] y = new double[0];
    private double[] q = new double[0];
    private double[] sigma = new double[0];

    /** The exact engine; singular values below τ (with ε of the input's dtype) are dropped. */
    public ExactPolar() {
        this(null);
    }

    /**
     * The exact engine with τ computed from ε of {@code toleranceDType} whatever the input's dtype
     * (null: the input's): a float32 matrix converted to float64 keeps float32's notion of rank.
     */
    public ExactPolar(DType toleranceDType) {
        this.toleranceDType = toleranceDType;
    }

    @Override
    public String name() {
        return "svd";
    }

    @Override
    public ExactPolar fresh() {
        return new ExactPolar(toleranceDType);
    }

    private double eps(Tensor g) {
        return eps(toleranceDType != null ? toleranceDType : g.dtype());
    }

    @Override
    public void polar(Tensor g, Tensor out) {
        if (PolarEngine.checkArguments("svd", g, out)) {
            return;
        }
        Tensor src = SafeScale.of(g, out);
        if (Math.min(g.rows(), g.cols()) <= JACOBI_MAX) {
            jacobiPolar(src, out); // allocation-free: the Jacobi work arrays are reused between calls
        } else {
            lapackPolar(src, out);
        }
    }

    /** out ← polar(g); returns the singular values of g, descending (a new array; empty when g is empty). */
    public double[] polarWithValues(Tensor g, Tensor out) {
        if (PolarEngine.checkArguments("svd", g, out)) {
            return new double[0];
        }
        int m = g.rows();
        int n = g.cols();
        int k = SafeScale.exponent(g);
        Tensor src = SafeScale.apply(g, out, k);
        double[] s;
        if (Math.min(m, n) <= JACOBI_MAX) {
            jacobiPolar(src, out);
            s = Arrays.copyOf(sigma, Math.min(m, n));
            Arrays.sort(s);
            reverse(s);
        } else {
            s = lapackPolar(src, out);
        }
        for (int i = 0; i < s.length && k != 0; i++) {
            s[i] = Math.scalb(s[i], -k);
        }
        return s;
    }

    /** The singular values of g, descending (float64), by the same algorithms. */
    public double[] singularValues(Tensor g) {
        g.requireRank(2, "singularValues");
        if (g.size() == 0) {
            return new double[0];
        }
        if (!g.allFinite()) {
            throw new ArithmeticException("singularValues: the input contains NaN or infinite entries");
        }
        int r = Math.min(g.rows(), g.cols());
        if (r <= JACOBI_MAX) {
            int c = Math.max(g.rows(), g.cols());
            load(g);
            rotate(r, c);
            double[] s = Arrays.copyOf(sigma, r);
            Arrays.sort(s);
            reverse(s);
            return s;
        }
        return SVDs.values(Linalg.svd(g.dtype() == DType.F64 ? g : g.to(DType.F64)));
    }

    // ------------------------------------------------------------------ Jacobi

    private void jacobiPolar(Tensor g, Tensor out) {
        int m = g.rows();
        int n = g.cols();
        int r = Math.min(m, n);
        int c = Math.max(m, n);
        load(g);
        rotate(r, c);
        double smax = 0;
        for (int i = 0; i < r; i++) {
            smax = Math.max(smax, sigma[i]);
        }
        double tol = c * eps(g) * smax;
        for (int i = 0; i < r; i++) {
            double inv = sigma[i] > tol && sigma[i] > 0 ? 1.0 / sigma[i] : 0.0;
            for (int k = i * c, e = k + c; k < e; k++) {
                y[k] *= inv;
            }
        }
        // polar(X) = Qᵀ·W; written straight into out, transposed back for a tall G.
        boolean wide = m <= n;
        for (int a = 0; a < r; a++) {
            for (int k = 0; k < c; k++) {
                double s = 0;
                for (int i = 0; i < r; i++) {
                    s += q[i * r + a] * y[i * c + k];
                }
                if (wide) {
                    out.set(s, a, k);
                } else {
                    out.set(s, k, a);
                }
            }
        }
    }

    /** Copies g in its wide orientation into y (r×c, float64) and sets q = I. */
    private void load(Tensor g) {
        int m = g.rows();
        int n = g.cols();
        int r = Math.min(m, n);
        int c = Math.max(m, n);
        if (y.length < r * c) {
            y = new double[r * c];
        }
        if (q.length < r * r) {
            q = new double[r * r];
        }
        if (sigma.length < r) {
            sigma = new double[r];
        }
        boolean wide = m <= n;
        for (int i = 0; i < r; i++) {
            for (int k = 0; k < c; k++) {
                y[i * c + k] = wide ? g.get(i, k) : g.get(k, i);
            }
        }
        Arrays.fill(q, 0, r * r, 0.0);
        for (int i = 0; i < r; i++) {
            q[i * r + i] = 1;
        }
    }

    /** Rotates row pairs of y (and q) until the rows are orthogonal; sigma ← row norms. */
    private void rotate(int r, int c) {
        for (int sweep = 0; sweep < 60; sweep++) {
            boolean rotated = false;
            for (int i = 0; i < r - 1; i++) {
                for (int j = i + 1; j < r; j++) {
                    int oi = i * c;
                    int oj = j * c;
                    double alpha = 0;
                    double beta = 0;
                    double gamma = 0;
                    for (int k = 0; k < c; k++) {
                        double a = y[oi + k];
                        double b = y[oj + k];
                        alpha += a * a;
                        beta += b * b;
                        gamma += a * b;
                    }
                    if (gamma == 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.signum(zeta == 0 ? 1 : zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    double cs = 1 / Math.sqrt(1 + t * t);
                    double sn = cs * t;
                    for (int k = 0; k < c; k++) {
                        double a = y[oi + k];
                        double b = y[oj + k];
                        y[oi + k] = cs * a - sn * b;
                        y[oj + k] = sn * a + cs * b;
                    }
                    int qi = i * r;
                    int qj = j * r;
                    for (int k = 0; k < r; k++) {
                        double a = q[qi + k];
                        double b = q[qj + k];
                        q[qi + k] = cs * a - sn * b;
                        q[qj + k] = sn * a + cs * b;
                    }
                }
            }
            if (!rotated) {
                break;
            }
        }
        for (int i = 0; i < r; i++) {
            double s = 0;
            for (int k = i * c, e = k + c; k < e; k++) {
                s += y[k] * y[k];
            }
            sigma[i] = Math.sqrt(s);
        }
    }

    // ------------------------------------------------------------------ LAPACK

    private double[] lapackPolar(Tensor g, Tensor out) {
        SVD svd = Linalg.svd(g);
        int p = svd.s().size();
        double smax = svd.s().get(0);
        double tol = Math.max(g.rows(), g.cols()) * eps(g) * smax;
        int k = 0;
        while (k < p && svd.s().get(k) > tol && svd.s().get(k) > 0) {
            k++;
        }
        if (k == 0) {
            out.fill(0);
        } else {
            Linalg.gemm(1.0, svd.u().block(0, 0, g.rows(), k), svd.vt().block(0, 0, k, g.cols()), 0.0, out);
        }
        return svd.s().toDoubleArray();
    }

    /** Unit roundoff of the dtype. */
    static double eps(DType d) {
        return d == DType.F32 ? 0x1p-24 : 0x1p-53;
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Helpers on LAPACK results. */
    static final class SVDs {
        private SVDs() {}

        static double[] values(SVD svd) {
            return svd.s().toDoubleArray();
        }
    }
}
