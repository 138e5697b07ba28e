package dev.curvature.problems.saddle;

import dev.curvature.core.DType;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Problem;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The "octopus" of Du, Jin, Lee, Jordan, Singh &amp; Póczos, "Gradient descent can take exponential
 * time to escape saddle points" (NeurIPS 2017, arXiv 1705.10412, eqs. (6)–(10)): a function on R^d
 * with d strict saddles in a chain, on which gradient descent started in [−1, 1]^d needs time
 * exponential in d while perturbed gradient descent needs polynomial time.
 *
 * <p>With u_j = |x_j| and parameters L, γ, τ &gt; 0, the helpers are
 * <pre>
 *   g1(a) = −γa² + ((−14L + 10γ)/(3τ))·(a − τ)³ + ((5L − 3γ)/(2τ²))·(a − τ)⁴
 *   g2(a) = −γ − (10(L+γ)/τ³)·(a − 2τ)³ − (15(L+γ)/τ⁴)·(a − 2τ)⁴ − (6(L+γ)/τ⁵)·(a − 2τ)⁵
 *   g(a, b) = g1(a) + g2(a)·b²,   ν = −g1(2τ) + 4Lτ² = (13γ + 37L)τ²/6
 * </pre>
 * Let i be the first index with u_i ≤ 2τ. Then (1-based indices)
 * <pre>
 *   (10) no such i:              f = L·Σ_j (u_j − 4τ)² − d·ν
 *   (6)  i &lt; d, u_i ≤ τ:         f = L·Σ_{j&lt;i}(u_j − 4τ)² − γu_i² + L·Σ_{j&gt;i} u_j² − (i−1)ν
 *   (7)  i &lt; d, τ &lt; u_i ≤ 2τ:    f = L·Σ_{j&lt;i}(u_j − 4τ)² + g(u_i, u_{i+1}) + L·Σ_{j&gt;i+1} u_j² − (i−1)ν
 *   (8)  i = d, u_d ≤ τ:         f = L·Σ_{j&lt;d}(u_j − 4τ)² − γu_d² − (d−1)ν
 *   (9)  i = d, τ &lt; u_d ≤ 2τ:    f = L·Σ_{j&lt;d}(u_j − 4τ)² + g1(u_d) − (d−1)ν
 * </pre>
 * Value and gradient are continuous across u_i = τ and u_i = 2τ. The global minimum is
 * f* = −d·ν at u_j = 4τ for all j; the strict saddles are where the first i−1 coordinates have
 * modulus 4τ and the others are 0. Gradient and Hessian follow from ∂/∂x_j = sign(x_j)·∂/∂u_j.
 *
 * <p>Domain. The construction is defined only where u_j ≤ τ for every j &gt; i (Du et al. extend it
 * smoothly to all of R^d; that extension is not published with the formulas and is not
 * implemented). Outside, by default ({@code outside = inf}) the value is +∞ and the gradient NaN,
 * so a run that leaves the domain stops as diverged with a non-finite loss; {@code outside = error}
 * throws an {@link IllegalStateException} naming the coordinate instead.
 *
 * <p>Initial point: uniform in the cube [−a, a]^d, a = {@code init_radius} (default 1, the
 * initialization of Du et al.'s lower bound), from the run's stream. Not thread-safe (no state
 * beyond its parameters, but callers should confine instances to one run).
 */
public final class Octopus implements Problem {
    /** What to do outside the domain of the construction. */
    public enum Outside { INF, ERROR }

    private final int d;
    private final double l;
    private final double gamma;
    private final double tau;
    private final double initRadius;
    private final Outside outside;
    private final DType dtype;
    private final double nu;
    // Coefficients of g1 and g2.
    private final double a3;
    private final double a4;
    private final double b3;
    private final double b4;
    private final double b5;

    public Octopus(int d, double l, double gamma, double tau, double initRadius, Outside outside, DType dtype) {
        this.d = (int) Check.atLeast("octopus", "d", d, 1);
        this.l = Check.positive("octopus", "L", l);
        this.gamma = Check.positive("octopus", "gamma", gamma);
        this.tau = Check.positive("octopus", "tau", tau);
        this.initRadius = Check.range("octopus", "init_radius", initRadius, 0, true, tau, true);
        this.outside = outside;
        this.dtype = dtype;
        this.a3 = (-14 * l + 10 * gamma) / (3 * tau);
        this.a4 = (5 * l - 3 * gamma) / (2 * tau * tau);
        this.b3 = 10 * (l + gamma) / (tau * tau * tau);
        this.b4 = 15 * (l + gamma) / (tau * tau * tau * tau);
        this.b5 = 6 * (l + gamma) / (tau * tau * tau * tau * tau);
        this.nu = -g1(2 * tau) + 4 * l * tau * tau;
    }

    /** Parses {@code inf} or {@code error}. */
    public static Outside outside(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "inf" -> Outside.INF;
            case "error" -> Outside.ERROR;
            default -> throw new IllegalArgumentException("octopus: outside = " + s + " is not one of inf, error");
        };
    }

    @Override
    public String name() {
        return "octopus";
    }

    /** ν = −g1(2τ) + 4Lτ². */
    public double nu() {
        return nu;
    }

    /** g1(a). */
    public double g1(double a) {
        double s = a - tau;
        return -gamma * a * a + s * s * s * (a3 + a4 * s);
    }

    /** g1′(a). */
    public double g1d(double a) {
        double s = a - tau;
        return -2 * gamma * a + s * s * (3 * a3 + 4 * a4 * s);
    }

    /** g1″(a). */
    public double g1dd(double a) {
        double s = a - tau;
        return -2 * gamma + s * (6 * a3 + 12 * a4 * s);
    }

    /** g2(a). */
    public double g2(double a) {
        double s = a - 2 * tau;
        return -gamma - s * s * s * (b3 + s * (b4 + s * b5));
    }

    /** g2′(a). */
    public double g2d(double a) {
        double s = a - 2 * tau;
        return -s * s * (3 * b3 + s * (4 * b4 + s * 5 * b5));
    }

    /** g2″(a). */
    public double g2dd(double a) {
        double s = a - 2 * tau;
        return -s * (6 * b3 + s * (12 * b4 + s * 20 * b5));
    }

    @Override
    public Blocks initialPoint(RandomStream rng) {
        Tensor x = Tensor.zeros(dtype, d);
        for (int j = 0; j < d; j++) {
            x.set(initRadius * (2 * rng.nextDouble() - 1), j);
        }
        return Blocks.single(x);
    }

    /** The global minimizer (4τ, …, 4τ). */
    public Blocks minimizer() {
        return Blocks.single(Tensor.zeros(dtype, d).fill(4 * tau));
    }

    @Override
    public double value(Blocks xb) {
        return evaluate(xb.tensor(0), null, null, null);
    }

    @Override
    public double valueAndGradient(Blocks xb, Blocks gb) {
        return evaluate(xb.tensor(0), gb.tensor(0), null, null);
    }

    @Override
    public boolean hasHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Blocks xb, Blocks vb, Blocks out) {
        evaluate(xb.tensor(0), null, vb.tensor(0), out.tensor(0));
    }

    @Override
    public OptionalDouble optimum() {
        return OptionalDouble.of(-d * nu);
    }

    /**
     * f(x); with {@code g}, ∇f(x) into g; with {@code v}, ∇²f(x)·v into {@code hv}. The Hessian in
     * u-space is diagonal except for the (i, i+1) coupling of piece (7).
     */
    private double evaluate(Tensor x, Tensor g, Tensor v, Tensor hv) {
        int first = -1; // 0-based index of the first u_j ≤ 2τ
        for (int j = 0; j < d; j++) {
            if (Math.abs(x.get(j)) <= 2 * tau) {
                first = j;
                break;
            }
        }
        if (first >= 0) {
            for (int j = first + 1; j < d; j++) {
                double u = Math.abs(x.get(j));
                if (!(u <= tau)) {
                    return outside(x, g, hv, first, j);
                }
            }
        }
        double f = 0;
        int tail = first < 0 ? d : first; // coordinates before i sit on a tentacle
        for (int j = 0; j < tail; j++) {
            double xj = x.get(j);
            double s = sign(xj);
            double du = Math.abs(xj) - 4 * tau;
            f += l * du * du;
            if (g != null) {
                g.set(s * 2 * l * du, j);
            }
            if (hv != null) {
                hv.set(2 * l * v.get(j), j);
            }
        }
        if (first < 0) {
            return f - d * nu;
        }
        f -= first * nu;
        double xi = x.get(first);
        double ui = Math.abs(xi);
        double si = sign(xi);
        int rest; // first index of the plain L·u_j² terms
        if (ui <= tau) {
            f += -gamma * ui * ui;
            if (g != null) {
                g.set(-2 * gamma * xi, first);
            }
            if (hv != null) {
                hv.set(-2 * gamma * v.get(first), first);
            }
            rest = first + 1;
        } else if (first == d - 1) {
            f += g1(ui);
            if (g != null) {
                g.set(si * g1d(ui), first);
            }
            if (hv != null) {
                hv.set(g1dd(ui) * v.get(first), first);
            }
            rest = d;
        } else {
            double xn = x.get(first + 1);
            double un = Math.abs(xn);
            double sn = sign(xn);
            double g2v = g2(ui);
            f += g1(ui) + g2v * un * un;
            if (g != null) {
                g.set(si * (g1d(ui) + g2d(ui) * un * un), first);
                g.set(2 * g2v * xn, first + 1);
            }
            if (hv != null) {
                double hii = g1dd(ui) + g2dd(ui) * un * un;
                double hin = si * sn * 2 * g2d(ui) * un; // ∂²f/∂x_i∂x_{i+1}
                double hnn = 2 * g2v;
                double vi = v.get(first);
                double vn = v.get(first + 1);
                hv.set(hii * vi + hin * vn, first);
                hv.set(hin * vi + hnn * vn, first + 1);
            }
            rest = first + 2;
        }
        for (int j = rest; j < d; j++) {
            double xj = x.get(j);
            f += l * xj * xj;
            if (g != null) {
                g.set(2 * l * xj, j);
            }
            if (hv != null) {
                hv.set(2 * l * v.get(j), j);
            }
        }
        return f;
    }

    private double outside(Tensor x, Tensor g, Tensor hv, int first, int j) {
        if (outside == Outside.ERROR) {
            throw new IllegalStateException(String.format(Locale.ROOT, "octopus: x is outside the domain of the "
                    + "construction: |x_%d| = %.6g > tau = %.6g although |x_%d| = %.6g <= 2 tau", j + 1,
                    Math.abs(x.get(j)), tau, first + 1, Math.abs(x.get(first))));
        }
        if (g != null) {
            g.fill(Double.NaN);
        }
        if (hv != null) {
            hv.fill(Double.NaN);
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double sign(double v) {
        return v < 0 ? -1 : 1;
    }
}
