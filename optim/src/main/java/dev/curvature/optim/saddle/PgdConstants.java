package dev.curvature.optim.saddle;

import java.util.OptionalDouble;

/**
 * The parameters of perturbed gradient descent, Algorithm 2 of Jin, Ge, Netrapalli, Kakade &amp;
 * Jordan, "How to escape saddle points efficiently" (ICML 2017, arXiv 1703.00887), derived from
 * (d, ℓ, ρ, ε, c, δ, Δf):
 * <pre>
 *   χ       = 3·max{ ln(d·ℓ·Δf / (c·ε²·δ)), 4 }
 *   η       = c/ℓ
 *   r       = (√c/χ²)·(ε/ℓ)
 *   g_thres = (√c/χ²)·ε
 *   f_thres = (c/χ³)·√(ε³/ρ)
 *   t_thres = (χ/c²)·(ℓ/√(ρε))
 * </pre>
 * with the natural logarithm. The iteration compares whole step counts with t_thres, so the
 * algorithm uses {@link #tThresSteps()} = ⌈t_thres⌉ (a choice: the paper treats t_thres as an
 * integer without saying how it is rounded).
 *
 * @param chi    χ
 * @param eta    the step η
 * @param radius the perturbation radius r
 * @param gThres the gradient-norm threshold for perturbing
 * @param fThres the decrease that counts as an escape
 * @param tThres the escape window (real; see {@link #tThresSteps()})
 */
public record PgdConstants(double chi, double eta, double radius, double gThres, double fThres, double tThres) {

    /** Derives the constants of Algorithm 2 from its inputs. */
    public static PgdConstants derive(long d, double ell, double rho, double eps, double c, double delta,
                                      double deltaF) {
        double chi = 3 * Math.max(Math.log(d * ell * deltaF / (c * eps * eps * delta)), 4);
        double eta = c / ell;
        double radius = Math.sqrt(c) / (chi * chi) * (eps / ell);
        double gThres = Math.sqrt(c) / (chi * chi) * eps;
        double fThres = c / (chi * chi * chi) * Math.sqrt(eps * eps * eps / rho);
        double tThres = chi / (c * c) * (ell / Math.sqrt(rho * eps));
        return new PgdConstants(chi, eta, radius, gThres, fThres, tThres);
    }

    /** These constants with each override that is present replacing the derived value. */
    public PgdConstants override(OptionalDouble etaOverride, OptionalDouble radiusOverride,
                                 OptionalDouble gThresOverride, OptionalDouble fThresOverride,
                                 OptionalDouble tThresOverride) {
        return new PgdConstants(chi, etaOverride.orElse(eta), radiusOverride.orElse(radius),
                gThresOverride.orElse(gThres), fThresOverride.orElse(fThres), tThresOverride.orElse(tThres));
    }

    /** ⌈t_thres⌉, at least 1: the escape window in whole steps. */
    public long tThresSteps() {
        return Math.max(1, (long) Math.ceil(tThres));
    }
}
