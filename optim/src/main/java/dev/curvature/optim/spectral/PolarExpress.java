package dev.curvature.optim.spectral;

import java.util.ArrayList;
import java.util.List;

/**
 * The coefficient generator of Polar Express (Amsel, Persson, Musco &amp; Gower, "The Polar Express:
 * optimal matrix sign methods and their application to the Muon algorithm", arXiv 2505.16932, App. G):
 * per iteration the odd quintic p(σ) = aσ + bσ³ + cσ⁵ that minimizes max over σ ∈ [ℓ, u] of
 * |1 − p(σ)|, found by the Remez exchange; then the interval [ℓ, u] is mapped through p.
 *
 * <pre>
 * optimal_quintic(l, u):                       # equioscillates at l &lt; q &lt; r &lt; u
 *     if l/u ≥ 1 − 5e-6: return (15/8)/u, (−10/8)/u³, (3/8)/u⁵
 *     q = (3l + 1)/4;  r = (l + 3)/4
 *     repeat until |ΔE| ≤ 1e-15:
 *         solve [[l, l³, l⁵, 1], [q, q³, q⁵, −1], [r, r³, r⁵, 1], [u, u³, u⁵, −1]]·(a, b, c, E) = 1
 *         q, r = sqrt((−3b ∓ sqrt(9b² − 20ac)) / (10c))      # the critical points of p
 * optimal_composition(l, T, safety_eps, cushion):
 *     u = 1;  s = 1 + safety_eps
 *     for t in 0..T−1:
 *         (a, b, c) = optimal_quintic(max(l, cushion·u), u)
 *         if cushion·u &gt; l: scale (a, b, c) by 2/(p(l) + p(u))          # recentre around 1 on [l, u]
 *         if t &lt; T − 1: a /= s;  b /= s³;  c /= s⁵                      # safety factor
 *         emit (a, b, c);  l = p(l);  u = 2 − l
 * </pre>
 *
 * The coefficients used by the NanoGPT speedrun (record of 2025-09-29) and microsoft/dion are
 * {@code optimalComposition(1e-3, 5, 0.02, 0.02)} with the input normalised as X/(1.02·‖X‖_F + 1e-6);
 * they are derived here, never stored. The 4×4 systems are solved in float64 by Gaussian
 * elimination with partial pivoting, as numpy's {@code solve} does.
 */
public final class PolarExpress {
    private PolarExpress() {}

    /** The default lower bound ℓ₀ on the normalised singular values. */
    public static final double L0 = 1e-3;
    /** The default number of iterations. */
    public static final int ITERATIONS = 5;
    /** The default safety epsilon (coefficients divided by 1.02^degree). */
    public static final double SAFETY = 0.02;
    /** The default cushion (the interval's lower end is at least cushion·u). */
    public static final double CUSHION = 0.02;

    private static volatile double[][] defaults;

    /** The speedrun / dion coefficients, {@code optimalComposition(1e-3, 5, 0.02, 0.02)} (cached). */
    public static double[][] defaultCoefficients() {
        double[][] d = defaults;
        if (d == null) {
            d = optimalComposition(L0, ITERATIONS, SAFETY, CUSHION);
            defaults = d;
        }
        return copy(d);
    }

