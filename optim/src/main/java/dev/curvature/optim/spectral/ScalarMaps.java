package dev.curvature.optim.spectral;

/**
 * The scalar view of polynomial polar iterations: a step with coefficients (a, b, c) maps each
 * singular value σ of the iterate to p(σ) = aσ + bσ³ + cσ⁵ (singular vectors unchanged), so a
 * schedule maps σ to the composition p_T ∘ … ∘ p_1(σ). Bounds on the input's normalised singular
 * values therefore bound the output's: if σ(X₀) ⊂ [lo, hi], then σ(X_T) ⊂ [min P, max P] over
 * [lo, hi] (up to rounding), which is what the tests check against matrix iterations.
 */
public final class ScalarMaps {
    private ScalarMaps() {}

    /** p_T ∘ … ∘ p_1(σ) for a schedule of (a, b, c) triples. */
    public static double compose(double[][] schedule, double sigma) {
        double x = sigma;
        for (double[] abc : schedule) {
            x = PolarExpress.eval(abc, x);
        }
        return x;
    }

    /**
     * {min, max} of the composed map over [lo, hi] (0 &lt; lo ≤ hi), evaluated on {@code points}
     * log-spaced and {@code points} linearly spaced values plus both ends.
     */
    public static double[] range(double[][] schedule, double lo, double hi, int points) {
        if (!(lo > 0 && lo <= hi) || points < 2) {
            throw new IllegalArgumentException("range: needs 0 < lo <= hi and points >= 2, got [" + lo + ", " + hi
                    + "], " + points);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double logLo = Math.log(lo);
        double logHi = Math.log(hi);
        for (int i = 0; i < points; i++) {
            double t = (double) i / (points - 1);
            double[] xs = {Math.exp(logLo + t * (logHi - logLo)), lo + t * (hi - lo)};
            for (double s : xs) {
                double v = compose(schedule, s);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new double[] {min, max};
    }

    /**
     * The signed errors 1 − p(x) of one quintic at its four alternation points on [l, u]: l, the
     * two critical points q &lt; r of p (roots of p′(x) = a + 3bx² + 5cx⁴), and u. An optimal
     * (equioscillating) quintic has |errors| all equal and alternating signs.
     */
    public static double[] alternation(double[] abc, double l, double u) {
        double a = abc[0];
        double b = abc[1];
        double c = abc[2];
        double disc = Math.sqrt(9 * b * b - 20 * a * c);
        double q = Math.sqrt((-3 * b - disc) / (10 * c));
        double r = Math.sqrt((-3 * b + disc) / (10 * c));
        return new double[] {1 - PolarExpress.eval(abc, l), 1 - PolarExpress.eval(abc, q),
            1 - PolarExpress.eval(abc, r), 1 - PolarExpress.eval(abc, u)};
    }

    /** max |1 − p(x)| over a fine grid of [l, u]. */
    public static double maxDeviation(double[] abc, double l, double u, int points) {
        double m = 0;
        for (int i = 0; i < points; i++) {
            double x = l + (u - l) * i / (points - 1);
            m = Math.max(m, Math.abs(1 - PolarExpress.eval(abc, x)));
        }
        return m;
    }
}
