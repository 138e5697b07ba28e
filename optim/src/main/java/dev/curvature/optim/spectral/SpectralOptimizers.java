package dev.curvature.optim.spectral;

import static dev.curvature.optim.registry.Param.choice;
import static dev.curvature.optim.registry.Param.flag;
import static dev.curvature.optim.registry.Param.integer;
import static dev.curvature.optim.registry.Param.number;
import static dev.curvature.optim.registry.Param.schedule;
import static dev.curvature.optim.registry.Param.text;

import dev.curvature.optim.Check;
import dev.curvature.optim.HyperparameterException;
import dev.curvature.optim.Hyperparameters;
import dev.curvature.optim.Label;
import dev.curvature.optim.Optimizers;
import dev.curvature.optim.Transform;
import dev.curvature.optim.Transforms;
import dev.curvature.optim.registry.Component;
import dev.curvature.optim.registry.Param;
import dev.curvature.optim.registry.Registry;
import dev.curvature.optim.schedule.Schedule;
import dev.curvature.optim.transform.Chain;
import dev.curvature.optim.transform.Momentum;
import dev.curvature.optim.transform.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spectral optimizers (SpecGD and the Muon family) as chains of transforms, and their
 * registry entries ({@link #register}). Each {@code *Matrix} method builds the rule for matrix
 * blocks only; the registered names are presets that send the blocks whose label is in
 * {@code matrix_labels} (default {@code hidden,matrix}: hidden weights of networks and the matrix
 * unknowns of classical problems) to the rule and every other block (vectors, biases, gains,
 * embeddings, heads) to AdamW with the {@code adam_*} hyperparameters, as Muon's authors
 * prescribe. SpecGD is the exception: it has no auxiliary optimizer, and a vector block is treated
 * as an n×1 matrix, whose polar factor is g/‖g‖.
 *
 * <p>Defaults are those of each method's paper or reference code (see {@link #register}); where
 * those are unknown the choice is marked [U] in the summary and documented in docs/spectral.md.
 */
public final class SpectralOptimizers {
    private SpectralOptimizers() {}

    /** The default labels routed to the spectral rule. */
    public static final String DEFAULT_MATRIX_LABELS = Label.HIDDEN + "," + Label.MATRIX;

    // ------------------------------------------------------------------ rules for matrix blocks

    /** SpecGD: W ← W − η·polar(∇f) (vectors: ∇f/‖∇f‖). */
    public static Transform specGd(Schedule lr, String method, int steps) {
        return Transforms.chain(new Orthogonalize(method, steps, AdjustLr.NONE, true), Transforms.scaleByLearningRate(lr));
    }

    /**
     * Muon: momentum (EMA for Keller Jordan's code, TRACE for Moonlight's), O = polar(U),
     * W ← W(1 − η·λ) − η·f(A, B)·O.
     */
    public static Transform muonMatrix(Schedule lr, Schedule momentum, boolean nesterov, Momentum.Convention convention,
                                       String method, int steps, AdjustLr adjust, Schedule weightDecay) {
        List<Transform> parts = new ArrayList<>();
        addMomentum(parts, momentum, nesterov, convention);
        parts.add(new Orthogonalize(method, steps, adjust, false));
        addDecay(parts, weightDecay);
        parts.add(Transforms.scaleByLearningRate(lr));
        return new Chain(parts);
    }

    /** NorMuon: EMA Nesterov momentum, O = polar(U), neuron-wise normalization, decay, −η. */
    public static Transform norMuonMatrix(Schedule lr, Schedule momentum, double beta2, double eps, String method,
                                          int steps, AdjustLr adjust, Schedule weightDecay) {
        List<Transform> parts = new ArrayList<>();
        addMomentum(parts, momentum, true, Momentum.Convention.EMA);
        parts.add(new Orthogonalize(method, steps, AdjustLr.NONE, false));
        parts.add(new NorMuonNormalize(beta2, eps, adjust));
        addDecay(parts, weightDecay);
        parts.add(Transforms.scaleByLearningRate(lr));
        return new Chain(parts);
    }

    /** AdaMuon: EMA momentum, sign-stabilised NS, element-wise second moment, RMS 0.2, decay, −η. */
    public static Transform adaMuonMatrix(Schedule lr, double momentum, boolean nesterov, String method, int steps,
                                          double eps, boolean sign, Schedule weightDecay) {
        List<Transform> parts = new ArrayList<>();
        addMomentum(parts, dev.curvature.optim.schedule.Schedules.constant(momentum), nesterov,
                Momentum.Convention.EMA);
        parts.add(new AdaMuonScale(method, steps, momentum, eps, sign));
        addDecay(parts, weightDecay);
        parts.add(Transforms.scaleByLearningRate(lr));
        return new Chain(parts);
    }

    /** AdaGO: the whole update −α_t·polar(m_t). */
    public static Transform adaGoMatrix(Schedule lr, double momentum, double gamma, double eps, double v0,
                                        String method, int steps) {
        return new AdaGo(lr, momentum, gamma, eps, v0, method, steps);
    }

    /** Dion: low-rank orthonormalized update with error feedback, decay, −η. */
    public static Transform dionMatrix(Schedule lr, double mu, Schedule weightDecay, double eps, double rankFraction,
                                       int powerIters, String qrMethod, long cqrWarmup, double oversample, long seed) {
        List<Transform> parts = new ArrayList<>();
        parts.add(new Dion(mu, eps, rankFraction, powerIters, qrMethod, cqrWarmup, oversample, seed));
        addDecay(parts, weightDecay);
        parts.add(Transforms.scaleByLearningRate(lr));
        return new Chain(parts);
    }

    /** AuON (or Hybrid-AuON when {@code method} is not null): EMA Nesterov momentum, [NS,] the cosh brake, decay, −η. */
    public static Transform auonMatrix(Schedule lr, Schedule momentum, double gamma, String variant, String method,
                                       int steps, Schedule weightDecay) {
        List<Transform> parts = new ArrayList<>();
        addMomentum(parts, momentum, true, Momentum.Convention.EMA);
        if (method != null) {
            parts.add(new Orthogonalize(method, steps, AdjustLr.NONE, false));
        }
        parts.add(new AuonBrake(gamma, variant));
        addDecay(parts, weightDecay);
        parts.add(Transforms.scaleByLearningRate(lr));
        return new Chain(parts);
    }

    /** ROOT: TRACE momentum (Nesterov), quantile clipping, shape-specific NS, 0.2·√max(A, B), decay, −η. */
    public static Transform rootMatrix(Schedule lr, Schedule momentum, boolean nesterov, int steps, double quantile,
                                       Schedule weightDecay) {
        List<Transform> parts = new ArrayList<>();
        addMomentum(parts, momentum, nesterov, Momentum.Convention.TRACE);
        parts.add(new RootOrthogonalize(steps, quantile));
        addDecay(parts, weightDecay);
        parts.add(Transforms.scaleByLearningRate(lr));
        return new Chain(parts);
    }

    /** Blocks labelled one of {@code labels} to {@code matrixRule}, the others to {@code others}. */
    public static Transform withAuxiliary(Transform matrixRule, List<String> labels, Transform others) {
        Map<String, Transform> byLabel = new LinkedHashMap<>();
        for (String l : labels) {
            byLabel.put(l, matrixRule);
        }
        return Transforms.route(byLabel, others);
    }

    private static void addMomentum(List<Transform> parts, Schedule momentum, boolean nesterov,
                                    Momentum.Convention convention) {
        if (momentum.isConstant() && momentum.value(0, null) == 0.0) {
            return;
        }
        parts.add(new Momentum(momentum, nesterov, convention, 0));
    }

    private static void addDecay(List<Transform> parts, Schedule weightDecay) {
        if (weightDecay.isConstant() && weightDecay.value(0, null) == 0.0) {
            return;
        }
        parts.add(Transforms.addDecayedWeights(weightDecay));
    }

    // ------------------------------------------------------------------ registry

    /** The AdamW hyperparameters of a preset, with Muon's README values (lr 3e-4, β = (0.9, 0.95), wd 0.01). */
    private static List<Param> adam(double lr, double b1, double b2, double eps, double wd) {
        return List.of(schedule("adam_lr", lr).nonNegative().symbol("η").doc("AdamW learning rate (other blocks)"),
                number("adam_b1", b1).unit().symbol("β₁").doc("AdamW first-moment decay"),
                number("adam_b2", b2).unit().symbol("β₂").doc("AdamW second-moment decay"),
                number("adam_eps", eps).nonNegative().symbol("ε").doc("AdamW ε"),
                schedule("adam_wd", wd).nonNegative().symbol("λ").doc("AdamW decoupled weight decay"));
    }

    private static List<Param> with(List<Param> base, List<Param> more) {
        List<Param> all = new ArrayList<>(base);
        all.addAll(more);
        return all;
    }

    private static Param lr(double dflt) {
        return schedule("lr", dflt).nonNegative().symbol("η").doc("learning rate of the matrix rule");
    }

    private static Param weightDecay(double dflt) {
        return schedule("weight_decay", dflt).nonNegative().symbol("λ").doc("decoupled weight decay");
    }

    private static Param momentum(double dflt) {
        return schedule("momentum", dflt).unit().symbol("μ").doc("momentum factor");
    }

    private static Param constantMomentum(double dflt) {
        return number("momentum", dflt).unit().symbol("μ").doc("momentum factor");
    }

    private static Param nesterov(boolean dflt) {
        return flag("nesterov", dflt).doc("Nesterov momentum");
    }

    private static Param nsSteps() {
        return steps("ns_steps", 5L, 1).doc("Newton–Schulz iterations");
    }

    private static Param steps(String name, long dflt, long min) {
        return integer(name, dflt).between(min, 100).doc("iterations of the polar engine (0: its default)");
    }

    private static Param method(String dflt) {
        return choice("method", dflt, Polar.names().toArray(String[]::new))
                .doc("polar engine (`curvature polar --list`)");
    }

    private static Param adjustLr(String dflt) {
        return choice("adjust_lr", dflt, "none", "muon", "rms_norm", "spectral_norm")
                .doc("shape factor of the step: max(1, A/B)^½, 0.2·√max(A,B), √(A/B) or 1");
    }

    private static Param matrixLabels() {
        return text("matrix_labels", DEFAULT_MATRIX_LABELS).doc("comma-separated block labels sent to the matrix rule");
    }

    private static Param gamma() {
        return number("gamma", 1.5).positive().symbol("γ").doc("strength of the cosh brake");
    }

    private static Param variant() {
        return choice("variant", "code", "code", "paper").doc("the brake of the reference code or of the paper");
    }

    /** Registers spec_gd, muon, muon_moonlight, normuon, adamuon, adago, dion, auon, hybrid_auon, root. */
    public static void register(Registry<Transform> registry) {
        registry.register(new Component<>("spec_gd",
                "spectral gradient descent W ← W − η·polar(∇f) (vectors: ∇f/‖∇f‖); method: a polar engine",
                "Braun, Bao, Huang & Imaizumi, arXiv 2601.22652 (2026); Bernstein & Newhouse, arXiv 2409.20325",
                List.of(lr(0.02), method("svd"), steps("steps", 0L, 0)),
                h -> specGd(h.schedule("lr"), method(h), steps(h, "steps", 0))));
        registry.register(new Component<>("muon",
                "Muon: Nesterov momentum, Newton–Schulz orthogonalization, max(1, A/B)^½ (adjust_lr: muon, "
                        + "rms_norm = Moonlight's 0.2·√max(A,B), spectral_norm = √(A/B), none); non-matrix blocks to AdamW",
                "Jordan et al., Muon (2024), KellerJordan/Muon@muon.py and README",
                with(List.of(lr(0.02), momentum(0.95), nesterov(true), nsSteps(), weightDecay(0.0), method("ns5"),
                        adjustLr("muon"), matrixLabels()), adam(3e-4, 0.9, 0.95, 1e-8, 0.01)),
                h -> preset(h, muonMatrix(h.schedule("lr"), momentum(h, "momentum"), h.flag("nesterov"),
                        Momentum.Convention.EMA, method(h), steps(h, "ns_steps", 1), adjust(h),
                        h.schedule("weight_decay")))));
        registry.register(new Component<>("muon_moonlight",
                "Muon as in Moonlight: M ← μM + G, U = G + μM, η·0.2·√max(A,B)·O, decoupled decay 0.1; AdamW same lr",
                "Liu, Su et al., Muon is scalable for LLM training, arXiv 2502.16982; MoonshotAI/Moonlight toy_train.py",
                with(List.of(lr(1e-3), momentum(0.95), nesterov(true), nsSteps(), weightDecay(0.1), method("ns5"),
                        adjustLr("rms_norm"), matrixLabels()), adam(1e-3, 0.9, 0.95, 1e-8, 0.1)),
                h -> preset(h, muonMatrix(h.schedule("lr"), momentum(h, "momentum"), h.flag("nesterov"),
                        Momentum.Convention.TRACE, method(h), steps(h, "ns_steps", 1), adjust(h),
                        h.schedule("weight_decay")))));
        registry.register(new Component<>("normuon",
                "NorMuon: Muon with neuron-wise (row) second-moment normalization keeping ‖O‖_F; non-matrix blocks to AdamW",
                "Li, Liu, Liang, Chen & Zhao, NorMuon, arXiv 2510.05491; zichongli5/NorMuon@normuon.py",
                with(List.of(lr(0.02), momentum(0.95),
                        number("beta2", 0.95).unit().symbol("β₂").doc("decay rate of the neuron-wise second moment"),
                        number("eps", 1e-10).positive().symbol("ε").doc("added to the denominator"), nsSteps(),
                        weightDecay(0.0), method("ns5"), adjustLr("muon"), matrixLabels()),
                        adam(3e-4, 0.9, 0.95, 1e-8, 0.01)),
                h -> preset(h, norMuonMatrix(h.schedule("lr"), momentum(h, "momentum"), h.number("beta2"),
                        h.number("eps"), method(h), steps(h, "ns_steps", 1), adjust(h), h.schedule("weight_decay")))));
        registry.register(new Component<>("adamuon",
                "AdaMuon: sign-stabilised NS of the momentum, element-wise second moment, RMS-aligned 0.2; AdamW for the rest",
                "Si, Zhang & Shen, AdaMuon, arXiv 2507.11005; Chongjie-Si/AdaMuon gpt2/models/optimizers/adamuon.py",
                with(List.of(lr(0.02), constantMomentum(0.95), nesterov(true), nsSteps(), weightDecay(0.01),
                        number("eps", 1e-8).positive().symbol("ε").doc("added to the denominator"),
                        flag("sign", true).doc("orthogonalize sign(M) instead of M"), method("ns5"), matrixLabels()),
                        adam(3e-4, 0.9, 0.95, 1e-8, 0.01)),
                h -> preset(h, adaMuonMatrix(h.schedule("lr"), constantMomentum(h, "momentum"), h.flag("nesterov"),
                        method(h), steps(h, "ns_steps", 1), h.number("eps"), h.flag("sign"),
                        h.schedule("weight_decay")))));
        registry.register(new Component<>("adago",
                "AdaGO: polar(momentum) with AdaGrad-Norm step α = max(ε, η·min(‖g‖,γ)/v), v² += min(‖g‖²,γ²) [U defaults]",
                "Zhang, Liu & Schaeffer, AdaGrad meets Muon, arXiv 2509.02981",
                with(List.of(lr(0.02), constantMomentum(0.95),
                        number("gamma", 1.0).positive().symbol("γ").doc("clipping level of the gradient norm"),
                        number("eps", 1e-6).nonNegative().symbol("ε").doc("smallest step α"),
                        number("v0", 1e-8).nonNegative().symbol("v₀").doc("initial accumulator"), nsSteps(),
                        method("ns5"), matrixLabels()), adam(3e-4, 0.9, 0.95, 1e-8, 0.01)),
                h -> preset(h, adaGoMatrix(h.schedule("lr"), constantMomentum(h, "momentum"), h.number("gamma"),
                        h.number("eps"), h.number("v0"), method(h), steps(h, "ns_steps", 1)))));
        registry.register(new Component<>("dion",
                "Dion: rank-r power iteration on M ← M + G, QR / Cholesky QR / randomized Cholesky QR, error feedback",
                "Ahn et al., Dion, arXiv 2504.05295; microsoft/dion dion_reference.py, dion_simple.py",
                with(List.of(lr(0.01), number("mu", 0.95).unit().symbol("μ").doc("momentum factor"),
                        weightDecay(0.01), number("eps", 1e-8).nonNegative().symbol("ε").doc("added to column norms"),
                        number("rank_fraction", 1.0).range(0, false, 1, true).doc("rank r as a fraction of min(A, B)"),
                        steps("power_iters", 1L, 1).doc("power iterations per step"),
                        choice("qr_method", "rcqr", "qr", "cqr", "rcqr")
                                .doc("orthonormalization: QR, Cholesky QR or randomized Cholesky QR"),
                        integer("cqr_warmup_steps", 150L).atLeast(0).doc("steps that use QR before Cholesky QR"),
                        number("rcqr_oversample", 1.25).atLeast(1).doc("oversampling of the randomized sketch"),
                        integer("seed", 0L).doc("seed of the initial right factor"), matrixLabels()),
                        adam(0.01, 0.9, 0.95, 1e-8, 0.01)),
                h -> preset(h, dionMatrix(h.schedule("lr"), h.number("mu"), h.schedule("weight_decay"),
                        h.number("eps"), h.number("rank_fraction"), steps(h, "power_iters", 1), h.text("qr_method"),
                        h.integer("cqr_warmup_steps"), h.number("rcqr_oversample"), h.integer("seed")))));
        registry.register(new Component<>("auon",
                "AuON: Nesterov momentum divided by the cosh brake r (variant code: U/r; paper: U/‖U‖_F/r·√max(1,A/B))",
                "Maity, AuON, arXiv 2509.24320; ryyzn9/AuON@auon/optimizer.py HEAD bba2e82 (variant code)",
                with(List.of(lr(0.24), momentum(0.95), weightDecay(0.0), gamma(), variant(), matrixLabels()),
                        adam(0.008, 0.8, 0.95, 1e-8, 0.0)),
                h -> preset(h, auonMatrix(h.schedule("lr"), momentum(h, "momentum"), h.number("gamma"),
                        h.text("variant"), null, 0, h.schedule("weight_decay")))));
        registry.register(new Component<>("hybrid_auon",
                "Hybrid-AuON: NS5 of the Nesterov momentum, then AuON's cosh brake [U lr]; non-matrix blocks to AdamW",
                "Maity, AuON, arXiv 2509.24320; ryyzn9/AuON@auon/optimizer.py HEAD bba2e82 (HybridAuON)",
                with(List.of(lr(0.02), momentum(0.95), weightDecay(0.0), gamma(), variant(), nsSteps(),
                        method("ns5"), matrixLabels()), adam(0.008, 0.8, 0.95, 1e-8, 0.0)),
                h -> preset(h, auonMatrix(h.schedule("lr"), momentum(h, "momentum"), h.number("gamma"),
                        h.text("variant"), method(h), steps(h, "ns_steps", 1), h.schedule("weight_decay")))));
        registry.register(new Component<>("root",
                "ROOT: Nesterov momentum, 0.9-quantile clipping, shape-specific NS coefficients, 0.2·√max(A,B); AdamW",
                "He et al., ROOT, arXiv 2511.20626; huawei-noah/noah-research ROOT/examples/example_train.py",
                with(List.of(lr(1e-3), momentum(0.95), nesterov(true), weightDecay(0.1),
                        steps("root_steps", 5L, 1).doc("Newton–Schulz iterations"),
                        number("quantile", 0.9).between(0, 1).doc("quantile of |M| at which to clip"),
                        matrixLabels()), adam(1e-3, 0.9, 0.95, 1e-8, 0.1)),
                h -> preset(h, rootMatrix(h.schedule("lr"), momentum(h, "momentum"), h.flag("nesterov"),
                        steps(h, "root_steps", 1), h.number("quantile"), h.schedule("weight_decay")))));
    }

    /** The matrix rule for {@code matrix_labels}, AdamW with the {@code adam_*} values for the rest. */
    private static Transform preset(Hyperparameters h, Transform matrixRule) {
        String owner = h.owner();
        double b1 = Check.unitInterval(owner, "adam_b1", h.number("adam_b1"));
        double b2 = Check.unitInterval(owner, "adam_b2", h.number("adam_b2"));
        double eps = Check.nonNegative(owner, "adam_eps", h.number("adam_eps"));
        Transform adamw = Optimizers.adamw(h.schedule("adam_lr"), b1, b2, eps, h.schedule("adam_wd"));
        Map<String, Transform> byLabel = new LinkedHashMap<>();
        for (String l : labels(owner, h.text("matrix_labels"))) {
            byLabel.put(l, matrixRule);
        }
        // A registered preset on a problem without matrix blocks is an error, not a silent AdamW.
        return Route.requiring(owner, byLabel, adamw);
    }

    /** Comma-separated labels. */
    static List<String> labels(String owner, String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",")) {
            String t = s.trim();
            if (!t.isEmpty() && !out.contains(t)) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw new HyperparameterException(owner, "matrix_labels", owner + ": matrix_labels = '" + text + "' names no label");
        }
        return out;
    }

    private static String method(Hyperparameters h) {
        String m = h.text("method");
        if (!Polar.contains(m)) {
            throw new HyperparameterException(h.owner(), "method", h.owner() + ": method = " + m + " is not one of "
                    + String.join(", ", Polar.names()));
        }
        return m;
    }

    private static int steps(Hyperparameters h, String key, long min) {
        long v = h.integer(key);
        Check.atLeast(h.owner(), key, v, min);
        if (v > 100) {
            throw new HyperparameterException(h.owner(), key, h.owner() + ": " + key + " = " + v + " is outside [" + min + ", 100]");
        }
        return (int) v;
    }

    private static AdjustLr adjust(Hyperparameters h) {
        return AdjustLr.parse(h.owner(), h.text("adjust_lr"));
    }

    /** A momentum schedule; a constant one is checked here so the message names the optimizer. */
    private static Schedule momentum(Hyperparameters h, String key) {
        Schedule s = h.schedule(key);
        if (s.isConstant()) {
            Check.unitInterval(h.owner(), key, s.value(0, null));
        }
        return s;
    }

    private static double constantMomentum(Hyperparameters h, String key) {
        return Check.unitInterval(h.owner(), key, h.number(key));
    }
}
