package dev.curvature.diagnostics;

import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.run.Monitor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Monitor of the ε-SOSP certificate ({@link SospCertificate}, computed by {@link SospChecker}).
 * <ul>
 *   <li>plain: columns {@code grad_norm} (the same value as the run's own column),
 *       {@code lambda_min} (of ∇²f) and {@code sosp} (1 when ‖∇f‖ ≤ ε and a converged
 *       λ_min ≥ −√(ρε), else 0);</li>
 *   <li>preconditioned (P-GD with an isotropic kernel and dual scaling λ): columns
 *       {@code stationarity_preconditioned} (λ⁻¹·φ(∇φ*(λ∇f))), {@code lambda_min_preconditioned}
 *       (of H_λ = ∇²φ*(λ∇f)·∇²f) and {@code sosp_preconditioned}.</li>
 * </ul>
 * Start vectors as in {@link HessianExtremes}: from {@code RandomStream.of(seed).fork(t)}.
 */
public final class SospMonitor implements Monitor {
    private final SospChecker checker;
    private final long seed;
    private final double eps;
    private final double rho;
    private final IsotropicKernel kernel;
    private final double lambda;
    private SospCertificate last;

    private SospMonitor(Lanczos.Options options, HessianOperator.Mode mode, long seed, double eps, double rho,
                        IsotropicKernel kernel, double lambda) {
        this.checker = new SospChecker(options, mode);
        this.seed = seed;
        this.eps = eps;
        this.rho = rho;
        this.kernel = kernel;
        this.lambda = lambda;
    }

    /** The plain certificate ‖∇f‖ ≤ ε, λ_min(∇²f) ≥ −√(ρε). */
    public static SospMonitor plain(Lanczos.Options options, HessianOperator.Mode mode, long seed, double eps,
                                    double rho) {
        SospCertificate.plain(0, 0, true, 0, eps, rho); // validates eps and rho
        return new SospMonitor(options, mode, seed, eps, rho, null, 0);
    }

    /** The preconditioned certificate for P-GD with {@code kernel} and dual scaling λ. */
    public static SospMonitor preconditioned(Lanczos.Options options, HessianOperator.Mode mode, long seed,
                                             double eps, double rho, IsotropicKernel kernel, double lambda) {
        SospCertificate.plain(0, 0, true, 0, eps, rho);
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("sosp_preconditioned: lambda = " + lambda + " is outside (0, ∞)");
        }
        return new SospMonitor(options, mode, seed, eps, rho, kernel, lambda);
    }

    @Override
    public Map<String, Double> measure(Problem problem, Blocks x, long step) {
        RandomStream rng = RandomStream.of(seed).fork(step);
        Map<String, Double> out = new LinkedHashMap<>();
        if (kernel == null) {
            last = checker.plain(problem, x, eps, rho, rng);
            out.put("grad_norm", last.stationarity());
            out.put("lambda_min", last.lambdaMin());
            out.put("sosp", last.holds() ? 1.0 : 0.0);
        } else {
            last = checker.preconditioned(problem, x, eps, rho, kernel, lambda, rng);
            out.put("stationarity_preconditioned", last.stationarity());
            out.put("lambda_min_preconditioned", last.lambdaMin());
            out.put("sosp_preconditioned", last.holds() ? 1.0 : 0.0);
        }
        return out;
    }

    /** The certificate of the last measurement (null before the first). */
    public SospCertificate last() {
        return last;
    }

    /** The checker, for the negative-curvature direction of the last measurement. */
    public SospChecker checker() {
        return checker;
    }
}
