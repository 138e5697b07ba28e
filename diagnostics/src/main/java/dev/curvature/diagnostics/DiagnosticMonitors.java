package dev.curvature.diagnostics;

import static dev.curvature.optim.registry.Registry.params;

import dev.curvature.optim.Check;
import dev.curvature.optim.Hyperparameters;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.run.Monitor;
import dev.curvature.optim.run.MonitorRegistry;
import dev.curvature.optim.saddle.Kernel;
import dev.curvature.optim.saddle.Preconditioner;
import java.util.Map;

/**
 * Registers the curvature monitors in {@link MonitorRegistry#MONITORS} so that experiment specs can
 * name them ({@code monitors: [{name: hessian_extremes, every: 50}]}):
 * <ul>
 *   <li>{@code hessian_extremes}: λ_min, λ_max of ∇²f by Lanczos ({@link HessianExtremes});</li>
 *   <li>{@code sosp_certificate}: the ε-SOSP certificate with λ_min dense, in closed form or by power
 *       iteration, plain or for P-GD ({@link SospMonitor#certificate});</li>
 *   <li>{@code sosp}: the ε-SOSP certificate with λ_min by Lanczos, params eps, rho
 *       ({@link SospMonitor#plain});</li>
 *   <li>{@code sosp_preconditioned}: its P-GD form, params eps, rho, kernel, lambda
 *       ({@link SospMonitor#preconditioned});</li>
 *   <li>{@code preconditioned_smoothness}: λ_max(∇²φ*(λ∇f)·∇²f), the left side of Bodard &amp; Patrinos'
 *       Prop. 2.4 (≤ L·L̄ with λ = 1/L̄), params kernel, lambda ({@link PreconditionedSmoothness});</li>
 *   <li>{@code secant_smoothness}: L̂_k = ‖Δ∇f‖/‖Δx‖ ({@link SecantSmoothness}).</li>
 * </ul>
 * The Lanczos monitors (all but sosp_certificate and secant_smoothness) share the parameters tol, basis, keep, max_hvps, seed and hvp (auto, exact
 * or central_difference). Each spec run builds fresh monitor instances, so their workspaces and
 * state belong to one run.
 */
public final class DiagnosticMonitors {
    private static final String LANCZOS_REF = "Lanczos 1950; thick restart: Wu & Simon, SIMAX 22(2) 2000";

    private DiagnosticMonitors() {}

