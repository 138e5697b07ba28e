package dev.curvature.optim.transform;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/**
 * Gradient clipping by the global norm over all blocks (optax {@code clip_by_global_norm},
 * torch {@code clip_grad_norm_}): u ← u·min(1, c/‖u‖). Logs the pre-clip norm as {@code grad_norm_pre_clip}.
 */
public final class ClipByGlobalNorm implements Transform {
    private final double maxNorm;

    public ClipByGlobalNorm(double maxNorm) {
        this.maxNorm = Check.positive("clip_by_global_norm", "max_norm", maxNorm);
    }

    @Override
    public String name() {
        return "clip_by_global_norm";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        return new State(name());
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        double norm = updates.norm();
        ctx.metric("grad_norm_pre_clip", norm);
        if (norm > maxNorm) {
            updates.scale(maxNorm / norm);
        }
    }

    @Override
    public String toString() {
        return "clip_by_global_norm(" + maxNorm + ")";
    }
}
