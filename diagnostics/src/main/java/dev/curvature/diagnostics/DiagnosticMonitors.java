package dev.curvature.diagnostics;

import static dev.curvature.optim.registry.Param.choice;
import static dev.curvature.optim.registry.Param.flag;
import static dev.curvature.optim.registry.Param.integer;
import static dev.curvature.optim.registry.Param.number;

import dev.curvature.optim.Check;
import dev.curvature.optim.Hyperparameters;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.run.Monitor;
import dev.curvature.optim.saddle.Kernel;
import dev.curvature.optim.saddle.Preconditioner;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The curvature monitors, registered through {@link DiagnosticsContributions} so that experiment
 * specs can name them ({@code monitors: [{name: hessian_extremes, every: 50}]}):
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

    /** Registers hessian_extremes, sosp_certificate, sosp, sosp_preconditioned, preconditioned_smoothness and secant_smoothness. */
    public static void registerAll(Registry<Monitor> monitors) {
        monitors.register(new Component<>("hessian_extremes",
                "λ_min, λ_max of ∇²f(x_t) by thick-restart Lanczos on Hessian-vector products (columns lambda_min, "
                        + "lambda_max, hessian_norm, lanczos_hvps, lanczos_converged)",
                LANCZOS_REF, lanczosParams(),
                h -> new HessianExtremes(options(h), mode(h), h.integer("seed"))));
        monitors.register(new Component<>("sosp_certificate",
                "eps-SOSP certificate at x_t: sosp_measure, lambda_min (dense from HVPs, closed form, or power "
                        + "iteration: lambda_min_method 1/2/3), sosp (0/1); kernel != none certifies P-GD's H_lambda",
                "Jin et al., ICML 2017 (eps-SOSP); Bodard & Patrinos, arXiv 2509.15817, Thm 3.6",
                List.of(number("eps", 1e-3).positive().symbol("ε").doc("gradient bound of the certificate"),
                        number("rho", 1.0).positive().symbol("ρ").doc("Hessian Lipschitz constant"),
                        choice("method", "auto", "auto", "dense", "exact", "power")
                                .doc("how λ_min is computed: dense from HVPs, closed form (exact) or power iteration"),
                        integer("max_dense", 2000L).atLeast(1).doc("largest dimension for the dense Hessian"),
                        choice("kernel", "none", Stream.concat(Stream.of("none"), Kernel.names().stream())
                                .toArray(String[]::new))
                                .doc("P-GD kernel whose H_λ is certified (none: plain ∇²f)"),
                        number("lambda", 1.0).positive().symbol("λ").doc("P-GD scaling λ"),
                        flag("separable", false).doc("apply the kernel per coordinate instead of to the norm"),
                        integer("power_iterations", 500L).atLeast(1).doc("iterations of the power method")),
                h -> SospMonitor.certificate(h.number("eps"), h.number("rho"), SospCertificate.method(h.text("method")),
                        h.intValue("max_dense"),
                        h.text("kernel").equals("none") ? null : new Preconditioner("sosp_certificate",
                                Kernel.parse("sosp_certificate", h.text("kernel")), h.flag("separable"),
                                h.number("lambda")),
                        h.intValue("power_iterations"))));
        List<Param> sosp = with(List.of(eps(), rho()), lanczosParams());
        monitors.register(new Component<>("sosp",
                "ε-SOSP certificate ‖∇f‖ ≤ eps and λ_min(∇²f) ≥ −√(rho·eps) (columns grad_norm, lambda_min, sosp 1/0)",
                "Jin et al., ICML 2017, Def. 4", sosp,
                h -> SospMonitor.plain(options(h), mode(h), h.integer("seed"), positive(h, "eps"), positive(h, "rho"))));
        List<Param> pre = with(List.of(eps(), rho(), kernel(), lambda()), lanczosParams());
        monitors.register(new Component<>("sosp_preconditioned",
                "P-GD ε-SOSP: λ⁻¹φ(∇φ*(λ∇f)) ≤ eps² and λ_min(∇²φ*(λ∇f)·∇²f) ≥ −√(rho·eps); kernel quadratic, "
                        + "cosh, exp, log or clip (columns stationarity_preconditioned, lambda_min_preconditioned, "
                        + "sosp_preconditioned)",
                "Bodard & Patrinos, arXiv 2509.15817, Thm 3.6", pre,
                h -> SospMonitor.preconditioned(options(h), mode(h), h.integer("seed"), positive(h, "eps"),
                        positive(h, "rho"), kernel(h), positive(h, "lambda"))));
        List<Param> ps = with(List.of(kernel(), lambda()), lanczosParams());
        monitors.register(new Component<>("preconditioned_smoothness",
                "λ_max(∇²φ*(λ∇f)·∇²f) by Lanczos on P^{1/2}∇²f P^{1/2}, the second-order anisotropic smoothness "
                        + "condition λ_max ≤ L·L̄ with λ = 1/L̄; kernel quadratic, cosh, exp, log or clip (columns "
                        + "lambda_max_preconditioned, anisotropic_l = λ·λ_max, preconditioned_hvps, "
                        + "preconditioned_converged)",
                "Bodard & Patrinos, arXiv 2509.15817, Prop. 2.4", ps,
                h -> new PreconditionedSmoothness(options(h), mode(h), h.integer("seed"), kernel(h),
                        positive(h, "lambda"))));
        monitors.register(new Component<>("secant_smoothness",
                "secant smoothness ‖∇f(x_t) − ∇f(x_prev)‖/‖x_t − x_prev‖ between measurements (column "
                        + "smoothness_secant)",
                "Alimisis, Islamov & Lucchi, arXiv 2510.03164, §3.2", List.of(),
                h -> new SecantSmoothness()));
    }

    private static List<Param> lanczosParams() {
        return List.of(number("tol", 1e-8).range(0, true, 1, false).doc("relative tolerance of the Ritz values"),
                integer("basis", 30L).atLeast(3).doc("largest Krylov basis before a thick restart"),
                integer("keep", 8L).atLeast(1).doc("Ritz vectors kept at a restart"),
                integer("max_hvps", 300L).atLeast(1).doc("Hessian-vector products per measurement"),
                integer("seed", 0L).doc("seed of the start vector"),
                choice("hvp", "auto", "auto", "exact", "central_difference", "fd", "finite_difference")
                        .doc("Hessian-vector products: exact, by central differences, or exact when available"));
    }

    private static List<Param> with(List<Param> first, List<Param> more) {
        List<Param> all = new ArrayList<>(first);
        all.addAll(more);
        return all;
    }

    private static Param eps() {
        return number("eps", 1e-3).positive().symbol("ε").doc("accuracy of the ε-SOSP");
    }

    private static Param rho() {
        return number("rho", 1.0).positive().symbol("ρ").doc("Hessian Lipschitz constant");
    }

    private static Param kernel() {
        return choice("kernel", "cosh", Kernel.names().toArray(String[]::new))
                .symbol("φ").doc("preconditioning kernel (gd = quadratic, h1 = cosh, h2 = exp, h3 = log)");
    }

    private static Param lambda() {
        return number("lambda", 1.0).positive().symbol("λ").doc("scaling of the gradient inside ∇φ*");
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
