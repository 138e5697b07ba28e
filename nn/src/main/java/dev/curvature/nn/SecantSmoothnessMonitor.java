package dev.curvature.nn;

import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.run.Monitor;
import java.util.Map;

/**
 * The local smoothness proxy of Alimisis, Islamov &amp; Lucchi ("Why do we need warm-up?", arXiv
 * 2510.03164, §3.2), L̂ = ‖∇f(w_t) − ∇f(w_{t−1})‖/‖w_t − w_{t−1}‖ over one optimizer step, for
 * models trained on mini-batches. Two columns:
 * <ul>
 *   <li>{@code smoothness_batch}: both gradients on the batch S_t of step t,
 *       ‖∇f_{S_t}(w_t) − ∇f_{S_t}(w_{t−1})‖/‖w_t − w_{t−1}‖, the secant curvature of one fixed
 *       function along the step (free of sampling noise);</li>
 *   <li>{@code smoothness_stochastic}: the paper's form with consecutive batches,
 *       ‖∇f_{S_t}(w_t) − ∇f_{S_{t−1}}(w_{t−1})‖/‖w_t − w_{t−1}‖, which also contains the
 *       difference of two batches' gradients.</li>
 * </ul>
 * The monitor must be called every step ({@code every: 1}); it measures at steps t ≡ 0 mod
 * {@code interval} and keeps w_{t−1} and ∇f_{S_{t−1}}(w_{t−1}) from the step before. The extra
 * gradients use the problem's current batch ({@link ModelProblem#evaluate}), so the training batch
 * sequence is not disturbed. Cost per measurement: 3 gradients (2 when interval = 1). The state is
 * not part of run checkpoints: after a resume the first measurement is skipped.
 */
public final class SecantSmoothnessMonitor implements Monitor {
    /** Column of the same-batch estimate. */
    public static final String BATCH = "smoothness_batch";
    /** Column of the consecutive-batch estimate. */
    public static final String STOCHASTIC = "smoothness_stochastic";

    private final int interval;
    private Blocks previous;
    private Blocks previousGrad;
    private Blocks gradAtPrevious;
    private Blocks grad;
    private Blocks scratch;
    private long previousStep = Long.MIN_VALUE;

    public SecantSmoothnessMonitor(int interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("smoothness_batch: interval = " + interval + " is outside [1, ∞)");
        }
        this.interval = interval;
    }

    @Override
    public Map<String, Double> measure(Problem problem, Blocks x, long step) {
        if (!(problem instanceof ModelProblem mp)) {
            throw new IllegalStateException("smoothness_batch monitor: problem '" + problem.name()
                    + "' is not a model trained on mini-batches");
        }
        if (grad == null) {
            previous = x.zerosLike();
            previousGrad = x.zerosLike();
            gradAtPrevious = x.zerosLike();
            grad = x.zerosLike();
            scratch = x.zerosLike();
        }
        Map<String, Double> out = Map.of();
        boolean measure = step % interval == 0 && previousStep == step - 1;
        boolean keep = (step + 1) % interval == 0;
        if (measure || keep) {
            mp.evaluate(x, grad);
        }
        if (measure) {
            double dx = scratch.assign(x).addScaled(-1.0, previous).norm();
            mp.evaluate(previous, gradAtPrevious);
            double same = scratch.assign(grad).addScaled(-1.0, gradAtPrevious).norm();
            double consecutive = scratch.assign(grad).addScaled(-1.0, previousGrad).norm();
            if (dx > 0) {
                out = Map.of(BATCH, same / dx, STOCHASTIC, consecutive / dx);
            }
        }
        if (keep) {
            previous.assign(x);
            previousGrad.assign(grad);
            previousStep = step;
        }
        return out;
    }
}