    /** The odd quintic (a, b, c) of least maximal deviation from 1 on [l, u], 0 ≤ l ≤ u. */
    public static double[] optimalQuintic(double l, double u) {
        if (!(0 <= l && l <= u) || !(u > 0)) {
            throw new IllegalArgumentException("optimal_quintic: needs 0 <= l <= u and u > 0, got l = " + l
                    + ", u = " + u);
        }
        if (1 - 5e-6 <= l / u) {
            return new double[] {(15.0 / 8) / u, (-10.0 / 8) / (u * u * u), (3.0 / 8) / Math.pow(u, 5)};
        }
        double q = (3 * l + 1) / 4;
        double r = (l + 3) / 4;
        double e = Double.POSITIVE_INFINITY;
        double oldE = Double.NaN;
        double[] abce = null;
        for (int it = 0; it < 1000; it++) {
            // The reference loop runs while "not old_E or |old_E − E| > 1e-15" (old_E None at first).
            if (it > 0 && !(Math.abs(oldE - e) > 1e-15)) {
                return new double[] {abce[0], abce[1], abce[2]};
            }
            oldE = e;
            double[][] m = {
                {l, l * l * l, Math.pow(l, 5), 1},
                {q, q * q * q, Math.pow(q, 5), -1},
                {r, r * r * r, Math.pow(r, 5), 1},
                {u, u * u * u, Math.pow(u, 5), -1}};
            abce = solve(m, new double[] {1, 1, 1, 1});
            double a = abce[0];
            double b = abce[1];
            double c = abce[2];
            e = abce[3];
            double disc = Math.sqrt(9 * b * b - 20 * a * c);
            q = Math.sqrt((-3 * b - disc) / (10 * c));
            r = Math.sqrt((-3 * b + disc) / (10 * c));
        }
        throw new ArithmeticException("optimal_quintic(" + l + ", " + u + "): the Remez iteration did not converge");
    }

    /**
     * The Polar Express schedule: {@code iterations} quintics (a, b, c), with the safety factor on
     * all but the last (see the class comment).
     */
    public static double[][] optimalComposition(double l, int iterations, double safetyEps, double cushion) {
        if (!(l > 0 && l <= 1)) {
            throw new IllegalArgumentException("polar_express: l = " + l + " is outside (0, 1]");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("polar_express: iterations = " + iterations + " is outside [1, ∞)");
        }
        if (!(safetyEps >= 0) || !(cushion >= 0 && cushion <= 1)) {
            throw new IllegalArgumentException("polar_express: safety = " + safetyEps + " and cushion = " + cushion
                    + " must be >= 0 and in [0, 1]");
        }
        double u = 1;
        double s = 1 + safetyEps;
        List<double[]> out = new ArrayList<>();
        for (int it = 0; it < iterations; it++) {
            double[] abc = optimalQuintic(Math.max(l, cushion * u), u);
            if (cushion * u > l) {
                double pl = eval(abc, l);
                double pu = eval(abc, u);
                double k = 2 / (pl + pu);
                abc[0] *= k;
                abc[1] *= k;
                abc[2] *= k;
            }
            if (it < iterations - 1) {
                abc[0] /= s;
                abc[1] /= s * s * s;
                abc[2] /= Math.pow(s, 5);
            }
            out.add(abc);
            l = eval(abc, l);
            u = 2 - l;
        }
        return out.toArray(double[][]::new);
    }

    /** p(σ) = aσ + bσ³ + cσ⁵ for a triple (a, b, c). */
    public static double eval(double[] abc, double x) {
        double x2 = x * x;
        return x * (abc[0] + x2 * (abc[1] + x2 * abc[2]));
    }

    /** Solves the small dense system m·x = rhs by Gaussian elimination with partial pivoting (m is overwritten). */
    static double[] solve(double[][] m, double[] rhs) {
        int n = rhs.length;
        double[] b = rhs.clone();
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(m[i][k]) > Math.abs(m[p][k])) {
                    p = i;
                }
            }
            double[] tr = m[k];
            m[k] = m[p];
            m[p] = tr;
            double tb = b[k];
            b[k] = b[p];
            b[p] = tb;
            for (int i = k + 1; i < n; i++) {
                double f = m[i][k] / m[k][k];
                for (int j = k; j < n; j++) {
                    m[i][j] -= f * m[k][j];
                }
                b[i] -= f * b[k];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < n; j++) {
                s -= m[i][j] * x[j];
            }
            x[i] = s / m[i][i];
        }
        return x;
    }

    static double[][] copy(double[][] c) {
        double[][] out = new double[c.length][];
        for (int i = 0; i < c.length; i++) {
            out[i] = c[i].clone();
        }
        return out;
    }
}
