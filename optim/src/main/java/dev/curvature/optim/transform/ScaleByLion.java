package dev.curvature.optim.transform;

import dev.curvature.core.DType;
import dev.curvature.core.Float64Chunks;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/**
 * Lion's direction (Chen et al., "Symbolic discovery of optimization algorithms", NeurIPS 2023):
 * u = sign(β1·m + (1 − β1)·g), then m ← β2·m + (1 − β2)·g. Defaults β1 = 0.9, β2 = 0.99; the
 * optimizer adds decoupled weight decay and the learning rate.
 */
public final class ScaleByLion implements Transform {
    private final double b1;
    private final double b2;

    public ScaleByLion(double b1, double b2) {
        this.b1 = Check.unitInterval("lion", "b1", b1);
        this.b2 = Check.unitInterval("lion", "b2", b2);
    }

    @Override
    public String name() {
        return "scale_by_lion";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        State s = new State(name());
        s.addBuffer("mu", params.zerosLike(stateDType));
        return s;
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        Blocks mu = state.buffer("mu");
        Float64Chunks s = Float64Chunks.local();
        for (int k = 0, nb = updates.count(); k < nb; k++) {
            Tensor gt = updates.tensor(k);
            Tensor mt = mu.tensor(k);
            for (int start = 0, n = gt.size(); start < n; start += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, n - start);
                int o = s.open(start, len, gt, mt);
                double[] g = s.array(0);
                double[] m = s.array(1);
                for (int i = o, e = o + len; i < e; i++) {
                    double gi = g[i];
                    double mi = m[i];
                    g[i] = Math.signum(b1 * mi + (1 - b1) * gi);
                    m[i] = b2 * mi + (1 - b2) * gi;
                }
                s.commit(1, mt, start, len);
                s.commit(0, gt, start, len);
            }
        }
    }

    @Override
    public String toString() {
        return "scale_by_lion(b1=" + b1 + ", b2=" + b2 + ")";
    }
}
