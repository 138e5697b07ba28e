package dev.curvature.optim.transform;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/**
 * AdaGrad-Norm, one scalar step size for all coordinates (Ward, Wu &amp; Bottou, "AdaGrad stepsizes:
 * sharp convergence over nonconvex landscapes", ICML 2019 / JMLR 2020):
 * b_{t+1}² = b_t² + ‖g_t‖², u = g_t / b_{t+1}, with b₀ &gt; 0 and the norm global over all blocks.
 * Logs b as {@code adagrad_norm_b}.
 */
public final class ScaleByAdagradNorm implements Transform {
    private final double b0;

    public ScaleByAdagradNorm(double b0) {
        this.b0 = Check.positive("adagrad_norm", "b0", b0);
    }

    @Override
    public String name() {
        return "scale_by_adagrad_norm";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        return new State(name()).addScalar("b_sq", b0 * b0);
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        double g = updates.norm();
        double bSq = state.scalar("b_sq") + g * g;
        state.setScalar("b_sq", bSq);
        double b = Math.sqrt(bSq);
        ctx.metric("adagrad_norm_b", b);
        updates.scale(1.0 / b);
    }

    @Override
    public String toString() {
        return "scale_by_adagrad_norm(b0=" + b0 + ")";
    }
}
