package dev.curvature.diagnostics;

import dev.curvature.optim.run.Trajectory;

/**
 * A least-squares line c ≈ c₀ + c₁·t through pairs (t_i, c_i) of a curvature estimate c against a
 * first-order quantity t, for the generalized smoothness models
 * <pre>
 *   (L0, L1)-smoothness  ‖∇²f(x)‖ ≤ L0 + L1·‖∇f(x)‖       (Zhang et al., ICLR 2020; Bodard &amp; Patrinos §2)
 *   (H0, H1)-smoothness  ‖∇²f(w)‖ ≤ H0 + H1·(f(w) − f*)   (Alimisis, Islamov &amp; Lucchi, Def. 3.1)
 * </pre>
 * The curvature can be any per-step estimate: {@code smoothness_secant} ({@link SecantSmoothness})
 * or {@code hessian_norm} (the Lanczos max(|λ_min|, |λ_max|)). The models are upper bounds; the
 * line is the trend (the warm-up paper's "well approximated by a line"), and
 * {@link #envelopeIntercept} is the smallest intercept with the same slope that bounds every point.
 *
 * <p>Slope and intercept come from the centered normal equations c₁ = Σ(t−t̄)(c−c̄)/Σ(t−t̄)²,
 * c₀ = c̄ − c₁t̄; R² = 1 − SS_res/SS_tot (1 when every c_i is equal and fitted exactly). Pairs with
 * a non-finite value are skipped. With fewer than two distinct t the coefficients are NaN.
 *
 * @param intercept         c₀: L0 or H0
 * @param slope             c₁: L1 or H1
 * @param r2                coefficient of determination
 * @param points            pairs used
 * @param envelopeIntercept max_i (c_i − c₁·t_i)
 */
public record SmoothnessFit(double intercept, double slope, double r2, int points, double envelopeIntercept) {

    /** The line through the finite pairs (t_i, c_i). */
    public static SmoothnessFit fit(double[] t, double[] c) {
        if (t.length != c.length) {
            throw new IllegalArgumentException("smoothness fit: " + t.length + " abscissae for " + c.length
                    + " curvatures");
        }
        int n = 0;
        double mt = 0;
        double mc = 0;
        for (int i = 0; i < t.length; i++) {
            if (Double.isFinite(t[i]) && Double.isFinite(c[i])) {
                n++;
                // Running means (Welford) stay accurate for large, nearly equal values.
                mt += (t[i] - mt) / n;
                mc += (c[i] - mc) / n;
            }
        }
        double stt = 0;
        double stc = 0;
        double scc = 0;
        for (int i = 0; i < t.length; i++) {
            if (Double.isFinite(t[i]) && Double.isFinite(c[i])) {
                double dt = t[i] - mt;
                double dc = c[i] - mc;
                stt += dt * dt;
                stc += dt * dc;
                scc += dc * dc;
            }
        }
        if (n < 2 || !(stt > 0)) {
            return new SmoothnessFit(Double.NaN, Double.NaN, Double.NaN, n, Double.NaN);
        }
        double slope = stc / stt;
        double intercept = mc - slope * mt;
        double ssRes = 0;
        double envelope = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.length; i++) {
            if (Double.isFinite(t[i]) && Double.isFinite(c[i])) {
                double r = c[i] - (intercept + slope * t[i]);
                ssRes += r * r;
                envelope = Math.max(envelope, c[i] - slope * t[i]);
            }
        }
        double r2 = scc > 0 ? 1 - ssRes / scc : (ssRes == 0 ? 1 : Double.NaN);
        return new SmoothnessFit(intercept, slope, r2, n, envelope);
    }

    /** (L0, L1) from pairs (‖∇f‖, curvature). */
    public static SmoothnessFit l0l1(double[] gradNorms, double[] curvatures) {
        return fit(gradNorms, curvatures);
    }

    /** (H0, H1) from pairs (f − f*, curvature). */
    public static SmoothnessFit h0h1(double[] lossGaps, double[] curvatures) {
        return fit(lossGaps, curvatures);
    }

    /** (L0, L1) from a stored trajectory: column {@code grad_norm} against {@code curvatureColumn}. */
    public static SmoothnessFit l0l1(Trajectory trajectory, String curvatureColumn) {
        return fit(trajectory.get("grad_norm"), trajectory.get(curvatureColumn));
    }

    /** (H0, H1) from a stored trajectory: {@code loss} − f* against {@code curvatureColumn}. */
    public static SmoothnessFit h0h1(Trajectory trajectory, String curvatureColumn, double fStar) {
        double[] loss = trajectory.get("loss");
        double[] gap = new double[loss.length];
        for (int i = 0; i < loss.length; i++) {
            gap[i] = loss[i] - fStar;
        }
        return fit(gap, trajectory.get(curvatureColumn));
    }
}
