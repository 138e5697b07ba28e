package dev.curvature.optim.transform;

import dev.curvature.core.DType;
import dev.curvature.core.Float64Chunks;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/**
 * u_i ← sign(u_i) ∈ {−1, 0, 1}: signSGD (Bernstein et al., "signSGD: Compressed optimisation for
 * non-convex problems", ICML 2018) when followed by a learning rate.
 */
public final class ScaleBySign implements Transform {

    @Override
    public String name() {
        return "scale_by_sign";
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
                    g[i] = Math.signum(g[i]);
                }
                s.commit(0, gt, start, len);
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
