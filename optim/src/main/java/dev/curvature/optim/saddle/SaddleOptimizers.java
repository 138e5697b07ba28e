package dev.curvature.optim.saddle;

import static dev.curvature.optim.registry.Param.numberOrAuto;
import static dev.curvature.optim.registry.Param.choice;
import static dev.curvature.optim.registry.Param.flag;
import static dev.curvature.optim.registry.Param.integer;
import static dev.curvature.optim.registry.Param.number;

import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Hyperparameters;
import dev.curvature.optim.Transform;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.run.Monitor;
import dev.curvature.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The saddle-escape and nonlinearly preconditioned methods by name, with their defaults and papers,
 * and the monitors that go with them. Parameters given as {@code auto} are derived from the
 * paper's rules at the first step.
 */
public final class SaddleOptimizers {
    private SaddleOptimizers() {}

    /** Registers pgd, perturbed_gd_du, p_gd and perturbed_p_gd. */
    public static void registerAll(Registry<Transform> r) {
        r.register(new Component<>(PerturbedGradientDescent.NAME,
                "perturbed gradient descent (Algorithm 2) with its termination rule; constants from (ell, rho, eps, c, "
                        + "delta, delta_f), each overridable",
                "Jin, Ge, Netrapalli, Kakade & Jordan, How to escape saddle points efficiently, ICML 2017",
                // ℓ is required: it sets the step c/ℓ, and no default is safe (ℓ = 1 diverges on Rosenbrock).
                List.of(number("ell").positive().symbol("ℓ").doc("gradient Lipschitz constant (required: the step is c/ℓ)"),
                        number("rho", 1.0).positive().symbol("ρ").doc("Hessian Lipschitz constant"),
                        number("eps", 1e-3).positive().symbol("ε").doc("target accuracy of the ε-SOSP"),
                        number("c", 1.0).positive().symbol("c").doc("the absolute constant of the parameter rules"),
                        number("delta", 0.1).range(0, false, 1, false).symbol("δ").doc("failure probability"),
                        numberOrAuto("delta_f").positive().symbol("Δ_f").doc("f(x₀) − f* bound (auto: from the problem)"),
                        numberOrAuto("d").atLeast(1).symbol("d").doc("dimension (auto: of the problem)"),
                        numberOrAuto("lr").positive().symbol("η").doc("step size (auto: c/ℓ)"),
                        numberOrAuto("radius").positive().symbol("r").doc("perturbation radius"),
                        numberOrAuto("g_thres").nonNegative().symbol("g_thres").doc("gradient norm below which to perturb"),
                        numberOrAuto("f_thres").finite().symbol("f_thres").doc("decrease expected after a perturbation"),
                        numberOrAuto("t_thres").atLeast(1).symbol("t_thres").doc("steps between perturbations")),
                h -> new PerturbedGradientDescent(new PerturbedGradientDescent.Params(h.number("ell"), h.number("rho"),
                        h.number("eps"), h.number("c"), h.number("delta"), auto(h, "delta_f"), auto(h, "d"),
                        auto(h, "lr"), auto(h, "radius"), auto(h, "g_thres"), auto(h, "f_thres"),
                        auto(h, "t_thres")))));
        r.register(new Component<>(DuPerturbedGradientDescent.NAME,
                "perturbed gradient descent without termination (step, radius, thresholds given directly)",
                "Du, Jin, Lee, Jordan, Singh & Poczos, Gradient descent can take exponential time to escape saddle "
                        + "points, NeurIPS 2017, Algorithm 1",
                List.of(number("lr", 0.01).positive().symbol("η").doc("step size"),
                        number("radius", 0.01).positive().symbol("r").doc("perturbation radius"),
                        number("g_thres", 0.01).nonNegative().symbol("g_thres")
                                .doc("gradient norm below which to perturb"),
                        integer("t_thres", 10L).atLeast(1).symbol("t_thres").doc("steps between perturbations"),
                        number("f_thres", 0.0).nonNegative().symbol("f_thres")
                                .doc("decrease expected after a perturbation")),
                h -> new DuPerturbedGradientDescent(h.number("lr"), h.number("radius"), h.number("g_thres"),
                        h.integer("t_thres"), h.number("f_thres"))));
        r.register(new Component<>(PreconditionedGradientDescent.NAME,
                "nonlinearly preconditioned GD x ← x − γ∇φ*(λ∇f(x)), kernel quadratic/cosh/exp/log/clip, "
                        + "isotropic or separable",
                "Bodard & Patrinos, Escaping saddle points without Lipschitz smoothness: the power of nonlinear "
                        + "preconditioning, NeurIPS 2025 (arXiv 2509.15817), eq. (2)",
                List.of(number("lr", 0.1).positive().symbol("γ").doc("step size"),
                        number("lambda", 1.0).positive().symbol("λ").doc("scaling of the gradient inside ∇φ*"),
                        kernel(), separable()),
                h -> new PreconditionedGradientDescent(h.number("lr"), Kernel.parse(h.owner(), h.text("kernel")),
                        h.flag("separable"), h.number("lambda"))));
        r.register(new Component<>(PerturbedPreconditionedGradientDescent.NAME,
                "perturbed P-GD (Algorithm 1) with the parameter rules of eq. (12), each overridable",
                "Bodard & Patrinos, arXiv 2509.15817, Algorithm 1 and eq. (12)",
                List.of(kernel(), separable(),
                        flag("wait_first", true).doc("wait an interval before the first perturbation"),
                        number("L", 1.0).positive().symbol("L").doc("anisotropic smoothness constant"),
                        number("lbar", 1.0).positive().symbol("L̄").doc("smoothness constant of the kernel"),
                        number("rho", 1.0).positive().symbol("ρ").doc("Hessian Lipschitz constant"),
                        number("eps", 1e-3).positive().symbol("ε").doc("target accuracy of the ε-SOSP"),
                        number("c", 0x1p-39).positive().symbol("c").doc("the absolute constant of eq. (12)"),
                        number("delta", 0.1).range(0, false, 1, false).symbol("δ").doc("failure probability"),
                        numberOrAuto("delta_f").positive().symbol("Δ_f").doc("f(x₀) − f* bound (auto: from the problem)"),
                        numberOrAuto("n").atLeast(1).symbol("n").doc("dimension (auto: of the problem)"),
                        numberOrAuto("lr").positive().symbol("γ").doc("step size"),
                        numberOrAuto("lambda").positive().symbol("λ").doc("scaling of the gradient inside ∇φ*"),
                        numberOrAuto("radius").positive().symbol("r").doc("perturbation radius"),
                        numberOrAuto("interval").atLeast(1).symbol("T").doc("steps between perturbations"),
                        numberOrAuto("tolerance").nonNegative().symbol("").doc("stationarity below which to perturb"),
                        numberOrAuto("f_thres").finite().symbol("").doc("decrease expected after a perturbation")),
                h -> new PerturbedPreconditionedGradientDescent(new PerturbedPreconditionedGradientDescent.Params(
                        Kernel.parse(h.owner(), h.text("kernel")), h.flag("separable"), h.flag("wait_first"),
                        h.number("L"), h.number("lbar"), h.number("rho"), h.number("eps"), h.number("c"),
                        h.number("delta"), auto(h, "delta_f"), auto(h, "n"), auto(h, "lr"), auto(h, "lambda"),
                        auto(h, "radius"), auto(h, "interval"), auto(h, "tolerance"), auto(h, "f_thres")))));
    }

