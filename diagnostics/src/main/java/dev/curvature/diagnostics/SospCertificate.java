package dev.curvature.diagnostics;

import java.util.Locale;

/**
 * The ε-second-order-stationarity certificate at a point. For gradient descent (Jin, Ge,
 * Netrapalli, Kakade &amp; Jordan, "How to escape saddle points efficiently", ICML 2017, Def. 4) x is
 * an ε-SOSP when
 * <pre>  ‖∇f(x)‖ ≤ ε   and   λ_min(∇²f(x)) ≥ −√(ρε);</pre>
 * for P-GD with kernel h and dual scaling λ (Bodard &amp; Patrinos, arXiv 2509.15817, Thm 3.6) when
 * <pre>  λ⁻¹·φ(∇φ*(λ∇f(x))) ≤ ε²   and   λ_min(H_λ(x)) ≥ −√(ρε),   H_λ = ∇²φ*(λ∇f)·∇²f,</pre>
 * with ρ the Lipschitz constant of the (preconditioned) Hessian. λ_min comes from one of the
 * {@link Method}s of {@link SospChecker}. The second-order part is certified only when λ_min
 * {@code converged}: an unconverged Lanczos Ritz value over-estimates λ_min and could hide
 * negative curvature (the dense, closed-form and power-iteration values count as converged).
 *
 * @param stationarity          ‖∇f‖ (plain) or λ⁻¹·φ(∇φ*(λ∇f)) (preconditioned)
 * @param stationarityThreshold ε (plain) or ε² (preconditioned)
 * @param lambdaMin             λ_min estimate of ∇²f or H_λ
 * @param curvatureThreshold    −√(ρε)
 * @param method                how λ_min was computed (never AUTO)
 * @param converged             whether λ_min met its method's accuracy
 * @param hvps                  Hessian-vector products spent
 */
public record SospCertificate(double stationarity, double stationarityThreshold, double lambdaMin,
                              double curvatureThreshold, Method method, boolean converged, int hvps) {

    /** How λ_min is computed; {@link #code()} is the value of the {@code lambda_min_method} column. */
    public enum Method {
        /** Dense below a dimension limit (and always for H_λ), else the closed form, else power iteration. */
        AUTO(0),
        /** Dense eigendecomposition of the matrix assembled column by column from Hessian-vector products. */
        DENSE(1),
        /** The problem's closed-form spectrum ({@link dev.curvature.optim.saddle.HessianSpectrum}). */
        EXACT(2),
        /** Power iteration on Hessian-vector products. */
        POWER(3),
        /** Thick-restart {@link Lanczos} on Hessian-vector products. */
        LANCZOS(4);

        private final int code;

        Method(int code) {
            this.code = code;
        }

        /** 1 dense, 2 closed form, 3 power iteration, 4 Lanczos. */
        public int code() {
            return code;
        }
    }

    /** Parses a {@code sosp_certificate} method name: auto, dense, exact or power. */
    public static Method method(String s) {
        String n = s.toLowerCase(Locale.ROOT);
        for (Method m : new Method[] {Method.AUTO, Method.DENSE, Method.EXACT, Method.POWER}) {
            if (m.name().toLowerCase(Locale.ROOT).equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("sosp_certificate: method = " + s + " is not one of auto, dense, exact, power");
    }

    /** The plain certificate from ‖∇f‖ and λ_min(∇²f). */
    public static SospCertificate plain(double gradNorm, double lambdaMin, Method method, boolean converged, int hvps,
                                        double eps, double rho) {
        return new SospCertificate(gradNorm, eps, lambdaMin, -Math.sqrt(rho * eps), method, converged, hvps);
    }

    /** The preconditioned certificate from the P-GD stationarity measure and λ_min(H_λ). */
    public static SospCertificate preconditioned(double stationarity, double lambdaMin, Method method,
                                                 boolean converged, int hvps, double eps, double rho) {
        return new SospCertificate(stationarity, eps * eps, lambdaMin, -Math.sqrt(rho * eps), method, converged, hvps);
    }

    /** The first-order condition. */
    public boolean firstOrder() {
        return stationarity <= stationarityThreshold;
    }

    /** The second-order condition, certified (λ_min converged). */
    public boolean secondOrder() {
        return converged && lambdaMin >= curvatureThreshold;
    }

    /** Both: x is a certified ε-SOSP. */
    public boolean holds() {
        return firstOrder() && secondOrder();
    }

    /** True when curvature below −√(ρε) was found: x is certainly not an ε-SOSP (a strict-saddle witness). */
    public boolean negativeCurvatureFound() {
        return lambdaMin < curvatureThreshold;
    }
}
