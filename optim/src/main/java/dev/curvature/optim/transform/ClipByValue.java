package dev.curvature.optim.transform;

import dev.curvature.core.DType;
import dev.curvature.core.Float64Chunks;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/** Elementwise clipping u_i ← min(max(u_i, −c), c) (optax {@code clip}, torch {@code clip_grad_value_}). */
public final class ClipByValue implements Transform {
    private final double c;

    public ClipByValue(double c) {
        this.c = Check.positive("clip_by_value", "max_value", c);
    }

    @Override
    public String name() {
        return "clip_by_value";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        return new State(name());
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        Float64Chunks s = Float64Chunks.local();
        for (int k = 0, nb = updates.count(); k < nb; k++) {
            Tensor gt = updates.tensor(k);
            for (int start = 0, n = gt.size(); start < n; start += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, n - start);
                int o = s.open(start, len, gt);
                double[] g = s.array(0);
                for (int i = o, e = o + len; i < e; i++) {
                    g[i] = Math.min(Math.max(g[i], -c), c);
                }
                s.commit(0, gt, start, len);
            }
        }
    }

    @Override
    public String toString() {
        return "clip_by_value(" + c + ")";
    }
}
