package dev.curvature.optim.transform;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/**
 * Normalized gradient direction u ← u/‖u‖ over all blocks (normalized gradient descent; a zero
 * update stays zero). With a learning rate η every step has length η.
 */
public final class NormalizeByGlobalNorm implements Transform {

    @Override
    public String name() {
        return "normalize_by_global_norm";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        return new State(name());
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        double norm = updates.norm();
        if (norm > 0) {
            updates.scale(1.0 / norm);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
