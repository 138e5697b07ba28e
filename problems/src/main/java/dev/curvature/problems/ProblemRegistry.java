package dev.curvature.problems;

import static dev.curvature.optim.registry.Param.choice;
import static dev.curvature.optim.registry.Param.flag;
import static dev.curvature.optim.registry.Param.integer;
import static dev.curvature.optim.registry.Param.number;
import static dev.curvature.optim.registry.Param.numbers;
import static dev.curvature.optim.registry.Param.text;

import dev.curvature.core.DType;
import dev.curvature.optim.HyperparameterException;
import dev.curvature.optim.Hyperparameters;
import dev.curvature.optim.Problem;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registry;
import dev.curvature.problems.classic.CoshExtremal;
import dev.curvature.problems.classic.Quadratic;
import dev.curvature.problems.classic.Rosenbrock;
import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.core.Limit;
import dev.curvature.problems.factorization.AsymmetricFactorization;
import dev.curvature.problems.factorization.MatrixSensing;
import dev.curvature.problems.factorization.SymmetricFactorization;
import dev.curvature.problems.phase.PhaseRetrieval;
import dev.curvature.problems.phase.PhaseRetrievalData;
import dev.curvature.problems.phase.Signals;
import dev.curvature.problems.saddle.Octopus;
import dev.curvature.problems.saddle.Quartic2d;
import dev.curvature.problems.saddle.QuarticWell;
import dev.curvature.problems.saddle.StrictSaddle;
import java.nio.file.Path;
import java.util.List;
import dev.curvature.problems.phase.SpikedPhaseRetrieval;
import dev.curvature.problems.spectral.PolarProbe;
import java.util.Locale;

/**
 * The built-in problems by name, with their parameters and references. Every problem takes
 * {@code dtype} (f32 or f64); problems with random data take {@code seed}, the instance seed (the
 * run seed only draws the initial point).
 */
