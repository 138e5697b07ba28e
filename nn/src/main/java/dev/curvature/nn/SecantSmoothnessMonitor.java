package dev.curvature.nn;

import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.State;
import dev.curvature.optim.run.Monitor;
import java.util.Map;

/**
 * The local smoothness proxy of Alimisis, Islamov &amp; Lucchi ("Why do we need warm-up?", arXiv
 * 2510.03164, §3.2) for models trained on mini-batches. With SGD indexed as
 * w_{k+1} = w_k − η_k·d(∇f_{S_k}(w_k)) (S_k the batch of step k, d the update direction, e.g.
 * clipping), the paper's proxy (as quoted by the third-party audit) is
 * <pre>  L̂_k = ‖∇f_{S_k}(w_{k+1}) − ∇f_{S_{k−1}}(w_k)‖ / ‖w_{k+1} − w_k‖,</pre>
 * each gradient taken on a batch at the point its own step led to. Two columns, logged in the
 * row of step t = k + 1 (the point w_{k+1}):
 * <ul>
 *   <li>{@code smoothness_stochastic}: the paper's L̂_k above (consecutive batches);</li>
 *   <li>{@code smoothness_batch}: the same-batch form
 *       ‖∇f_{S_k}(w_{k+1}) − ∇f_{S_k}(w_k)‖/‖w_{k+1} − w_k‖, the secant curvature of the step's
 *       own batch function along the step (free of the difference between two batches).</li>
 * </ul>
 * The two share ∇f_{S_k}(w_{k+1}); they differ by the batch switch ∇f_{S_k}(w_k) − ∇f_{S_{k−1}}(w_k)
 * in the numerator. The cheaper form ‖∇f_{S_{k+1}}(w_{k+1}) − ∇f_{S_k}(w_k)‖/‖w_{k+1} − w_k‖ made of
 * the training gradients alone (each batch at the point where it is drawn) is not the paper's and
 * is not computed.
 *
 * <p>The monitor must be called every step ({@code every: 1}); it measures at steps t ≡ 0 mod
 * {@code interval}. It copies the batches S_{t−2} and S_{t−1} when drawn
 * ({@link ModelProblem#copyBatch}) and evaluates them again later
 * ({@link ModelProblem#evaluate(ModelProblem.Batch, Blocks, Blocks)}), so the training batch
 * sequence is not disturbed. Cost: 3 extra gradients per measurement (2 per step when
 * interval = 1). The kept points, gradients and batch are part of run checkpoints
 * ({@link Monitor.Stateful}), so a resumed run measures what an uninterrupted one does.
 */
public final class SecantSmoothnessMonitor implements Monitor.Stateful {
    /** Column of the same-batch estimate. */
    public static final String BATCH = "smoothness_batch";
    /** Column of the consecutive-batch estimate (the paper's L̂_k). */
    public static final String STOCHASTIC = "smoothness_stochastic";

    private final int interval;
    /**
     * The kept data below, with the scalars has_saved, saved_step (the step that copied the batch),
     * kept_last, kept_step (the step that kept w_{t−1}); steps are exact as doubles below 2⁵³.
     */
    private State state;
    /** w_{t−1}, kept at the step before a measurement. */
    private Blocks previous;
    /** ∇f_{S_{t−1}}(w_{t−1}), kept at the step before a measurement. */
    private Blocks ownAtPrevious;
    /** ∇f_{S_{t−2}}(w_{t−1}), kept at the step before a measurement. */
    private Blocks lastAtPrevious;
    /** The batch copied at saved_step. */
    private ModelProblem.Batch saved;
    /** Workspace: ∇f_{S_{s−1}}(w_s) at the current step s, and differences. */
    private Blocks lastHere;
    private Blocks scratch;

    public SecantSmoothnessMonitor(int interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("smoothness_batch: interval = " + interval + " is outside [1, ∞)");
        }
        this.interval = interval;
    }

    @Override
    public Map<String, Double> measure(Problem problem, Blocks x, long step) {
        ModelProblem mp = modelProblem(problem);
        state(mp, x);
        boolean measureNow = step % interval == 0;
        boolean feedNext = (step + 1) % interval == 0;
        boolean prepare = (step + 2) % interval == 0;
        // ∇f_{S_{s−1}}(w_s): the previous batch at the point its step led to.
        boolean haveLastHere = (measureNow || feedNext) && state.scalar("has_saved") != 0
                && state.scalar("saved_step") == step - 1;
        if (haveLastHere) {
            mp.evaluate(saved, x, lastHere);
        }
        Map<String, Double> out = Map.of();
        if (measureNow && haveLastHere && state.scalar("kept_last") != 0 && state.scalar("kept_step") == step - 1) {
            double dx = scratch.assign(x).addScaled(-1.0, previous).norm();
            double same = scratch.assign(lastHere).addScaled(-1.0, ownAtPrevious).norm();
            double consecutive = scratch.assign(lastHere).addScaled(-1.0, lastAtPrevious).norm();
            if (dx > 0) {
                out = Map.of(BATCH, same / dx, STOCHASTIC, consecutive / dx);
            }
        }
        if (feedNext) {
            mp.evaluate(x, ownAtPrevious);
            previous.assign(x);
            state.setScalar("kept_last", haveLastHere ? 1 : 0);
            if (haveLastHere) {
                lastAtPrevious.assign(lastHere);
            }
            state.setScalar("kept_step", step);
        }
        if (feedNext || prepare) {
            mp.copyBatch(saved);
            state.setScalar("has_saved", 1);
            state.setScalar("saved_step", step);
        }
        return out;
    }

    @Override
    public State state(Problem problem, Blocks x) {
        if (state == null) {
            previous = x.zerosLike();
            ownAtPrevious = x.zerosLike();
            lastAtPrevious = x.zerosLike();
            lastHere = x.zerosLike();
            scratch = x.zerosLike();
            saved = modelProblem(problem).emptyBatch();
            state = new State("smoothness_batch");
            state.addBuffer("previous", previous);
            state.addBuffer("own_at_previous", ownAtPrevious);
            state.addBuffer("last_at_previous", lastAtPrevious);
            state.addBuffer("saved_batch", saved.blocks());
            state.addScalar("has_saved", 0);
            state.addScalar("saved_step", 0);
            state.addScalar("kept_last", 0);
            state.addScalar("kept_step", 0);
        }
        return state;
    }

    private static ModelProblem modelProblem(Problem problem) {
        if (!(problem instanceof ModelProblem mp)) {
            throw new IllegalStateException("smoothness_batch monitor: problem '" + problem.name()
                    + "' is not a model trained on mini-batches");
        }
        return mp;
    }
}