    /** Registers the monitor coordinates (the SOSP certificates are registered by the diagnostics module). */
    public static void registerMonitors(Registry<Monitor> r) {
        r.register(new Component<>("coordinates", "the first count elements of x_t over all blocks (columns x0, x1, …)",
                "-", List.of(integer("count", 2L).atLeast(1).doc("how many coordinates")), h -> {
                    int count = h.intValue("count");
                    return (problem, x, step) -> coordinates(x, count);
                }));
    }

    private static Map<String, Double> coordinates(Blocks x, int count) {
        Map<String, Double> out = new LinkedHashMap<>();
        int k = 0;
        for (int b = 0; b < x.count() && k < count; b++) {
            Tensor t = x.tensor(b);
            for (int i = 0; i < t.size() && k < count; i++, k++) {
                out.put("x" + k, t.getFlat(i));
            }
        }
        return out;
    }

    private static Param kernel() {
        return choice("kernel", "cosh", Kernel.names().toArray(String[]::new)).symbol("φ")
                .doc("preconditioning kernel (gd = quadratic, h1 = cosh, h2 = exp, h3 = log)");
    }

    private static Param separable() {
        return flag("separable", false).doc("apply the kernel per coordinate instead of to the norm");
    }

    /** A number or {@code auto} (empty). */
    private static OptionalDouble auto(Hyperparameters h, String name) {
        double v = h.numberOrAuto(name);
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
