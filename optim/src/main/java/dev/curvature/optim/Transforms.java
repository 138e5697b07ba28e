package dev.curvature.optim;

import dev.curvature.optim.schedule.Schedule;
import dev.curvature.optim.schedule.Schedules;
import dev.curvature.optim.transform.AddDecayedWeights;
import dev.curvature.optim.transform.Chain;
import dev.curvature.optim.transform.ClipByGlobalNorm;
import dev.curvature.optim.transform.ClipByValue;
import dev.curvature.optim.transform.Momentum;
import dev.curvature.optim.transform.NormalizeByGlobalNorm;
import dev.curvature.optim.transform.Route;
import dev.curvature.optim.transform.Scale;
import dev.curvature.optim.transform.ScaleByAdagrad;
import dev.curvature.optim.transform.ScaleByAdagradNorm;
import dev.curvature.optim.transform.ScaleByAdam;
import dev.curvature.optim.transform.ScaleByLion;
import dev.curvature.optim.transform.ScaleByRms;
import dev.curvature.optim.transform.ScaleBySchedule;
import dev.curvature.optim.transform.ScaleBySign;
import java.util.List;
import java.util.Map;

/**
 * The building blocks of optimizers, as in optax: compose them with {@link #chain} and
 * {@link #route}. Each factory validates its hyperparameters immediately.
 *
 * <pre>{@code
 * Transform adamwWithWarmup = Transforms.chain(
 *         Transforms.clipByGlobalNorm(1.0),
 *         Transforms.scaleByAdam(0.9, 0.999, 1e-8),
 *         Transforms.addDecayedWeights(Schedules.constant(0.01)),
 *         Transforms.scaleByLearningRate(new Schedules.WarmupCosine(0, 1e-3, 100, 1000, 1e-5)));
 * }</pre>
 */
public final class Transforms {
    private Transforms() {}

    /** Applies the transforms in order. */
    public static Transform chain(Transform... parts) {
        return new Chain(List.of(parts));
    }

    /** Sends each block to the transform of its label; others to {@code fallback} (null: none allowed). */
    public static Transform route(Map<String, Transform> byLabel, Transform fallback) {
        return new Route(byLabel, fallback);
    }

    /** u ← c·u. */
    public static Transform scale(double c) {
        return new Scale(c);
    }

    /** u ← −η_t·u (the step of gradient descent); logs {@code lr}. */
    public static Transform scaleByLearningRate(Schedule lr) {
        return ScaleBySchedule.learningRate(lr);
    }

    /** u ← −η·u with a constant η. */
    public static Transform scaleByLearningRate(double lr) {
        return scaleByLearningRate(Schedules.constant(lr));
    }

    /** u ← s_t·u for a schedule s (no sign change). */
    public static Transform scaleBySchedule(Schedule s) {
        return ScaleBySchedule.factor(s, null);
    }

    /** Momentum in one of the named conventions (see {@link Momentum}). */
    public static Transform momentum(Schedule beta, boolean nesterov, Momentum.Convention convention,
                                     double dampening) {
        return new Momentum(beta, nesterov, convention, dampening);
    }

    /** optax {@code trace}: b ← βb + g, u = b (or g + βb with Nesterov). */
    public static Transform trace(double beta, boolean nesterov) {
        return momentum(Schedules.constant(beta), nesterov, Momentum.Convention.TRACE, 0);
    }

    /** Adam's bias-corrected direction m̂/(√v̂ + ε). */
    public static Transform scaleByAdam(double b1, double b2, double eps) {
        return new ScaleByAdam(b1, b2, eps);
    }

    /** AdaGrad's g/(√Σg² + ε). */
    public static Transform scaleByAdagrad(double initialAccumulator, double eps) {
        return new ScaleByAdagrad(initialAccumulator, eps);
    }

    /** AdaGrad-Norm's g/b_{t+1} with b_{t+1}² = b_t² + ‖g‖². */
    public static Transform scaleByAdagradNorm(double b0) {
        return new ScaleByAdagradNorm(b0);
    }

    /** RMSProp's g/(√v + ε), optionally centered. */
    public static Transform scaleByRms(double alpha, double eps, boolean centered) {
        return new ScaleByRms(alpha, eps, centered);
    }

    /** sign(u). */
    public static Transform scaleBySign() {
        return new ScaleBySign();
    }

    /** Lion's sign(β1·m + (1 − β1)·g). */
    public static Transform scaleByLion(double b1, double b2) {
        return new ScaleByLion(b1, b2);
    }

    /** u/‖u‖ (global norm). */
    public static Transform normalizeByGlobalNorm() {
        return new NormalizeByGlobalNorm();
    }

    /** u·min(1, c/‖u‖) (global norm). */
    public static Transform clipByGlobalNorm(double maxNorm) {
        return new ClipByGlobalNorm(maxNorm);
    }

    /** clamp(u, −c, c) elementwise. */
    public static Transform clipByValue(double c) {
        return new ClipByValue(c);
    }

    /** u ← u + λ_t·x (decoupled weight decay after an adaptive direction; L2 before it). */
    public static Transform addDecayedWeights(Schedule weightDecay) {
        return new AddDecayedWeights(weightDecay);
    }
}
