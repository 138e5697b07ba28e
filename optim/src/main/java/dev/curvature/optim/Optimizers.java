package dev.curvature.optim;

import static dev.curvature.optim.Transforms.addDecayedWeights;
import static dev.curvature.optim.Transforms.scaleByLearningRate;

import dev.curvature.optim.schedule.Schedule;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.optim.transform.Chain;
import dev.curvature.optim.transform.Momentum;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline optimizers as chains of {@link Transforms}, with the update rules of
 * {@code torch.optim} ({@link OptimizerRegistry} lists the registered defaults and the papers;
 * where torch has no default, as for SGD's learning rate, the registry chooses one).
 * Learning rates, momenta and weight decays are {@link Schedule}s; use
 * {@link Schedules#constant} for fixed values.
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

    private static boolean isZero(Schedule s) {
        return s.isConstant() && s.value(0, null) == 0.0;
    }
}
