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
 * AdaGrad's per-coordinate scaling (Duchi, Hazan &amp; Singer, JMLR 2011), as {@code torch.optim.Adagrad}:
 * G ← G + g², u = g/(√G + ε), with G₀ = {@code initialAccumulator} (torch default 0, ε = 1e-10).
 */
public final class ScaleByAdagrad implements Transform {
    private final double initialAccumulator;
    private final double eps;

    public ScaleByAdagrad(double initialAccumulator, double eps) {
        this.initialAccumulator = Check.nonNegative("adagrad", "initial_accumulator", initialAccumulator);
        this.eps = Check.nonNegative("adagrad", "eps", eps);
    }

    @Override
    public String name() {
        return "scale_by_adagrad";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        State s = new State(name());
        s.addBuffer("sum_sq", params.zerosLike(stateDType).fill(initialAccumulator));
        return s;
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        Blocks acc = state.buffer("sum_sq");
        Float64Chunks s = Float64Chunks.local();
        for (int k = 0, nb = updates.count(); k < nb; k++) {
            Tensor gt = updates.tensor(k);
            Tensor at = acc.tensor(k);
            for (int start = 0, n = gt.size(); start < n; start += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, n - start);
                int o = s.open(start, len, gt, at);
                double[] g = s.array(0);
                double[] a = s.array(1);
                for (int i = o, e = o + len; i < e; i++) {
                    double gi = g[i];
                    double ai = a[i] + gi * gi;
                    a[i] = ai;
                    g[i] = gi / (Math.sqrt(ai) + eps);
                }
                s.commit(1, at, start, len);
                s.commit(0, gt, start, len);
            }
        }
    }

    @Override
    public String toString() {
        return "scale_by_adagrad(initial_accumulator=" + initialAccumulator + ", eps=" + eps + ")";
    }
}