    /** Registers the monitors; calling it again does nothing. */
    public static synchronized void registerAll() {
        register(new Component<>("hessian_extremes",
                "λ_min, λ_max of ∇²f(x_t) by thick-restart Lanczos on Hessian-vector products (columns lambda_min, "
                        + "lambda_max, hessian_norm, lanczos_hvps, lanczos_converged)",
                LANCZOS_REF, lanczosParams(),
                h -> new HessianExtremes(options(h), mode(h), h.integer("seed"))));
        register(new Component<>("sosp_certificate",
                "eps-SOSP certificate at x_t: sosp_measure, lambda_min (dense from HVPs, closed form, or power "
                        + "iteration: lambda_min_method 1/2/3), sosp (0/1); kernel != none certifies P-GD's H_lambda",
                "Jin et al., ICML 2017 (eps-SOSP); Bodard & Patrinos, arXiv 2509.15817, Thm 3.6",
                params("eps", 1e-3, "rho", 1.0, "method", "auto", "max_dense", 2000L, "kernel", "none",
                        "lambda", 1.0, "separable", false, "power_iterations", 500L),
                h -> SospMonitor.certificate(h.number("eps"), h.number("rho"), SospCertificate.method(h.text("method")),
                        (int) h.integer("max_dense"),
                        h.text("kernel").equals("none") ? null : new Preconditioner("sosp_certificate",
                                Kernel.parse("sosp_certificate", h.text("kernel")), h.flag("separable"),
                                h.number("lambda")),
                        (int) h.integer("power_iterations"))));
        Map<String, Object> sosp = params("eps", 1e-3, "rho", 1.0);
        sosp.putAll(lanczosParams());
        register(new Component<>("sosp",
                "ε-SOSP certificate ‖∇f‖ ≤ eps and λ_min(∇²f) ≥ −√(rho·eps) (columns grad_norm, lambda_min, sosp 1/0)",
                "Jin et al., ICML 2017, Def. 4", sosp,
                h -> SospMonitor.plain(options(h), mode(h), h.integer("seed"), positive(h, "eps"), positive(h, "rho"))));
        Map<String, Object> pre = params("eps", 1e-3, "rho", 1.0, "kernel", "cosh", "lambda", 1.0);
        pre.putAll(lanczosParams());
        register(new Component<>("sosp_preconditioned",
                "P-GD ε-SOSP: λ⁻¹φ(∇φ*(λ∇f)) ≤ eps² and λ_min(∇²φ*(λ∇f)·∇²f) ≥ −√(rho·eps); kernel quadratic, "
                        + "cosh, exp, log or clip (columns stationarity_preconditioned, lambda_min_preconditioned, "
                        + "sosp_preconditioned)",
                "Bodard & Patrinos, arXiv 2509.15817, Thm 3.6", pre,
                h -> SospMonitor.preconditioned(options(h), mode(h), h.integer("seed"), positive(h, "eps"),
                        positive(h, "rho"), kernel(h), positive(h, "lambda"))));
        Map<String, Object> ps = params("kernel", "cosh", "lambda", 1.0);
        ps.putAll(lanczosParams());
        register(new Component<>("preconditioned_smoothness",
                "λ_max(∇²φ*(λ∇f)·∇²f) by Lanczos on P^{1/2}∇²f P^{1/2}, the second-order anisotropic smoothness "
                        + "condition λ_max ≤ L·L̄ with λ = 1/L̄; kernel quadratic, cosh, exp, log or clip (columns "
                        + "lambda_max_preconditioned, anisotropic_l = λ·λ_max, preconditioned_hvps, "
                        + "preconditioned_converged)",
                "Bodard & Patrinos, arXiv 2509.15817, Prop. 2.4", ps,
                h -> new PreconditionedSmoothness(options(h), mode(h), h.integer("seed"), kernel(h),
                        positive(h, "lambda"))));
        register(new Component<>("secant_smoothness",
                "secant smoothness ‖∇f(x_t) − ∇f(x_prev)‖/‖x_t − x_prev‖ between measurements (column "
                        + "smoothness_secant)",
                "Alimisis, Islamov & Lucchi, arXiv 2510.03164, §3.2", params(),
                h -> new SecantSmoothness()));
    }

    private static void register(Component<Monitor> c) {
        if (!MonitorRegistry.MONITORS.contains(c.name())) {
            MonitorRegistry.MONITORS.register(c);
        }
    }

    private static Map<String, Object> lanczosParams() {
        return params("tol", 1e-8, "basis", 30L, "keep", 8L, "max_hvps", 300L, "seed", 0L, "hvp", "auto");
    }

    private static Lanczos.Options options(Hyperparameters h) {
        String o = h.owner();
        int basis = (int) Check.atLeast(o, "basis", Math.min(h.integer("basis"), 100_000), 3);
        int keep = (int) Check.atLeast(o, "keep", Math.min(h.integer("keep"), 100_000), 1);
        double tol = Check.range(o, "tol", h.number("tol"), 0, true, 1, false);
        int maxHvps = (int) Check.atLeast(o, "max_hvps", Math.min(h.integer("max_hvps"), Integer.MAX_VALUE), 1);
        return new Lanczos.Options(basis, keep, tol, maxHvps);
    }

    private static HessianOperator.Mode mode(Hyperparameters h) {
        try {
            return HessianOperator.Mode.of(h.text("hvp"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(h.owner() + ": " + e.getMessage(), e);
        }
    }

    private static Kernel kernel(Hyperparameters h) {
        return Kernel.parse(h.owner(), h.text("kernel"));
    }

    private static double positive(Hyperparameters h, String name) {
        return Check.positive(h.owner(), name, h.number(name));
    }
}
