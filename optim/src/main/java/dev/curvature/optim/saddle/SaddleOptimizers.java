package dev.curvature.optim.saddle;

import static dev.curvature.optim.Hyperparameters.AUTO;
import static dev.curvature.optim.registry.Registry.params;

import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Hyperparameters;
import dev.curvature.optim.Transform;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.run.Monitor;
import dev.curvature.core.Tensor;
import java.util.LinkedHashMap;
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
                params("ell", 1.0, "rho", 1.0, "eps", 1e-3, "c", 1.0, "delta", 0.1, "delta_f", AUTO, "d", AUTO,
                        "lr", AUTO, "radius", AUTO, "g_thres", AUTO, "f_thres", AUTO, "t_thres", AUTO),
                h -> new PerturbedGradientDescent(new PerturbedGradientDescent.Params(h.number("ell"), h.number("rho"),
                        h.number("eps"), h.number("c"), h.number("delta"), auto(h, "delta_f"), auto(h, "d"),
                        auto(h, "lr"), auto(h, "radius"), auto(h, "g_thres"), auto(h, "f_thres"),
                        auto(h, "t_thres")))));
        r.register(new Component<>(DuPerturbedGradientDescent.NAME,
                "perturbed gradient descent without termination (step, radius, thresholds given directly)",
                "Du, Jin, Lee, Jordan, Singh & Poczos, Gradient descent can take exponential time to escape saddle "
                        + "points, NeurIPS 2017, Algorithm 1",
                params("lr", 0.01, "radius", 0.01, "g_thres", 0.01, "t_thres", 10L, "f_thres", 0.0),
                h -> new DuPerturbedGradientDescent(h.number("lr"), h.number("radius"), h.number("g_thres"),
                        h.integer("t_thres"), h.number("f_thres"))));
        r.register(new Component<>(PreconditionedGradientDescent.NAME,
                "nonlinearly preconditioned GD x ← x − γ∇φ*(λ∇f(x)), kernel quadratic/cosh/exp/log/clip, "
                        + "isotropic or separable",
                "Bodard & Patrinos, Escaping saddle points without Lipschitz smoothness: the power of nonlinear "
                        + "preconditioning, NeurIPS 2025 (arXiv 2509.15817), eq. (2)",
                params("lr", 0.1, "lambda", 1.0, "kernel", "cosh", "separable", false),
                h -> new PreconditionedGradientDescent(h.number("lr"), Kernel.parse(h.owner(), h.text("kernel")),
                        h.flag("separable"), h.number("lambda"))));
        r.register(new Component<>(PerturbedPreconditionedGradientDescent.NAME,
                "perturbed P-GD (Algorithm 1) with the parameter rules of eq. (12), each overridable",
                "Bodard & Patrinos, arXiv 2509.15817, Algorithm 1 and eq. (12)",
                params("kernel", "cosh", "separable", false, "wait_first", true, "L", 1.0, "lbar", 1.0, "rho", 1.0,
                        "eps", 1e-3, "c", 0x1p-39, "delta", 0.1, "delta_f", AUTO, "n", AUTO, "lr", AUTO,
                        "lambda", AUTO, "radius", AUTO, "interval", AUTO, "tolerance", AUTO, "f_thres", AUTO),
                h -> new PerturbedPreconditionedGradientDescent(new PerturbedPreconditionedGradientDescent.Params(
                        Kernel.parse(h.owner(), h.text("kernel")), h.flag("separable"), h.flag("wait_first"),
                        h.number("L"), h.number("lbar"), h.number("rho"), h.number("eps"), h.number("c"),
                        h.number("delta"), auto(h, "delta_f"), auto(h, "n"), auto(h, "lr"), auto(h, "lambda"),
                        auto(h, "radius"), auto(h, "interval"), auto(h, "tolerance"), auto(h, "f_thres")))));
    }

    /** Registers the monitor coordinates (the SOSP certificates are registered by the diagnostics module). */
    public static void registerMonitors(Registry<Monitor> r) {
        r.register(new Component<>("coordinates", "the first count elements of x_t over all blocks (columns x0, x1, …)",
                "-", params("count", 2L), h -> {
                    int count = (int) Check.atLeast("coordinates", "count", h.integer("count"), 1);
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

    /** A number or {@code auto} (empty). */
    private static OptionalDouble auto(Hyperparameters h, String name) {
        double v = h.numberOrAuto(name);
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
