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
 * Adam's direction (Kingma &amp; Ba, "Adam: A method for stochastic optimization", ICLR 2015), as
 * optax {@code scale_by_adam} and {@code torch.optim.Adam}:
 * <pre>
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²,
 *   m̂ = m/(1 − β1^t),  v̂ = v/(1 − β2^t),   u = m̂ / (√v̂ + ε)        (t = 1, 2, ...)
 * </pre>
 * AdamW (Loshchilov &amp; Hutter, ICLR 2019) is this followed by {@link AddDecayedWeights} and the
 * learning rate; Adam with L2 regularisation puts the weight decay before it.
 */
public final class ScaleByAdam implements Transform {
    private final double b1;
    private final double b2;
    private final double eps;

    public ScaleByAdam(double b1, double b2, double eps) {
        this.b1 = Check.unitInterval("adam", "b1", b1);
        this.b2 = Check.unitInterval("adam", "b2", b2);
        this.eps = Check.nonNegative("adam", "eps", eps);
    }

    @Override
    public String name() {
        return "scale_by_adam";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        State s = new State(name());
        s.addBuffer("mu", params.zerosLike(stateDType));
        s.addBuffer("nu", params.zerosLike(stateDType));
        return s.addScalar("count", 0);
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        long t = (long) state.scalar("count") + 1;
        double c1 = 1.0 / (1.0 - Math.pow(b1, t));
        double c2 = 1.0 / (1.0 - Math.pow(b2, t));
        Blocks mu = state.buffer("mu");
        Blocks nu = state.buffer("nu");
        Float64Chunks s = Float64Chunks.local();
        for (int k = 0, nb = updates.count(); k < nb; k++) {
            Tensor gt = updates.tensor(k);
            Tensor mt = mu.tensor(k);
            Tensor vt = nu.tensor(k);
            for (int start = 0, n = gt.size(); start < n; start += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, n - start);
                int o = s.open(start, len, gt, mt, vt);
                double[] g = s.array(0);
                double[] m = s.array(1);
                double[] v = s.array(2);
                for (int i = o, e = o + len; i < e; i++) {
                    double gi = g[i];
                    double mi = b1 * m[i] + (1 - b1) * gi;
                    double vi = b2 * v[i] + (1 - b2) * gi * gi;
                    m[i] = mi;
                    v[i] = vi;
                    g[i] = (mi * c1) / (Math.sqrt(vi * c2) + eps);
                }
                s.commit(1, mt, start, len);
                s.commit(2, vt, start, len);
                s.commit(0, gt, start, len);
            }
        }
        state.setScalar("count", t);
    }

    @Override
    public String toString() {
        return "scale_by_adam(b1=" + b1 + ", b2=" + b2 + ", eps=" + eps + ")";
    }
}
