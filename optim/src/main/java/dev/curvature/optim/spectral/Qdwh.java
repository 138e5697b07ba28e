package dev.curvature.optim.spectral;

import dev.curvature.core.Tensor;
import dev.curvature.core.factor.NotPositiveDefiniteException;
import dev.curvature.core.factor.QR;
import dev.curvature.core.linalg.Linalg;

/**
 * The QR-based dynamically weighted Halley iteration (QDWH) of Nakatsukasa, Bai &amp; Gygi,
 * "Optimizing Halley's iteration for computing the matrix polar decomposition" (SIAM J. Matrix
 * Anal. Appl. 31, 2010), as in Nakatsukasa &amp; Higham (SISC 2013). For a tall X₀ = G/‖G‖_F (the
 * Frobenius norm bounds σ_max, so σ(X₀) ⊂ (0, 1]) and a lower bound ℓ₀ ≤ σ_min(X₀):
 *
 * <pre>
 * d = ∛(4(1 − ℓ²)/ℓ⁴),  a = √(1+d) + ½·√(8 − 4d + 8(2 − ℓ²)/(ℓ²·√(1+d))),  b = (a − 1)²/4,  c = a + b − 1
 * X ← (b/c)·X + (a − b/c)·X·(I + c·XᵀX)⁻¹,     ℓ ← ℓ·(a + bℓ²)/(1 + cℓ²)
 * </pre>
 *
 * While c &gt; 100 the step is computed stably from a QR factorization, [√c·X; I] = [Q₁; Q₂]·R,
 * X ← (b/c)·X + (a − b/c)/√c·Q₁·Q₂ᵀ; afterwards from a Cholesky factorization I + c·XᵀX = L·Lᵀ and
 * two triangular solves, at matrix-multiplication speed. It converges in at most 6 steps for
 * condition numbers up to 1e16 and stops when ‖X_k − X_{k−1}‖_F ≤ (5ε)^{1/3} and |1 − ℓ| ≤ 10ε.
 *
 * <p>ℓ₀ = 1/‖R₀⁻¹‖_F from the QR factorization X₀ = Q₀R₀, a guaranteed lower bound on σ_min (the
 * original paper uses a condition estimate; [U] this choice costs one triangular inverse and is
 * within a factor √n of σ_min). It is clamped to ε_dtype, so for a rank-deficient G the numerically
 * zero singular values stay at 0 and the result is the partial isometry, as {@link ExactPolar}.
 * An input of extreme magnitude is first scaled by a power of two ({@link SafeScale}), so that
 * ‖G‖_F and 1/‖G‖_F are finite. This engine allocates its factorizations on every call.
 */
public final class Qdwh implements PolarEngine {
    private final int maxIterations;

    /** QDWH with at most 20 iterations (it needs ≤ 6 for κ ≤ 1e16). */
    public Qdwh() {
        this(20);
    }

    public Qdwh(int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("qdwh: max_iterations = " + maxIterations + " is outside [1, ∞)");
        }
        this.maxIterations = maxIterations;
    }

    @Override
    public String name() {
        return "qdwh";
    }

    @Override
    public Qdwh fresh() {
        return new Qdwh(maxIterations);
    }

    /** Iterations used by the last call. */
    private int lastIterations;

    /** Iterations the last call needed. */
    public int lastIterations() {
        return lastIterations;
    }

    @Override
    public void polar(Tensor g, Tensor out) {
        if (PolarEngine.checkArguments("qdwh", g, out)) {
            return;
        }
        Tensor src = SafeScale.of(g, out);
        boolean tall = g.rows() >= g.cols();
        Tensor a = tall ? src : src.t();
        int m = a.rows();
        int n = a.cols();
        double alpha = src.norm();
        if (alpha == 0) {
            out.fill(0);
            return;
        }
        double eps = ExactPolar.eps(g.dtype());
        Tensor x = a.copy().scale(1.0 / alpha);
        double l = lowerBound(x, eps);
        Tensor eye = Tensor.eye(x.dtype(), n);
        lastIterations = 0;
        for (int it = 0; it < maxIterations; it++) {
            double l2 = l * l;
            double d = Math.cbrt(4 * (1 - l2) / (l2 * l2));
            double sq = Math.sqrt(1 + d);
            double wa = sq + 0.5 * Math.sqrt(8 - 4 * d + 8 * (2 - l2) / (l2 * sq));
            double wb = (wa - 1) * (wa - 1) / 4;
            double wc = wa + wb - 1;
            Tensor next = x.copy();
            boolean done = false;
            if (wc > 100 || !choleskyStep(x, next, eye, wa, wb, wc)) {
                Tensor stacked = Tensor.zeros(x.dtype(), m + n, n);
                stacked.block(0, 0, m, n).assign(x).scale(Math.sqrt(wc));
                stacked.block(m, 0, n, n).assign(eye);
                QR qr = Linalg.qr(stacked);
                Tensor q1 = qr.q().block(0, 0, m, n);
                Tensor q2 = qr.q().block(m, 0, n, n);
                Linalg.gemm((wa - wb / wc) / Math.sqrt(wc), q1, q2.t(), wb / wc, next);
            }
            double diff = distance(next, x);
            l = Math.min(1.0, l * (wa + wb * l2) / (1 + wc * l2));
            x = next;
            lastIterations = it + 1;
            done = diff <= Math.cbrt(5 * eps) && Math.abs(1 - l) <= 10 * eps;
            if (done) {
                break;
            }
        }
        out.assign(tall ? x : x.t());
    }

    /** next ← (b/c)·x + (a − b/c)·x·(I + c·xᵀx)⁻¹ via Cholesky; false when the factorization fails. */
    private static boolean choleskyStep(Tensor x, Tensor next, Tensor eye, double wa, double wb, double wc) {
        Tensor z = eye.copy();
        Linalg.syrk(wc, x.t(), 1.0, z);
        Tensor lower;
        try {
            lower = Linalg.cholesky(z);
        } catch (NotPositiveDefiniteException e) {
            return false;
        }
        Tensor y = x.copy();
        Linalg.solveTriangular(lower, y, true, true, false);
        Linalg.solveTriangular(lower, y, true, false, false);
        next.scale(wb / wc).addScaled(wa - wb / wc, y);
        return next.allFinite();
    }

    /** 1/‖R⁻¹‖_F for x = QR, clamped to [eps, 1]. */
    private static double lowerBound(Tensor x, double eps) {
        Tensor r = Linalg.qr(x).r();
        int n = r.rows();
        Tensor inv = Tensor.eye(x.dtype(), n);
        for (int i = 0; i < n; i++) {
            if (r.get(i, i) == 0) {
                return eps;
            }
        }
        Linalg.solveTriangular(r, inv, false, false, true);
        double f = inv.norm();
        if (!Double.isFinite(f) || f == 0) {
            return eps;
        }
        return Math.min(1.0, Math.max(eps, 1.0 / f));
    }

    private static double distance(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0, n = a.size(); i < n; i++) {
            double d = a.getFlat(i) - b.getFlat(i);
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
