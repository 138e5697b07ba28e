package dev.curvature.diagnostics;

import java.util.Locale;

/**
 * The scalar kernels h of isotropic reference functions φ(x) = h(‖x‖) for nonlinearly
 * preconditioned gradient descent (Bodard &amp; Patrinos, arXiv 2509.15817, §2–3; closed forms of
 * the spec's table, §1.1), with everything P-GD and its second-order test need from them:
 * <pre>
 *   P-GD step        x⁺ = x − γ·∇φ*(λ∇f(x)),   ∇φ*(y) = h*′(‖y‖)·y/‖y‖
 *   stationarity     λ⁻¹·φ(∇φ*(λ∇f(x))) = λ⁻¹·h(h*′(s)),   s = λ‖∇f(x)‖
 *   preconditioner   ∇²φ*(y) = h*″(‖y‖)·ŷŷᵀ + (h*′(‖y‖)/‖y‖)·(I − ŷŷᵀ),   ∇²φ*(0) = I
 * </pre>
 * <table>
 *   <caption>kernels (s ≥ 0)</caption>
 *   <tr><th>kernel</th><th>h(t)</th><th>h*′(s)</th><th>h*″(s)</th><th>λ·stationarity</th></tr>
 *   <tr><td>quadratic</td><td>t²/2</td><td>s</td><td>1</td><td>s²/2</td></tr>
 *   <tr><td>cosh (h1)</td><td>cosh t − 1</td><td>asinh s</td><td>1/√(1+s²)</td><td>√(1+s²) − 1</td></tr>
 *   <tr><td>exp (h2)</td><td>e^t − t − 1</td><td>ln(1+s)</td><td>1/(1+s)</td><td>s − ln(1+s)</td></tr>
 *   <tr><td>log (h3)</td><td>−t − ln(1−t), t &lt; 1</td><td>s/(1+s)</td><td>1/(1+s)²</td><td>ln(1+s) − s/(1+s)</td></tr>
 *   <tr><td>clip</td><td>t²/2 + δ_[0,1](t)</td><td>min(s, 1)</td><td>1 if s &lt; 1, else 0</td><td>s²/2 if s ≤ 1, else 1/2</td></tr>
 * </table>
 * Every formula is evaluated without cancellation near s = 0 and without overflow for large s.
 * The class is self-contained (no dependency beyond the JDK) so that an optimizer can use the
 * same definitions: {@link #gradientScale} is the factor of the P-GD step.
 */
public enum IsotropicKernel {
    /** h(t) = t²/2: plain gradient descent with step γλ. */
    QUADRATIC("quadratic"),
    /** h1(t) = cosh t − 1. */
    COSH("cosh"),
    /** h2(t) = e^|t| − |t| − 1. */
    EXP("exp"),
    /** h3(t) = −|t| − ln(1 − |t|) on (−1, 1). */
    LOG("log"),
    /** Hard gradient clipping: h(t) = t²/2 + δ_[−1,1](t). */
    CLIP("clip");

    private static final double LN2 = Math.log(2);

    private final String id;

    IsotropicKernel(String id) {
        this.id = id;
    }

    /** The name used in specs: quadratic, cosh, exp, log or clip. */
    public String id() {
        return id;
    }

