package dev.curvature.optim.saddle;

import java.util.OptionalDouble;

/**
 * The parameter rules of Algorithm 1 (perturbed P-GD), eq. (12) of Bodard &amp; Patrinos, arXiv
 * 2509.15817, with χ of Thm 3.6 and the escape decrease ℱ of eq. (13):
 * <pre>
 *   χ = log₂( L²·√n·Δf / (c·√ρ·L̄·ε^{5/2}·δ) )
 *   γ = 1/L,   λ = 1/L̄,   r = ε/(400χ³),   𝒯 = (L/√(ρε))·χ,   𝒢 = min{1, 1/√λ}·r
 *   ℱ = (1/(50·λ·χ³))·√(ε³/ρ)
 * </pre>
 * λ = 1/L̄ is used although the paper's text shows λ = 1/L: the paper's complexity (the factor L/L̄
 * and the terms 50χ⁴ and 200·min{1, √L̄}) only works out with λ = 1/L̄. χ is taken at least 1 (the
 * formula is meant for the regime where its argument is large; c ≤ c_max = 2⁻³⁹ in the proof).
 * Algorithm 1 compares whole iteration counts with 𝒯, so it uses {@link #intervalSteps()} = ⌈𝒯⌉.
 *
 * @param chi       χ
 * @param gamma     the step γ
 * @param lambda    the dual scaling λ
 * @param radius    the perturbation radius r (the perturbation is γ·ξ, ξ ∈ B₀(r))
 * @param interval  the interval 𝒯 between perturbations
 * @param tolerance the tolerance 𝒢 (perturb when λ⁻¹φ(∇φ*(λ∇f)) ≤ 𝒢²/2)
 * @param fThres    ℱ, the decrease that counts as an escape in the event record
 */
public record Algorithm1Constants(double chi, double gamma, double lambda, double radius, double interval,
                                  double tolerance, double fThres) {

    /** The constants of eq. (12)–(13) for smoothness (L, L̄), Hessian Lipschitz ρ, target ε, c, δ, Δf, n. */
    public static Algorithm1Constants derive(double l, double lbar, double rho, double eps, double c, double delta,
                                             double deltaF, long n) {
        double arg = l * l * Math.sqrt((double) n) * deltaF / (c * Math.sqrt(rho) * lbar * Math.pow(eps, 2.5) * delta);
        double chi = Math.max(1, Math.log(arg) / Math.log(2));
        double gamma = 1 / l;
        double lambda = 1 / lbar;
        double radius = eps / (400 * chi * chi * chi);
        double interval = l / Math.sqrt(rho * eps) * chi;
        double tolerance = Math.min(1, 1 / Math.sqrt(lambda)) * radius;
        double fThres = 1 / (50 * lambda * chi * chi * chi) * Math.sqrt(eps * eps * eps / rho);
        return new Algorithm1Constants(chi, gamma, lambda, radius, interval, tolerance, fThres);
    }

    /**
     * These constants with each override that is present replacing the derived value; a λ override
     * also changes the derived 𝒢 and ℱ, which depend on it.
     */
    public Algorithm1Constants override(OptionalDouble gammaO, OptionalDouble lambdaO, OptionalDouble radiusO,
                                        OptionalDouble intervalO, OptionalDouble toleranceO, OptionalDouble fThresO) {
        double lam = lambdaO.orElse(lambda);
        double r = radiusO.orElse(radius);
        double tol = toleranceO.isPresent() ? toleranceO.getAsDouble() : Math.min(1, 1 / Math.sqrt(lam)) * r;
        double f = fThresO.isPresent() ? fThresO.getAsDouble() : fThres * lambda / lam;
        return new Algorithm1Constants(chi, gammaO.orElse(gamma), lam, r, intervalO.orElse(interval), tol, f);
    }

    /** ⌈𝒯⌉, at least 1. */
    public long intervalSteps() {
        return Math.max(1, (long) Math.ceil(interval));
    }
}
