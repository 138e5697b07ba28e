package dev.curvature.diagnostics;

/**
 * An ε-second-order-stationarity certificate at a point (Jin et al., ICML 2017, Def. 4; Bodard &amp;
 * Patrinos, arXiv 2509.15817, Thm 3.6):
 * <pre>
 *   plain (GD)        ‖∇f(x)‖ ≤ ε                      and  λ_min(∇²f(x)) ≥ −√(ρε)
 *   preconditioned    λ⁻¹·φ(∇φ*(λ∇f(x))) ≤ ε²           and  λ_min(H_λ(x)) ≥ −√(ρε)
 * </pre>
 * with ρ the Lipschitz constant of the (preconditioned) Hessian. λ_min comes from {@link Lanczos}.
 * The second-order part is certified only when Lanczos converged: an unconverged Ritz value
 * over-estimates λ_min and could hide negative curvature.
 *
 * @param stationarity          ‖∇f‖ (plain) or λ⁻¹·φ(∇φ*(λ∇f)) (preconditioned)
 * @param stationarityThreshold ε (plain) or ε² (preconditioned)
 * @param lambdaMin             λ_min estimate of ∇²f or H_λ
 * @param curvatureThreshold    −√(ρε)
 * @param lanczosConverged      whether λ_min met the Lanczos tolerance
 * @param hvps                  Hessian-vector products spent
 */
public record SospCertificate(double stationarity, double stationarityThreshold, double lambdaMin,
                              double curvatureThreshold, boolean lanczosConverged, int hvps) {

    /** The plain certificate from ‖∇f‖ and λ_min(∇²f). */
    public static SospCertificate plain(double gradNorm, double lambdaMin, boolean converged, int hvps, double eps,
                                        double rho) {
        check(eps, rho);
        return new SospCertificate(gradNorm, eps, lambdaMin, -Math.sqrt(rho * eps), converged, hvps);
    }

    /** The preconditioned certificate from the P-GD stationarity measure and λ_min(H_λ). */
    public static SospCertificate preconditioned(double stationarity, double lambdaMin, boolean converged, int hvps,
                                                 double eps, double rho) {
        check(eps, rho);
        return new SospCertificate(stationarity, eps * eps, lambdaMin, -Math.sqrt(rho * eps), converged, hvps);
    }

    private static void check(double eps, double rho) {
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("sosp: eps = " + eps + " is outside (0, ∞)");
        }
        if (!(rho > 0) || !Double.isFinite(rho)) {
            throw new IllegalArgumentException("sosp: rho = " + rho + " is outside (0, ∞)");
        }
    }

    /** The first-order condition. */
    public boolean firstOrder() {
        return stationarity <= stationarityThreshold;
    }

    /** The second-order condition, certified (Lanczos converged). */
    public boolean secondOrder() {
        return lanczosConverged && lambdaMin >= curvatureThreshold;
    }

    /** Both: x is a certified ε-SOSP. */
    public boolean holds() {
        return firstOrder() && secondOrder();
    }

    /** True when Lanczos found curvature below −√(ρε): x is certainly not an ε-SOSP (a strict-saddle witness). */
    public boolean negativeCurvatureFound() {
        return lambdaMin < curvatureThreshold;
    }
}
