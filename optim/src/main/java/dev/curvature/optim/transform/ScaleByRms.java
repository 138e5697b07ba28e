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
 * RMSProp's scaling (Tieleman &amp; Hinton, Coursera lecture 6.5, 2012), as {@code torch.optim.RMSprop}:
 * v ← α·v + (1 − α)·g²; u = g/(√v + ε); centered: ḡ ← α·ḡ + (1 − α)·g and u = g/(√(v − ḡ²) + ε).
 * torch's ε is outside the square root (optax's {@code scale_by_rms} puts it inside); torch defaults
 * α = 0.99, ε = 1e-8. RMSProp's momentum is a {@link Momentum} (TRACE) after this transform.
 */
public final class ScaleByRms implements Transform {
    private final double alpha;
    private final double eps;
    private final boolean centered;

    public ScaleByRms(double alpha, double eps, boolean centered) {
        this.alpha = Check.unitInterval("rmsprop", "alpha", alpha);
        this.eps = Check.nonNegative("rmsprop", "eps", eps);
        this.centered = centered;
    }

    @Override
    public String name() {
        return "scale_by_rms";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        State s = new State(name());
        s.addBuffer("nu", params.zerosLike(stateDType));
        if (centered) {
            s.addBuffer("mu", params.zerosLike(stateDType));
        }
        return s;
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        Blocks nu = state.buffer("nu");
        Blocks mu = centered ? state.buffer("mu") : null;
        Float64Chunks s = Float64Chunks.local();
        for (int k = 0, nb = updates.count(); k < nb; k++) {
            Tensor gt = updates.tensor(k);
            Tensor vt = nu.tensor(k);
            Tensor mt = centered ? mu.tensor(k) : null;
            for (int start = 0, n = gt.size(); start < n; start += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, n - start);
                if (centered) {
                    int o = s.open(start, len, gt, vt, mt);
                    double[] g = s.array(0);
                    double[] v = s.array(1);
                    double[] m = s.array(2);
                    for (int i = o, e = o + len; i < e; i++) {
                        double gi = g[i];
                        double vi = alpha * v[i] + (1 - alpha) * gi * gi;
                        double mi = alpha * m[i] + (1 - alpha) * gi;
                        v[i] = vi;
                        m[i] = mi;
                        g[i] = gi / (Math.sqrt(vi - mi * mi) + eps);
                    }
                    s.commit(2, mt, start, len);
                } else {
                    int o = s.open(start, len, gt, vt);
                    double[] g = s.array(0);
                    double[] v = s.array(1);
                    for (int i = o, e = o + len; i < e; i++) {
                        double gi = g[i];
                        double vi = alpha * v[i] + (1 - alpha) * gi * gi;
                        v[i] = vi;
                        g[i] = gi / (Math.sqrt(vi) + eps);
                    }
                }
                s.commit(1, vt, start, len);
                s.commit(0, gt, start, len);
            }
        }
    }

    @Override
    public String toString() {
        return "scale_by_rms(alpha=" + alpha + ", eps=" + eps + ", centered=" + centered + ")";
    }
}
