package dev.curvature.optim;

import static dev.curvature.optim.Transforms.addDecayedWeights;
import static dev.curvature.optim.Transforms.scaleByLearningRate;

import dev.curvature.optim.schedule.Schedule;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.optim.transform.Chain;
import dev.curvature.optim.transform.Momentum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The baseline optimizers as chains of {@link Transforms}, with the update rules of
 * {@code torch.optim} ({@link OptimizerRegistry} lists the registered defaults and the papers;
 * where torch has no default, as for SGD's learning rate, the registry chooses one).
 * Learning rates, momenta and weight decays are {@link Schedule}s; use
 * {@link Schedules#constant} for fixed values.
 *
 * <p>The short forms ({@code adam(1e-3)}, {@code adamw(1e-3, 0.01)}, {@code muon(0.02)}, as in optax)
 * take plain numbers and leave every other hyperparameter at the registry's default, so a short
 * form and the spec entry naming the same values build the same optimizer. Their arguments are
 * checked as a spec's are: a value out of range throws a {@link HyperparameterException} naming the
 * optimizer and the parameter.
 */
public final class Optimizers {
    private Optimizers() {}

    /**
     * SGD as {@code torch.optim.SGD}: g ← g + λx (L2, when λ &gt; 0); momentum buffer b ← μb + (1 − d)g
     * (b ← g first; when μ &gt; 0), u = b or g + μb (Nesterov); x ← x − η·u. With μ = 0 it is gradient descent.
     */
    public static Transform sgd(Schedule lr, Schedule momentum, boolean nesterov, double dampening,
                                Schedule weightDecay) {
        List<Transform> parts = new ArrayList<>();
        if (!isZero(weightDecay)) {
            parts.add(addDecayedWeights(weightDecay));
        }
        if (!isZero(momentum)) {
            parts.add(new Momentum(momentum, nesterov, Momentum.Convention.TORCH, dampening));
        } else if (nesterov) {
            throw new IllegalArgumentException("sgd: nesterov = true needs momentum > 0");
        }
        parts.add(scaleByLearningRate(lr));
        return new Chain(parts);
    }

    /** Gradient descent x ← x − η∇f(x). */
    public static Transform gd(double lr) {
        return sgd(Schedules.constant(lr), Schedules.constant(0), false, 0, Schedules.constant(0));
    }

    /**
     * Adam (Kingma &amp; Ba, ICLR 2015) as {@code torch.optim.Adam}: L2 weight decay λ added to the
     * gradient, then x ← x − η·m̂/(√v̂ + ε).
     */
    public static Transform adam(Schedule lr, double b1, double b2, double eps, Schedule weightDecay) {
        List<Transform> parts = new ArrayList<>();
        if (!isZero(weightDecay)) {
            parts.add(addDecayedWeights(weightDecay));
        }
        parts.add(Transforms.scaleByAdam(b1, b2, eps));
        parts.add(scaleByLearningRate(lr));
        return new Chain(parts);
    }

    /**
     * AdamW (Loshchilov &amp; Hutter, "Decoupled weight decay regularization", ICLR 2019) as
     * {@code torch.optim.AdamW}: x ← x − η(m̂/(√v̂ + ε) + λx).
     */
    public static Transform adamw(Schedule lr, double b1, double b2, double eps, Schedule weightDecay) {
        return Transforms.chain(Transforms.scaleByAdam(b1, b2, eps), addDecayedWeights(weightDecay),
                scaleByLearningRate(lr));
    }

    /** AdaGrad (Duchi et al., JMLR 2011) as {@code torch.optim.Adagrad}: x ← x − η·g/(√Σg² + ε). */
    public static Transform adagrad(Schedule lr, double initialAccumulator, double eps, Schedule weightDecay) {
        List<Transform> parts = new ArrayList<>();
        if (!isZero(weightDecay)) {
            parts.add(addDecayedWeights(weightDecay));
        }
        parts.add(Transforms.scaleByAdagrad(initialAccumulator, eps));
        parts.add(scaleByLearningRate(lr));
        return new Chain(parts);
    }

    /** AdaGrad-Norm (Ward, Wu &amp; Bottou, ICML 2019): x ← x − η·g/b_{t+1}, b_{t+1}² = b_t² + ‖g‖². */
    public static Transform adagradNorm(Schedule lr, double b0) {
        return Transforms.chain(Transforms.scaleByAdagradNorm(b0), scaleByLearningRate(lr));
    }

    /**
     * RMSProp (Tieleman &amp; Hinton 2012) as {@code torch.optim.RMSprop}: v ← αv + (1 − α)g²;
     * b ← μb + g/(√v + ε) (μ &gt; 0), x ← x − η·b.
     */
    public static Transform rmsprop(Schedule lr, double alpha, double eps, Schedule momentum, boolean centered,
                                    Schedule weightDecay) {
        List<Transform> parts = new ArrayList<>();
        if (!isZero(weightDecay)) {
            parts.add(addDecayedWeights(weightDecay));
        }
        parts.add(Transforms.scaleByRms(alpha, eps, centered));
        if (!isZero(momentum)) {
            parts.add(new Momentum(momentum, false, Momentum.Convention.TRACE, 0));
        }
        parts.add(scaleByLearningRate(lr));
        return new Chain(parts);
    }

    /**
     * Lion (Chen et al., NeurIPS 2023): x ← x − η(sign(β1·m + (1 − β1)g) + λx), m ← β2·m + (1 − β2)g.
     */
    public static Transform lion(Schedule lr, double b1, double b2, Schedule weightDecay) {
        return Transforms.chain(Transforms.scaleByLion(b1, b2), addDecayedWeights(weightDecay),
                scaleByLearningRate(lr));
    }

    /**
     * signSGD / Signum (Bernstein et al., ICML 2018): x ← x − η·sign(m), with m = g (μ = 0) or the
     * moving average m ← μm + (1 − μ)g.
     */
    public static Transform signSgd(Schedule lr, Schedule momentum) {
        List<Transform> parts = new ArrayList<>();
        if (!isZero(momentum)) {
            parts.add(new Momentum(momentum, false, Momentum.Convention.EMA, 0));
        }
        parts.add(Transforms.scaleBySign());
        parts.add(scaleByLearningRate(lr));
        return new Chain(parts);
    }

    /** Normalized gradient descent: x ← x − η·∇f/‖∇f‖. */
    public static Transform normalizedGd(Schedule lr) {
        return Transforms.chain(Transforms.normalizeByGlobalNorm(), scaleByLearningRate(lr));
    }

    // ------------------------------------------------------------------ short forms (registry defaults)

    /** Plain SGD x ← x − η∇f(x), no momentum, as {@code torch.optim.SGD(lr=η)} and {@code optax.sgd(η)}. */
    public static Transform sgd(double lr) {
        return named("sgd", Map.of("lr", lr, "momentum", 0.0));
    }

    /** SGD with torch's heavy-ball momentum μ (b ← μb + g, x ← x − η·b), no Nesterov, no weight decay. */
    public static Transform sgd(double lr, double momentum) {
        return named("sgd", Map.of("lr", lr, "momentum", momentum));
    }

    /** Adam with learning rate η and torch's defaults β = (0.9, 0.999), ε = 1e-8, no weight decay. */
    public static Transform adam(double lr) {
        return named("adam", Map.of("lr", lr));
    }

    /** AdamW with learning rate η and torch's defaults β = (0.9, 0.999), ε = 1e-8, λ = 0.01. */
    public static Transform adamw(double lr) {
        return named("adamw", Map.of("lr", lr));
    }

    /** AdamW with learning rate η, decoupled weight decay λ and torch's β = (0.9, 0.999), ε = 1e-8. */
    public static Transform adamw(double lr, double weightDecay) {
        return named("adamw", Map.of("lr", lr, "weight_decay", weightDecay));
    }

    /** AdaGrad with learning rate η and torch's defaults (accumulator 0, ε = 1e-10, no weight decay). */
    public static Transform adagrad(double lr) {
        return named("adagrad", Map.of("lr", lr));
    }

    /** AdaGrad-Norm with learning rate η and b₀ = 0.01. */
    public static Transform adagradNorm(double lr) {
        return named("adagrad_norm", Map.of("lr", lr));
    }

    /** RMSProp with learning rate η and torch's defaults α = 0.99, ε = 1e-8, no momentum, not centered. */
    public static Transform rmsprop(double lr) {
        return named("rmsprop", Map.of("lr", lr));
    }

    /** Lion with learning rate η and the paper's β = (0.9, 0.99), no weight decay. */
    public static Transform lion(double lr) {
        return named("lion", Map.of("lr", lr));
    }

    /** signSGD x ← x − η·sign(∇f), no momentum. */
    public static Transform signSgd(double lr) {
        return named("sign_sgd", Map.of("lr", lr));
    }

    /** Normalized gradient descent x ← x − η·∇f/‖∇f‖ with a constant η. */
    public static Transform normalizedGd(double lr) {
        return normalizedGd(Schedules.constant(lr));
    }

    /**
     * Muon (KellerJordan/Muon) with learning rate η on the blocks labelled {@code hidden} or
     * {@code matrix}: Nesterov momentum 0.95, five Newton–Schulz steps, the max(1, A/B)^½ shape
     * factor; every other block goes to AdamW with Muon's README values (η = 3e-4, β = (0.9, 0.95),
     * λ = 0.01). {@code curvature list optimizers} shows the other Muon-family presets.
     */
    public static Transform muon(double lr) {
        return named("muon", Map.of("lr", lr));
    }

    /** The registered optimizer {@code name} with {@code overrides} in place of its defaults. */
    private static Transform named(String name, Map<String, ?> overrides) {
        return OptimizerRegistry.get(name).create(overrides);
    }

    private static boolean isZero(Schedule s) {
        return s.isConstant() && s.value(0, null) == 0.0;
    }
}