    /** The kernel named {@code name} (also h1, h2, h3 and gd for quadratic), case-insensitive. */
    public static IsotropicKernel of(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "quadratic", "gd" -> QUADRATIC;
            case "cosh", "h1" -> COSH;
            case "exp", "h2" -> EXP;
            case "log", "h3" -> LOG;
            case "clip" -> CLIP;
            default -> throw new IllegalArgumentException("kernel = " + name
                    + " is not one of quadratic, cosh (h1), exp (h2), log (h3), clip");
        };
    }

    /** h(t) for t ≥ 0 (+∞ outside the domain of log and clip). */
    public double h(double t) {
        t = Math.abs(t);
        return switch (this) {
            case QUADRATIC -> 0.5 * t * t;
            case COSH -> {
                double sh = Math.sinh(0.5 * t);
                yield 2 * sh * sh; // cosh t − 1 without cancellation
            }
            case EXP -> Math.expm1(t) - t;
            case LOG -> t < 1 ? -t - Math.log1p(-t) : Double.POSITIVE_INFINITY;
            case CLIP -> t <= 1 ? 0.5 * t * t : Double.POSITIVE_INFINITY;
        };
    }

    /** h*′(s) for s ≥ 0: the length of ∇φ*(y) at ‖y‖ = s. */
    public double dualDerivative(double s) {
        return switch (this) {
            case QUADRATIC -> s;
            case COSH -> asinh(s);
            case EXP -> Math.log1p(s);
            case LOG -> s / (1 + s);
            case CLIP -> Math.min(s, 1);
        };
    }

    /** h*″(s) for s ≥ 0: the curvature of φ* along y. For clip, 0 at s ≥ 1 (the kink taken from the right). */
    public double dualSecondDerivative(double s) {
        return switch (this) {
            case QUADRATIC -> 1;
            case COSH -> 1 / Math.hypot(1, s);
            case EXP -> 1 / (1 + s);
            case LOG -> 1 / ((1 + s) * (1 + s));
            case CLIP -> s < 1 ? 1 : 0;
        };
    }

    /** h*′(s)/s for s ≥ 0, with its limit 1 at s = 0: the curvature of φ* across y. */
    public double dualDerivativeRatio(double s) {
        if (s == 0) {
            return 1;
        }
        return switch (this) {
            case QUADRATIC -> 1;
            case COSH -> asinh(s) / s;
            case EXP -> Math.log1p(s) / s;
            case LOG -> 1 / (1 + s);
            case CLIP -> s <= 1 ? 1 : 1 / s;
        };
    }

    /**
     * The P-GD stationarity measure λ⁻¹·φ(∇φ*(λg)) = λ⁻¹·h(h*′(s)) at s = λ‖g‖. It is ≈ λ‖g‖²/2
     * for small s, like GD's; an ε-SOSP of P-GD requires it to be at most ε².
     */
    public double stationarity(double s, double lambda) {
        double v = switch (this) {
            case QUADRATIC -> 0.5 * s * s;
            case COSH -> s <= 1 ? s * s / (Math.hypot(1, s) + 1) : Math.hypot(1, s) - 1;
            case EXP -> s < 0.1 ? alternatingSeries(s, false) : s - Math.log1p(s);
            case LOG -> s < 0.1 ? alternatingSeries(s, true) : Math.log1p(s) - s / (1 + s);
            case CLIP -> s <= 1 ? 0.5 * s * s : 0.5;
        };
        return v / lambda;
    }

    /**
     * The factor c with ∇φ*(λg) = c·g: c = h*′(λ‖g‖)/‖g‖ = λ·h*′(s)/s (λ at g = 0). The P-GD step is
     * x⁺ = x − γ·c·∇f(x).
     */
    public double gradientScale(double gradNorm, double lambda) {
        return lambda * dualDerivativeRatio(lambda * gradNorm);
    }

    /** asinh(s) = ln(s + √(1+s²)) for s ≥ 0, accurate near 0 and free of overflow. */
    static double asinh(double s) {
        if (s > 1e8) {
            return Math.log(s) + LN2 + 0.25 / (s * s);
        }
        return Math.log1p(s + s * s / (1 + Math.hypot(1, s)));
    }

    /**
     * For s &lt; 0.1: s − ln(1+s) = Σ_{k≥2} (−1)^k s^k/k, or (weighted) ln(1+s) − s/(1+s) =
     * Σ_{k≥2} (−1)^k (k−1)/k·s^k; 20 terms leave a relative error below 10⁻¹⁸.
     */
    private static double alternatingSeries(double s, boolean weighted) {
        double sum = 0;
        double p = s;
        for (int k = 2; k <= 21; k++) {
            p *= -s; // (−1)^{k+1}·s^k
            double term = weighted ? (k - 1.0) / k : 1.0 / k;
            sum -= p * term;
        }
        return sum;
    }
}
