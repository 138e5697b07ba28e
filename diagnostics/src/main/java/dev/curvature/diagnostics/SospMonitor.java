package dev.curvature.diagnostics;

import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Problem;
import dev.curvature.optim.run.Monitor;
import dev.curvature.optim.saddle.Kernel;
import dev.curvature.optim.saddle.Preconditioner;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Monitor of the ε-SOSP certificate at x_t ({@link SospCertificate}, Jin et al., ICML 2017;
 * Bodard &amp; Patrinos, arXiv 2509.15817, Thm 3.6), computed by {@link SospChecker}, under three
 * names that differ in how λ_min is found and in their columns:
 * <ul>
 *   <li>{@code sosp_certificate} (dense, closed form or power iteration; plain or, with a
 *       preconditioner, P-GD's): columns {@code sosp_measure} (‖∇f‖, or the preconditioned
 *       measure), {@code lambda_min}, {@code sosp} (1/0) and {@code lambda_min_method} (1 dense,
 *       2 closed form, 3 power iteration);</li>
 *   <li>{@code sosp} (Lanczos, plain): columns {@code grad_norm}, {@code lambda_min} (of ∇²f) and
 *       {@code sosp} (1 when ‖∇f‖ ≤ ε and a converged λ_min ≥ −√(ρε), else 0);</li>
 *   <li>{@code sosp_preconditioned} (Lanczos, P-GD with an isotropic kernel and dual scaling λ):
 *       columns {@code stationarity_preconditioned} (λ⁻¹·φ(∇φ*(λ∇f))),
 *       {@code lambda_min_preconditioned} (of H_λ = ∇²φ*(λ∇f)·∇²f) and {@code sosp_preconditioned}.</li>
 * </ul>
 * Lanczos start vectors as in {@link HessianExtremes}: from {@code RandomStream.of(seed).fork(t)}.
 */
public final class SospMonitor implements Monitor {
    /** Which columns the monitor writes. */
    private enum Columns { CERTIFICATE, PLAIN, PRECONDITIONED }

    private final Columns columns;
    private final SospChecker checker;
    private final long seed;
    private final double eps;
    private final double rho;
    private final Preconditioner preconditioner;
    private SospCertificate last;

    private SospMonitor(String owner, Columns columns, SospChecker checker, long seed, double eps, double rho,
                        Preconditioner preconditioner) {
        this.columns = columns;
        this.checker = checker;
        this.seed = seed;
        this.eps = Check.positive(owner, "eps", eps);
        this.rho = Check.positive(owner, "rho", rho);
        this.preconditioner = preconditioner;
    }

    /**
     * The {@code sosp_certificate} monitor: target ε, Hessian Lipschitz constant ρ, the method and
     * dense limit, the preconditioner of P-GD (null: gradient descent's certificate) and the power
     * iterations. A preconditioned certificate needs the dense method (or auto).
     */
    public static SospMonitor certificate(double eps, double rho, SospCertificate.Method method, int maxDense,
                                          Preconditioner preconditioner, int powerIterations) {
        String owner = "sosp_certificate";
        if (preconditioner != null && (method == SospCertificate.Method.EXACT
                || method == SospCertificate.Method.POWER)) {
            throw new IllegalArgumentException(owner + ": method = " + method.name().toLowerCase(Locale.ROOT)
                    + " cannot certify a preconditioned Hessian; use dense or auto");
        }
        SospChecker checker = new SospChecker(method, (int) Check.atLeast(owner, "max_dense", maxDense, 1),
                (int) Check.atLeast(owner, "power_iterations", powerIterations, 1),
                null, HessianOperator.Mode.EXACT);
        return new SospMonitor(owner, Columns.CERTIFICATE, checker, 0, eps, rho, preconditioner);
    }

    /** The {@code sosp} monitor: ‖∇f‖ ≤ ε, λ_min(∇²f) ≥ −√(ρε) with λ_min by Lanczos. */
    public static SospMonitor plain(Lanczos.Options options, HessianOperator.Mode mode, long seed, double eps,
                                    double rho) {
        return new SospMonitor("sosp", Columns.PLAIN, new SospChecker(options, mode), seed, eps, rho, null);
    }

    /** The {@code sosp_preconditioned} monitor for P-GD with an isotropic {@code kernel} and dual scaling λ. */
    public static SospMonitor preconditioned(Lanczos.Options options, HessianOperator.Mode mode, long seed,
                                             double eps, double rho, Kernel kernel, double lambda) {
        return new SospMonitor("sosp_preconditioned", Columns.PRECONDITIONED, new SospChecker(options, mode), seed,
                eps, rho, new Preconditioner("sosp_preconditioned", kernel, false, lambda));
    }

    @Override
    public Map<String, Double> measure(Problem problem, Blocks x, long step) {
        RandomStream rng = columns == Columns.CERTIFICATE ? null : RandomStream.of(seed).fork(step);
        last = checker.certify(problem, x, eps, rho, preconditioner, rng);
        double sosp = last.holds() ? 1.0 : 0.0;
        Map<String, Double> out = new LinkedHashMap<>();
        switch (columns) {
            case CERTIFICATE -> {
                out.put("sosp_measure", last.stationarity());
                out.put("lambda_min", last.lambdaMin());
                out.put("sosp", sosp);
                out.put("lambda_min_method", (double) last.method().code());
            }
            case PLAIN -> {
                out.put("grad_norm", last.stationarity());
                out.put("lambda_min", last.lambdaMin());
                out.put("sosp", sosp);
            }
            case PRECONDITIONED -> {
                out.put("stationarity_preconditioned", last.stationarity());
                out.put("lambda_min_preconditioned", last.lambdaMin());
                out.put("sosp_preconditioned", sosp);
            }
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