public final class ProblemRegistry {
    /** Registers the built-in problems, from rosenbrock to polar_probe. */
    public static void register(Registry<Problem> registry) {
        registry.register(new Component<Problem>("rosenbrock", "chained Rosenbrock function, f* = 0 at (1, …, 1)",
                    "Rosenbrock, Comput. J. 1960",
                    List.of(integer("n", 2L).atLeast(2).symbol("n").doc("dimension"),
                            number("a", 100.0).positive().symbol("a").doc("weight of the valley term"),
                            noise(), dtype("f64")),
                    h -> new Rosenbrock(h.intValue("n"), h.number("a"), h.number("noise"), dtype(h)))
                    .sized("n", h -> h.integer("n")))
            .register(new Component<Problem>("quadratic", "½(x − x*)ᵀA(x − x*), spectrum geometric in [mu, L]",
                    "strongly convex quadratic, Nesterov (2004) §2.1",
                    List.of(integer("n", 10L).atLeast(1).symbol("n").doc("dimension"),
                            number("mu", 1.0).positive().symbol("μ").doc("smallest eigenvalue of A"),
                            number("L", 100.0).positive().symbol("L").doc("largest eigenvalue of A (≥ mu)"),
                            number("start_distance", 1.0).positive().doc("‖x₀ − x*‖"), seed(), dtype("f64")),
                    h -> new Quadratic(h.intValue("n"), h.number("mu"), h.number("L"),
                            h.number("start_distance"), h.integer("seed"), dtype(h)))
                    .sized("n", h -> h.integer("n")))
            .register(new Component<Problem>("octopus",
                    "Du et al.'s octopus: d strict saddles in a chain, f* = -d·nu at (4tau, …, 4tau); +inf outside "
                            + "its domain (outside: inf | error)",
                    "Du, Jin, Lee, Jordan, Singh & Poczos, Gradient descent can take exponential time to escape saddle "
                            + "points, NeurIPS 2017, eqs. (6)-(10)",
                    List.of(integer("d", 5L).atLeast(1).symbol("d").doc("number of saddles (dimension)"),
                            number("L", Math.E).positive().symbol("L").doc("gradient Lipschitz constant"),
                            number("gamma", 1.0).positive().symbol("γ").doc("negative curvature at the saddles"),
                            number("tau", Math.E).positive().symbol("τ").doc("width of each region"),
                            number("init_radius", 1.0).nonNegative().doc("radius of the start around 0 (≤ tau)"),
                            choice("outside", "inf", "inf", "error").doc("f outside the domain: +∞ or an error"),
                            dtype("f64")),
                    h -> new Octopus(h.intValue("d"), h.number("L"), h.number("gamma"), h.number("tau"),
                            h.number("init_radius"), Octopus.outside(h.text("outside")), dtype(h)))
                    .sized("d", h -> h.integer("d")))
            .register(new Component<Problem>("quartic_well", "x^4/4 - x^2/2, strict saddle at 0, f* = -1/4 at ±1",
                    "Bodard & Patrinos, arXiv 2509.15817, Example 3.4",
                    List.of(number("x0", 2.0).finite().symbol("x₀").doc("start"), noise(), dtype("f64")),
                    h -> new QuarticWell(h.number("x0"), h.number("noise"), dtype(h))))
            .register(new Component<Problem>("quartic_2d", "x^4/4 + y^4/4 - x^2 y^2/2, not (L0,L1)-smooth, f* = 0 on |x| = |y|",
                    "Bodard & Patrinos, arXiv 2509.15817, Example 2.7",
                    List.of(number("x0", 1.0).finite().symbol("x₀").doc("start, first coordinate"),
                            number("y0", 0.5).finite().symbol("y₀").doc("start, second coordinate"), noise(),
                            dtype("f64")),
                    h -> new Quartic2d(h.number("x0"), h.number("y0"), h.number("noise"), dtype(h))))
            .register(new Component<Problem>("strict_saddle",
                    "½Σ lambda_i x_i² + (mu/4)‖x‖⁴: strict saddle at 0 with n_neg eigenvalues lambda_neg and the rest "
                            + "geometric in [lambda_pos_min, lambda_pos_max]; exact lambda_min(∇²f) everywhere",
                    "saddle-escape test function (Jin et al., ICML 2017, strict-saddle setting)",
                    List.of(integer("d", 10L).atLeast(1).symbol("d").doc("dimension"),
                            integer("n_neg", 1L).atLeast(1).doc("number of negative eigenvalues (≤ d)"),
                            number("lambda_neg", -1.0).range(Double.NEGATIVE_INFINITY, false, 0, false)
                                    .symbol("λ₋").doc("the negative eigenvalue"),
                            number("lambda_pos_min", 1.0).positive().doc("smallest positive eigenvalue"),
                            number("lambda_pos_max", 1.0).positive().doc("largest positive eigenvalue (≥ lambda_pos_min)"),
                            number("mu", 1.0).positive().symbol("μ").doc("weight of the quartic term"),
                            number("init_radius", 0.0).nonNegative().doc("radius of the start around 0"),
                            dtype("f64")),
                    h -> new StrictSaddle(h.intValue("d"), h.intValue("n_neg"), h.number("lambda_neg"),
                            h.number("lambda_pos_min"), h.number("lambda_pos_max"), h.number("mu"),
                            h.number("init_radius"), dtype(h)))
                    .sized("d", h -> h.integer("d")))
            .register(new Component<Problem>("symmetric_factorization",
                    "loss_scale·‖UUᵀ - Y‖², U n×r, gradient 4·loss_scale·(UUᵀ - Y)U (loss_scale 0.5: exact gradient of "
                            + "½‖·‖²; 0.25: the paper's printed (UUᵀ - Y)U); y row-major, or y_spectrum (eigenvalues, Haar "
                            + "eigenvectors), or random rank rank_y (0: r)",
                    "Bodard & Patrinos, arXiv 2509.15817, Thm 2.13 and Fig. 2; Jin et al., ICML 2017, §5",
                    List.of(integer("n", 2L).atLeast(1).symbol("n").doc("rows of U and Y"),
                            integer("r", 1L).atLeast(1).symbol("r").doc("columns of U (≤ n)"),
                            numbers("y", List.of()).doc("Y row-major, n² values (empty: random)"),
                            numbers("y_spectrum", List.of()).finite().doc("eigenvalues of a random Y (empty: none)"),
                            integer("rank_y", 0L).atLeast(0).doc("rank of a random Y (0: r)"),
                            number("loss_scale", 0.5).positive().doc("factor of ‖UUᵀ − Y‖²"),
                            numbers("init", List.of()).doc("U₀ row-major (empty: random)"),
                            number("init_radius", 1.0).nonNegative().doc("scale of a random U₀"), seed(),
                            dtype("f64")),
                    h -> {
                        double[] y = h.numbers("y");
                        double[] ys = h.numbers("y_spectrum");
                        double[] init = h.numbers("init");
                        int r = h.intValue("r");
                        int rankY = h.intValue("rank_y");
                        return new SymmetricFactorization(h.intValue("n"), r, y.length == 0 ? null : y,
                                ys.length == 0 ? null : ys, rankY == 0 ? r : rankY, h.number("loss_scale"), init.length == 0 ? null : init,
                                h.number("init_radius"), h.integer("seed"), dtype(h));
                    }).sized("n × max(n, r)", h -> Limit.product(h.integer("n"),
                            Math.max(h.integer("n"), h.integer("r")))))
            .register(new Component<Problem>("asymmetric_factorization",
                    "½‖WH - Y‖² + (kappa/4)(‖W‖⁴ + ‖H‖⁴), W m×r, H r×n, Y random of rank rank_y",
                    "Bodard & Patrinos, arXiv 2509.15817, Thm 2.14",
                    List.of(integer("m", 20L).atLeast(1).symbol("m").doc("rows of W"),
                            integer("n", 15L).atLeast(1).symbol("n").doc("columns of H"),
                            integer("r", 3L).atLeast(1).symbol("r").doc("inner dimension"),
                            integer("rank_y", 3L).atLeast(1).doc("rank of Y (≤ min(m, n))"),
                            number("kappa", 0.01).positive().symbol("κ").doc("weight of the quartic regularizer"),
                            initScale(0.1), seed(), dtype("f64")),
                    h -> new AsymmetricFactorization(h.intValue("m"), h.intValue("n"), h.intValue("r"),
                            h.intValue("rank_y"), h.number("kappa"), h.number("init_scale"), h.integer("seed"),
                            dtype(h)))
                    .sized("max(m, r) × max(n, r)", h -> Limit.product(Math.max(h.integer("m"), h.integer("r")),
                            Math.max(h.integer("n"), h.integer("r")))))
            .register(new Component<Problem>("matrix_sensing",
                    "(1/2m)Σ(⟨A_i, UUᵀ⟩ - b_i)², symmetric Gaussian A_i, b from a random rank-r U*, f* = 0",
                    "Ge, Jin & Zheng, No spurious local minima in nonconvex low rank problems, ICML 2017",
                    List.of(integer("n", 20L).atLeast(1).symbol("n").doc("size of the matrix"),
                            integer("r", 2L).atLeast(1).symbol("r").doc("rank (≤ n)"),
                            integer("m", 400L).atLeast(1).symbol("m").doc("number of measurements"),
                            initScale(1.0), seed(), dtype("f64")),
                    h -> new MatrixSensing(h.intValue("n"), h.intValue("r"), h.intValue("m"),
                            h.number("init_scale"), h.integer("seed"), dtype(h)))
                    .sized("m × n × n", h -> Limit.product(h.integer("m"), h.integer("n"), h.integer("n"))))
            .register(new Component<Problem>("phase_retrieval",
                    "¼Σ(y_i - (a_iᵀx)²)² (normalize: /m), Gaussian a_i, signal random (unit norm) or a grey PNG image "
                            + "reduced to image_size² pixels (then n = image_size²), f* = 0 without noise",
                    "Candes, Li & Soltanolkotabi, Wirtinger flow, IEEE TIT 2015; Bodard & Patrinos, arXiv 2509.15817, "
                            + "Thm 2.12",
                    List.of(integer("m", 256L).atLeast(1).symbol("m").doc("number of measurements"),
                            integer("n", 64L).atLeast(1).symbol("n").doc("dimension of a random signal"),
                            number("noise", 0.0).nonNegative().symbol("σ").doc("standard deviation of the noise"),
                            text("image", "").doc("grey PNG used as signal (empty: random)"),
                            integer("image_size", 16L).atLeast(1).doc("side of the reduced image"),
                            flag("normalize", false).doc("divide the loss by m"), initScale(1.0), seed(),
                            dtype("f64")),
                    ProblemRegistry::phaseRetrieval)
                    .sized("m × n (m × image_size² with an image)", h -> Limit.product(h.integer("m"),
                            h.text("image").isBlank() ? h.integer("n")
                                    : Limit.product(h.integer("image_size"), h.integer("image_size")))))
            .register(new Component<Problem>("cosh_extremal", "(H0/H1)(cosh(√H1·w) − 1): f″ = H0 + H1·f exactly, "
                    + "started at loss f0", "Alimisis, Islamov & Lucchi, arXiv 2510.03164, Def. 3.1 (extremal case)",
                    List.of(number("h0", 1.0).positive().symbol("H₀").doc("curvature at the minimum"),
                            number("h1", 1.0).positive().symbol("H₁").doc("growth of the curvature with f"),
                            number("f0", 10.0).nonNegative().symbol("f₀").doc("loss at the start"), dtype("f64")),
                    h -> new CoshExtremal(h.number("h0"), h.number("h1"), h.number("f0"), dtype(h))))
            .register(new Component<Problem>("spiked_phase_retrieval",
                    "phase retrieval as a quadratic two-layer net, Σ = I + κvvᵀ (v ⟂ w*) or power-law; population "
                            + "(samples = 0) or finite-sample loss",
                    "Braun, Bao, Huang & Imaizumi, arXiv 2601.22652 (reconstruction, see docs/spectral.md)",
                    List.of(integer("d", 32L).atLeast(2).symbol("d").doc("input dimension"),
                            integer("m", 32L).atLeast(1).symbol("m").doc("hidden width"),
                            number("kappa", 100.0).nonNegative().symbol("κ").doc("strength of the spike"),
                            choice("covariance", "spiked", "spiked", "power_law").doc("input covariance"),
                            number("alpha", 1.0).nonNegative().symbol("α").doc("exponent of the power law"),
                            integer("signal_index", 0L).atLeast(0).doc("eigenvector carrying the signal (≤ d)"),
                            integer("samples", 0L).atLeast(0).symbol("n").doc("training samples (0: population loss)"),
                            number("init_scale", 1e-3).positive().doc("scale of the initial weights"), seed(),
                            dtype("f64")),
                    h -> new SpikedPhaseRetrieval(h.intValue("d"), h.intValue("m"), h.number("kappa"),
                            h.text("covariance"), h.number("alpha"), h.intValue("signal_index"),
                            h.intValue("samples"), h.number("init_scale"), h.integer("seed"), dtype(h)))
                    .sized("max(d, m, samples) × d", h -> Limit.product(Math.max(h.integer("d"),
                            Math.max(h.integer("m"), h.integer("samples"))), h.integer("d"))))
            .register(new Component<Problem>("polar_probe",
                    "f(W) = ⟨G, W⟩: a fixed gradient G (gaussian or ill_conditioned spectrum) for measuring polar engines",
                    "Amsel et al., The Polar Express, arXiv 2505.16932, §5 (test matrices)",
                    List.of(integer("rows", 256L).atLeast(1).doc("rows of G"),
                            integer("cols", 256L).atLeast(1).doc("columns of G"),
                            choice("spectrum", "gaussian", "gaussian", "ill_conditioned").doc("how G is drawn"),
                            number("condition", 1e6).atLeast(1).symbol("κ").doc("condition number of ill_conditioned"),
                            seed(), dtype("f32")),
                    h -> new PolarProbe(h.intValue("rows"), h.intValue("cols"), h.text("spectrum"),
                            h.number("condition"), h.integer("seed"), dtype(h)))
                    .sized("rows × cols", h -> Limit.product(h.integer("rows"), h.integer("cols"))));
    }

