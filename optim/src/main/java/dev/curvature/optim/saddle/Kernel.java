package dev.curvature.optim.saddle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scalar kernels h of the reference functions φ of nonlinearly preconditioned gradient descent
 * (Bodard &amp; Patrinos, "Escaping saddle points without Lipschitz smoothness: the power of nonlinear
 * preconditioning", arXiv 2509.15817, NeurIPS 2025, §2–3): φ(x) = h(‖x‖) (isotropic) or
 * φ(x) = Σ_i h(x_i) (separable). For each kernel this class gives h, the derivative of its convex
 * conjugate h*′ on s ≥ 0, h*″, the ratio h*′(s)/s, and the stationarity measure h(h*′(s)), in
 * closed form:
 *
 * <pre>
 *   kernel                       h*′(s)        h*″(s)             h(h*′(s))
 *   quadratic  ½x²               s             1                  s²/2
 *   cosh (h1)  cosh x − 1        asinh(s)      1/√(1+s²)          √(1+s²) − 1
 *   exp (h2)   e^|x| − |x| − 1   ln(1+s)       1/(1+s)            s − ln(1+s)
 *   log (h3)   −|x| − ln(1−|x|)  s/(1+s)       1/(1+s)²           ln(1+s) − s/(1+s)
 *   clip       ½x² + δ_[−1,1]    min(s, 1)     1 if s &lt; 1, else 0  ½·min(s, 1)²
 * </pre>
 *
 * What P-GD and its second-order analysis need from them:
 * <pre>
 *   P-GD step        x⁺ = x − γ·∇φ*(λ∇f(x)),   ∇φ*(y) = h*′(‖y‖)·y/‖y‖   (isotropic)
 *   stationarity     λ⁻¹·φ(∇φ*(λ∇f(x))) = λ⁻¹·h(h*′(s)),   s = λ‖∇f(x)‖
 *   ∇²φ*(y)          h*″(‖y‖)·ŷŷᵀ + (h*′(‖y‖)/‖y‖)·(I − ŷŷᵀ),   ∇²φ*(0) = I
 * </pre>
 *
 * The quadratic kernel makes P-GD plain gradient descent with step γλ; the clip kernel makes it
 * gradient clipping, x⁺ = x − γ·min(1/‖∇f‖, 1/L̄)·∇f for λ = 1/L̄ (Thm 3.2). The closed forms are
 * evaluated without cancellation for small s (series) and without overflow for large s.
 */
public enum Kernel {
    /** h(x) = x²/2: gradient descent. */
    QUADRATIC("quadratic", "gd") {
        @Override
        public double h(double x) {
            return 0.5 * x * x;
        }

        @Override
        public double conjugateDerivative(double s) {
            return s;
        }

        @Override
        public double conjugateSecondDerivative(double s) {
            return 1;
        }

        @Override
        double ratio(double s) {
            return 1;
        }

        @Override
        public double stationarity(double s) {
            return 0.5 * s * s;
        }
    },
    /** h1(x) = cosh(x) − 1. */
    COSH("cosh", "h1") {
        @Override
        public double h(double x) {
            return 2 * square(Math.sinh(0.5 * x)); // cosh x − 1 without cancellation near 0
        }

        @Override
        public double conjugateDerivative(double s) {
            return asinh(s);
        }

        @Override
        public double conjugateSecondDerivative(double s) {
            return 1 / Math.hypot(1, s);
        }

        @Override
        double ratio(double s) {
            return asinh(s) / s;
        }

        @Override
        public double stationarity(double s) {
            double root = Math.hypot(1, s);
            return s > 1e150 ? s - 1 : s * s / (root + 1);
        }
    },
    /** h2(x) = exp(|x|) − |x| − 1. */
    EXP("exp", "h2") {
        @Override
        public double h(double x) {
            double a = Math.abs(x);
            return a < 1e-3 ? a * a * (0.5 + a * (1.0 / 6 + a * (1.0 / 24 + a / 120))) : Math.expm1(a) - a;
        }

        @Override
        public double conjugateDerivative(double s) {
            return Math.log1p(s);
        }

        @Override
        public double conjugateSecondDerivative(double s) {
            return 1 / (1 + s);
        }

        @Override
        double ratio(double s) {
            return Math.log1p(s) / s;
        }

        @Override
        public double stationarity(double s) {
            if (s < 1e-3) {
                // s − ln(1+s) = s²/2 − s³/3 + s⁴/4 − s⁵/5 + …
                return s * s * (0.5 - s * (1.0 / 3 - s * (0.25 - s * 0.2)));
            }
            return s - Math.log1p(s);
        }
    },
    /** h3(x) = −|x| − ln(1 − |x|) on (−1, 1), +∞ outside. */
    LOG("log", "h3") {
        @Override
        public double h(double x) {
            double a = Math.abs(x);
            if (a >= 1) {
                return Double.POSITIVE_INFINITY;
            }
            return a < 1e-3 ? a * a * (0.5 + a * (1.0 / 3 + a * (0.25 + a * 0.2))) : -a - Math.log1p(-a);
        }

        @Override
        public double conjugateDerivative(double s) {
            return s / (1 + s);
        }

        @Override
        public double conjugateSecondDerivative(double s) {
            return 1 / square(1 + s);
        }

        @Override
        double ratio(double s) {
            return 1 / (1 + s);
        }

        @Override
        public double stationarity(double s) {
            if (s < 1e-3) {
                // ln(1+s) − s/(1+s) = s²/2 − 2s³/3 + 3s⁴/4 − 4s⁵/5 + …
                return s * s * (0.5 - s * (2.0 / 3 - s * (0.75 - s * 0.8)));
            }
            return Math.log1p(s) - s / (1 + s);
        }
    },
    /** Hard clipping: h(x) = x²/2 on [−1, 1], +∞ outside, so h*′(s) = min(s, 1). */
    CLIP("clip", "clip") {
        @Override
        public double h(double x) {
            return Math.abs(x) <= 1 ? 0.5 * x * x : Double.POSITIVE_INFINITY;
        }

        @Override
        public double conjugateDerivative(double s) {
            return Math.min(s, 1);
        }

        @Override
        public double conjugateSecondDerivative(double s) {
            return s < 1 ? 1 : 0;
        }

        @Override
        double ratio(double s) {
            return s <= 1 ? 1 : 1 / s;
        }

        @Override
        public double stationarity(double s) {
            double c = Math.min(s, 1);
            return 0.5 * c * c;
        }
    };

    private final String id;
    private final String alias;

    Kernel(String id, String alias) {
        this.id = id;
        this.alias = alias;
    }

    /** The name used in specs: quadratic, cosh, exp, log or clip. */
    public String id() {
        return id;
    }

    /** h(x). */
    public abstract double h(double x);

    /** h*′(s) for s ≥ 0 (extended oddly to s &lt; 0 by callers): the length of the preconditioned step. */
    public abstract double conjugateDerivative(double s);

    /** h*″(s) for s ≥ 0 (the one-sided value at the clip kernel's kink s = 1 is 0). */
    public abstract double conjugateSecondDerivative(double s);

    /**
     * h*′(s)/s for s ≥ 0, with its limit 1 at s = 0: the eigenvalue of ∇²φ*(y) across y at ‖y‖ = s
     * (isotropic kernels), in a form without the division where one exists.
     */
    public double conjugateDerivativeRatio(double s) {
        return s == 0 ? 1 : ratio(s);
    }

    abstract double ratio(double s);

    /** h(h*′(s)) for s ≥ 0; divided by λ it is the stationarity measure λ⁻¹·φ(∇φ*(λ∇f)). */
    public abstract double stationarity(double s);

    /**
     * Every name {@link #parse} accepts, as one list for the declarations of the components that
     * take a kernel: the kernels' names, then the paper's names h1, h2, h3 and gd.
     */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Kernel k : values()) {
            out.add(k.id);
        }
        for (Kernel k : values()) {
            if (!out.contains(k.alias)) {
                out.add(k.alias);
            }
        }
        return out;
    }

    /**
     * The kernel named {@code name}, case-insensitive and trimmed, also by the paper's names h1, h2, h3
     * and gd for quadratic; {@code owner} prefixes the error message.
     */
    public static Kernel parse(String owner, String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Kernel k : values()) {
            if (k.id.equals(n) || k.alias.equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException(owner + ": kernel = " + name + " is not one of "
                + String.join(", ", names()));
    }

    /**
     * asinh(s), accurate for small |s| and without overflow for large |s|; above 10⁸ the dropped
     * term 1/(4s²) of ln(2s) + 1/(4s²) is below half an ulp of the result (≥ 19).
     */
    public static double asinh(double s) {
        double a = Math.abs(s);
        double r;
        if (a > 1e8) {
            r = Math.log(a) + Math.log(2);
        } else {
            r = Math.log1p(a + a * a / (1 + Math.hypot(1, a)));
        }
        return Math.copySign(r, s);
    }

    private static double square(double x) {
        return x * x;
    }
}
