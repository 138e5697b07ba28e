package dev.curvature.optim.transform;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Hyperparameter;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import dev.curvature.optim.schedule.Schedule;

/**
 * u ← u + λ_t·x, with x the current parameters (optax {@code add_decayed_weights}). Placed after
 * an adaptive direction and before the learning rate it is decoupled weight decay (AdamW,
 * Loshchilov &amp; Hutter, ICLR 2019: x ← x − η(u + λx)); placed first it is L2 regularisation
 * added to the gradient (torch's {@code weight_decay} for SGD and Adam). λ may be scheduled.
 */
public final class AddDecayedWeights implements Transform {
    private final Hyperparameter weightDecay;

    public AddDecayedWeights(Schedule weightDecay) {
        this.weightDecay = Hyperparameter.nonNegative("add_decayed_weights", "weight_decay", weightDecay);
    }

    @Override
    public String name() {
        return "add_decayed_weights";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        return new State(name()).addScalar("count", 0);
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        long count = (long) state.scalar("count");
        double wd = weightDecay.value(count, ctx);
        ctx.metric("weight_decay", wd);
        if (wd != 0) {
            Blocks x = ctx.params();
            if (x == null) {
                throw new IllegalStateException("add_decayed_weights needs the current parameters in the step context");
            }
            updates.addScaled(wd, x);
        }
        state.setScalar("count", count + 1);
    }

    @Override
    public String toString() {
        return "add_decayed_weights(" + weightDecay + ")";
    }
}