    private ProblemRegistry() {}

    /** The element type of a problem's tensors. */
    public static Param dtype(String dflt) {
        return choice("dtype", dflt, "f32", "f64", "float32", "float64").doc("element type of x and the data");
    }

    /** The seed of the problem instance (its random data). */
    public static Param seed() {
        return integer("seed", 0L).doc("seed of the instance's random data");
    }

    private static Param noise() {
        return number("noise", 0.0).nonNegative().symbol("σ").doc("standard deviation of gradient noise");
    }

    private static Param initScale(double dflt) {
        return number("init_scale", dflt).nonNegative().doc("scale of the random start");
    }

    /**
     * Phase retrieval from the registry's parameters: the instance seed draws the signal (stream 0),
     * the Gaussian sensing matrix (stream 1) and the noise (stream 2).
     */
    private static PhaseRetrieval phaseRetrieval(Hyperparameters h) {
        RandomStream root = RandomStream.of(h.integer("seed"));
        String image = h.text("image");
        Tensor signal;
        if (image.isBlank()) {
            signal = Signals.random(h.intValue("n"), root.fork(0));
        } else {
            signal = Signals.image(Path.of(image), h.intValue("image_size"));
        }
        int m = h.intValue("m");
        Tensor a = PhaseRetrievalData.gaussianSensing(m, signal.size(), root.fork(1));
        PhaseRetrievalData data = PhaseRetrievalData.measure(a, signal, h.number("noise"), root.fork(2), dtype(h));
        return new PhaseRetrieval(data, h.flag("normalize"), h.number("init_scale"), dtype(h));
    }

    /** The {@code dtype} parameter as a {@link DType}. */
    public static DType dtype(Hyperparameters h) {
        String s = h.text("dtype").toLowerCase(Locale.ROOT);
        return switch (s) {
            case "f32", "float32" -> DType.F32;
            case "f64", "float64" -> DType.F64;
            default -> throw new HyperparameterException(h.owner(), "dtype", h.owner() + ": dtype = " + s + " is not one of f32, f64");
        };
    }
}
