package dev.curvature.optim.spectral;

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
 * AdaGO (Zhang, Liu &amp; Schaeffer, "AdaGrad meets Muon: adaptive stepsizes for orthogonal
 * updates", arXiv 2509.02981): Muon's orthogonalized momentum with an AdaGrad-Norm step size, per
 * matrix block, the whole update:
 *
 * <pre>
 * m ← μ·m + (1 − μ)·g
 * v² ← v² + min(‖g‖_F², γ²)
 * o = polar(m)
 * α = max(ε, η_t·min(‖g‖_F, γ)/v)
 * u = −α·o
 * </pre>
 *
 * The update rule is as transcribed by a third party consistently with the abstract ("a single
 * additional scalar variable, the accumulated squared gradient norms"); ‖g‖ is taken per block,
 * so each matrix has its own v. The paper's defaults were not available [U]: v₀, γ, ε and η are
 * parameters (see {@code OptimizerRegistry} for the values chosen and why).
 */
public final class AdaGo implements Transform {
    private final Hyperparameter lr;
    private final double mu;
    private final double gamma;
    private final double eps;
    private final double v0;
    private final State.Key<SpectralBlocks> blocks;

    public AdaGo(Schedule lr, double momentum, double gamma, double eps, double v0, String method, int steps) {
        this.lr = Hyperparameter.nonNegative("adago", "lr", lr);
        this.mu = Check.unitInterval("adago", "momentum", momentum);
        this.gamma = Check.positive("adago", "gamma", gamma);
        this.eps = Check.nonNegative("adago", "eps", eps);
        this.v0 = Check.nonNegative("adago", "v0", v0);
        this.blocks = SpectralBlocks.key("adago", false, Polar.engine(method, steps));
    }

    @Override
    public String name() {
        return "adago";
    }

    /** The names of the per-block v² scalars, made once so that a step builds no string. */
    private static final State.Key<String[]> V2_NAMES = new State.Key<>("adago.v2_names");

    @Override
    public State init(Blocks params, DType stateDType) {
        MatrixViews.check("adago", params, false);
        State s = new State(name());
        s.addBuffer("m", params.zerosLike(stateDType));
        String[] v2Names = new String[params.count()];
        for (int k = 0; k < params.count(); k++) {
            v2Names[k] = "v2." + k;
            s.addScalar(v2Names[k], v0 * v0);
        }
        s.attach(V2_NAMES, v2Names);
        return s.addScalar("count", 0);
    }

    @Override
    public void update(Blocks updates, State state, StepContext ctx) {
        SpectralBlocks b = state.attachment(blocks);
        Tensor[] o = b.of(updates);
        String[] v2Names = state.attachment(V2_NAMES);
        long count = (long) state.scalar("count");
        double eta = lr.value(count, ctx);
        ctx.metric("lr", eta);
        Blocks m = state.buffer("m");
        Float64Chunks s = Float64Chunks.local();
        for (int k = 0; k < o.length; k++) {
            Tensor gt = updates.tensor(k);
            Tensor mt = m.tensor(k);
            double gn = gt.norm();
            for (int start = 0, n = gt.size(); start < n; start += Float64Chunks.CHUNK) {
                int len = Math.min(Float64Chunks.CHUNK, n - start);
                int off = s.open(start, len, gt, mt);
                double[] g = s.array(0);
                double[] mm = s.array(1);
                for (int i = off, e = off + len; i < e; i++) {
                    double mi = mu * mm[i] + (1 - mu) * g[i];
                    mm[i] = mi;
                    g[i] = mi;
                }
                s.commit(1, mt, start, len);
                s.commit(0, gt, start, len);
            }
            String key = v2Names[k];
            double clipped = Math.min(gn, gamma);
            double v2 = state.scalar(key) + clipped * clipped;
            state.setScalar(key, v2);
            double v = Math.sqrt(v2);
            double alpha = v > 0 ? Math.max(eps, eta * clipped / v) : eps;
            b.engine(k).polar(o[k], o[k]);
            gt.scale(-alpha);
        }
        state.setScalar("count", count + 1);
    }

    @Override
    public String toString() {
        return "adago(" + lr + ", momentum=" + mu + ", gamma=" + gamma + ", eps=" + eps + ", v0=" + v0 + ")";
    }
}
