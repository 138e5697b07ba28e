package dev.curvature.optim.transform;

import dev.curvature.core.DType;
import dev.curvature.core.Float64Chunks;
import dev.curvature.core.Tensor;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.Hyperparameter;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import dev.curvature.optim.schedule.Schedule;

/**
 * Momentum on the incoming updates g, in one of three named conventions (β may be scheduled):
 * <ul>
 *   <li>{@link Convention#TRACE} — optax {@code trace}, Polyak's heavy ball with the step size
 *       applied afterwards: b ← β·b + g; u = b, or u = g + β·b with Nesterov.</li>
 *   <li>{@link Convention#TORCH} — {@code torch.optim.SGD}: b ← g on the first update, then
 *       b ← β·b + (1 − dampening)·g; u = b, or u = g + β·b with Nesterov (which needs dampening 0).
 *       With dampening 0 it equals TRACE step for step.</li>
 *   <li>{@link Convention#EMA} — an exponential moving average, as Adam's first moment and Muon:
 *       b ← β·b + (1 − β)·g; u = b, or u = (1 − β)·g + β·b with Nesterov.</li>
 * </ul>
 * Nesterov momentum follows Sutskever et al., "On the importance of initialization and momentum in
 * deep learning" (ICML 2013), in the form these libraries use.
 */
public final class Momentum implements Transform {

    /** Which library's momentum formula to follow. */
    public enum Convention {
        /** optax trace: b ← βb + g. */
        TRACE,
        /** torch SGD: b ← g first, then βb + (1 − dampening)g. */
        TORCH,
        /** exponential moving average: b ← βb + (1 − β)g. */
        EMA
    }

    private final Hyperparameter beta;
    private final boolean nesterov;
    private final Convention convention;
    private final double dampening;

    public Momentum(Schedule beta, boolean nesterov, Convention convention, double dampening) {
        this.beta = Hyperparameter.unitInterval("momentum", "beta", beta);
        this.nesterov = nesterov;
        if (convention == null) {
            throw new IllegalArgumentException("momentum: convention must be one of TRACE, TORCH, EMA");
        }
        this.convention = convention;
        this.dampening = Check.range("momentum", "dampening", dampening, 0, true, 1, true);
        if (dampening != 0 && convention != Convention.TORCH) {
            throw new IllegalArgumentException("momentum: dampening = " + dampening
                    + " is only defined for the TORCH convention");
        }
        if (nesterov && dampening != 0) {
            throw new IllegalArgumentException("momentum: nesterov needs dampening = 0, got " + dampening);
        }
    }

    @Override
    public String name() {
        return "momentum";
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        State s = new State(name());
        s.addBuffer("buf", params.zerosLike(stateDType));
        return s.addScalar("count", 0);
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        long count = (long) state.scalar("count");
        double b = beta.value(count, ctx);
        ctx.metric("momentum", b);
        // Coefficients of b ← cb·b + cg·g and u = ub·b + ug·g.
        double cb;
        double cg;
        double ub = nesterov ? b : 1.0;
        double ug;
        switch (convention) {
            case TRACE -> {
                cb = b;
                cg = 1.0;
                ug = nesterov ? 1.0 : 0.0;
            }
            case TORCH -> {
                cb = count == 0 ? 0.0 : b;
                cg = count == 0 ? 1.0 : 1.0 - dampening;
                ug = nesterov ? 1.0 : 0.0;
            }
            default -> {
                cb = b;
                cg = 1.0 - b;
                ug = nesterov ? 1.0 - b : 0.0;
            }
        }
        Blocks buf = state.buffer("buf");
        Float64Chunks s = Float64Chunks.local();
        for (int k = 0, nb = updates.count(); k < nb; k++) {
            Tensor gt = updates.tensor(k);
            Tensor bt = buf.tensor(k);
            for (int start = 0, n = gt.size(); start < n; start += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, n - start);
                int o = s.open(start, len, gt, bt);
                double[] g = s.array(0);
                double[] m = s.array(1);
                for (int i = o, e = o + len; i < e; i++) {
                    double mi = cb * m[i] + cg * g[i];
                    m[i] = mi;
                    g[i] = ub * mi + ug * g[i];
                }
                s.commit(1, bt, start, len);
                s.commit(0, gt, start, len);
            }
        }
        state.setScalar("count", count + 1);
    }

    @Override
    public String toString() {
        return "momentum(" + beta + ", nesterov=" + nesterov + ", " + convention + ", dampening=" + dampening + ")";
    }
}
