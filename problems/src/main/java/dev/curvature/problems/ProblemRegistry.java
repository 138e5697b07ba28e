package dev.curvature.problems;

import static dev.curvature.optim.registry.Registry.params;

import dev.curvature.core.DType;
import dev.curvature.optim.Hyperparameters;
import dev.curvature.optim.Problem;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Registry;
import dev.curvature.problems.classic.Quadratic;
import dev.curvature.problems.classic.Rosenbrock;
import dev.curvature.problems.phase.SpikedPhaseRetrieval;
import dev.curvature.problems.spectral.PolarProbe;
import java.util.Locale;

/**
 * The built-in problems by name, with their parameters and references. Every problem takes
 * {@code dtype} (f32 or f64); problems with random data take {@code seed}, the instance seed (the
 * run seed only draws the initial point).
 */
public final class ProblemRegistry {
    /** The registry. */
    public static final Registry<Problem> PROBLEMS = new Registry<Problem>("problems")
            .register(new Component<>("rosenbrock", "chained Rosenbrock function, f* = 0 at (1, …, 1)",
                    "Rosenbrock, Comput. J. 1960",
                    params("n", 2L, "a", 100.0, "noise", 0.0, "dtype", "f64"),
                    h -> new Rosenbrock((int) h.integer("n"), h.number("a"), h.number("noise"), dtype(h))))
            .register(new Component<>("quadratic", "½(x − x*)ᵀA(x − x*), spectrum geometric in [mu, L]",
                    "strongly convex quadratic, Nesterov (2004) §2.1",
                    params("n", 10L, "mu", 1.0, "L", 100.0, "start_distance", 1.0, "seed", 0L, "dtype", "f64"),
                    h -> new Quadratic((int) h.integer("n"), h.number("mu"), h.number("L"),
                            h.number("start_distance"), h.integer("seed"), dtype(h))))
            .register(new Component<>("spiked_phase_retrieval",
                    "phase retrieval as a quadratic two-layer net, Σ = I + κvvᵀ (v ⟂ w*) or power-law; population "
                            + "(samples = 0) or finite-sample loss",
                    "Braun, Bao, Huang & Imaizumi, arXiv 2601.22652 (reconstruction, see docs/spectral.md)",
                    params("d", 32L, "m", 32L, "kappa", 100.0, "covariance", "spiked", "alpha", 1.0,
                            "signal_index", 0L, "samples", 0L, "init_scale", 1e-3, "seed", 0L, "dtype", "f64"),
                    h -> new SpikedPhaseRetrieval((int) h.integer("d"), (int) h.integer("m"), h.number("kappa"),
                            h.text("covariance"), h.number("alpha"), (int) h.integer("signal_index"),
                            (int) h.integer("samples"), h.number("init_scale"), h.integer("seed"), dtype(h))))
            .register(new Component<>("polar_probe",
                    "f(W) = ⟨G, W⟩: a fixed gradient G (gaussian or ill_conditioned spectrum) for measuring polar engines",
                    "Amsel et al., The Polar Express, arXiv 2505.16932, §5 (test matrices)",
                    params("rows", 256L, "cols", 256L, "spectrum", "gaussian", "condition", 1e6, "seed", 0L,
                            "dtype", "f32"),
                    h -> new PolarProbe((int) h.integer("rows"), (int) h.integer("cols"), h.text("spectrum"),
                            h.number("condition"), h.integer("seed"), dtype(h))));

    private ProblemRegistry() {}

    /** The {@code dtype} parameter as a {@link DType}. */
    public static DType dtype(Hyperparameters h) {
        String s = h.text("dtype").toLowerCase(Locale.ROOT);
        return switch (s) {
            case "f32", "float32" -> DType.F32;
            case "f64", "float64" -> DType.F64;
            default -> throw new IllegalArgumentException(h.owner() + ": dtype = " + s + " is not one of f32, f64");
        };
    }
}
