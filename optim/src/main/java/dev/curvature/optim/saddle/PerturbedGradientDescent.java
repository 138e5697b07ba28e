package dev.curvature.optim.saddle;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import java.util.OptionalDouble;

/**
 * Perturbed gradient descent exactly as Algorithm 2 of Jin, Ge, Netrapalli, Kakade &amp; Jordan,
 * "How to escape saddle points efficiently" (ICML 2017, arXiv 1703.00887):
 * <pre>
 *   t_noise ← −t_thres − 1
 *   for t = 0, 1, …:
 *     if ‖∇f(x_t)‖ ≤ g_thres and t − t_noise &gt; t_thres:
 *       x̃_t ← x_t;  t_noise ← t;  x_t ← x̃_t + ξ_t,  ξ_t ~ Uniform(B₀(r))
 *     if t − t_noise = t_thres and f(x_t) − f(x̃_{t_noise}) &gt; −f_thres:
 *       return x̃_{t_noise}
 *     x_{t+1} ← x_t − η∇f(x_t)
 * </pre>
 * with χ, η, r, g_thres, f_thres, t_thres derived from (ℓ, ρ, ε, c, δ, Δf) by {@link PgdConstants}
 * (each may be overridden), d the total number of parameters and ξ uniform in the ball over all
 * blocks. The gradient at the perturbed point is evaluated through {@link StepContext#problem()}, so
 * this transform must be the whole optimizer (not one branch of a route). The termination test
 * ends the run with {@link StepContext#requestStop} and the point x̃ (stop reason
 * {@code pgd_terminated}); a caller that steps on after it gets zero updates.
 *
 * <p>Constants are derived at the first step, when d and, for {@code delta_f = auto}, the gap
 * Δf = f(x₀) − f* (the problem must know f*) are available, and recorded as a
 * {@code pgd_constants} event. Each perturbation and each escape window is recorded as events (see
 * {@link Perturbation}); the metric {@code perturbations} counts perturbations.
 */
public final class PerturbedGradientDescent implements Transform {
    static final String NAME = "pgd";
    /** The stop reason of the termination test. */
    public static final String STOP_REASON = "pgd_terminated";

    private final Params p;

    /**
     * The inputs of {@link PgdConstants}: smoothness constants ℓ, ρ, target ε, constant c, failure
     * probability δ, the gap Δf (auto: f(x₀) − f*, which the problem must know) and the dimension d
     * (auto: the number of parameters), and the overrides of the derived η ({@code lr}), r, g_thres,
     * f_thres and t_thres (auto: derived).
     */
    public record Params(double ell, double rho, double eps, double c, double delta, OptionalDouble deltaF,
                         OptionalDouble d, OptionalDouble lr, OptionalDouble radius, OptionalDouble gThres,
                         OptionalDouble fThres, OptionalDouble tThres) {
        public Params {
            Check.positive(NAME, "ell", ell);
            Perturbation.checkTargets(NAME, rho, eps, c, delta, deltaF);
            d.ifPresent(v -> Check.range(NAME, "d", v, 1, true, Double.POSITIVE_INFINITY, false));
            lr.ifPresent(v -> Check.positive(NAME, "lr", v));
            radius.ifPresent(v -> Check.positive(NAME, "radius", v));
            gThres.ifPresent(v -> Check.nonNegative(NAME, "g_thres", v));
            fThres.ifPresent(v -> Check.finite(NAME, "f_thres", v));
            tThres.ifPresent(v -> Check.range(NAME, "t_thres", v, 1, true, Double.POSITIVE_INFINITY, false));
        }

        /** The constants for a problem of dimension {@code dim} and gap Δf = {@code gap} (used when delta_f is auto). */
        public PgdConstants constants(long dim, double gap) {
            long dd = d.isPresent() ? (long) d.getAsDouble() : dim;
            return PgdConstants.derive(dd, ell, rho, eps, c, delta, deltaF.orElse(gap))
                    .override(lr, radius, gThres, fThres, tThres);
        }
    }

    /** PGD with these parameters. */
    public PerturbedGradientDescent(Params params) {
        this.p = params;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        State s = new State(NAME).addScalar("ready", 0).addScalar("done", 0).addScalar("eta", Double.NaN)
                .addScalar("radius", Double.NaN).addScalar("g_thres", Double.NaN).addScalar("f_thres", Double.NaN)
                .addScalar("t_thres", Double.NaN);
        Perturbation.init(s, params, -0x1p60);
        return s;
    }

    @Override
    public void update(Blocks updates, State s, StepContext ctx) {
        if (s.scalar("ready") == 0) {
            prepare(s, ctx, updates.size());
        }
        if (s.scalar("done") != 0) {
            updates.fill(0);
            ctx.requestStop(STOP_REASON, s.buffer(Perturbation.X_TILDE));
            return;
        }
        double eta = s.scalar("eta");
        double fThr = s.scalar("f_thres");
        long window = (long) s.scalar("t_thres");
        if (Perturbation.observe(s, ctx, fThr, window)
                && ctx.loss() - s.scalar(Perturbation.F_TILDE) > -fThr) {
            // No decrease of f_thres within t_thres steps of the perturbation: x̃ is returned.
            s.setScalar("done", 1);
            updates.fill(0);
            ctx.metric("perturbations", s.scalar(Perturbation.COUNT));
            ctx.requestStop(STOP_REASON, s.buffer(Perturbation.X_TILDE));
            return;
        }
        double gnorm = updates.norm();
        if (gnorm <= s.scalar("g_thres") && Perturbation.sinceLast(s, ctx.step()) > window) {
            Blocks gp = Perturbation.perturb(s, ctx, updates, s.scalar("radius"), 1, gnorm);
            updates.addScaled(-eta, gp); // u = ξ − η∇f(x̃ + ξ)
        } else {
            updates.scale(-eta);
        }
        ctx.metric("perturbations", s.scalar(Perturbation.COUNT));
    }

    private void prepare(State s, StepContext ctx, long dim) {
        PgdConstants k = p.constants(dim, Perturbation.autoGap(ctx, p.deltaF(), NAME));
        s.setScalar("eta", k.eta());
        s.setScalar("radius", k.radius());
        s.setScalar("g_thres", k.gThres());
        s.setScalar("f_thres", k.fThres());
        s.setScalar("t_thres", k.tThresSteps());
        s.setScalar("ready", 1);
        ctx.event("pgd_constants").field("chi", k.chi()).field("eta", k.eta()).field("radius", k.radius())
                .field("g_thres", k.gThres()).field("f_thres", k.fThres()).field("t_thres", k.tThresSteps());
    }

    @Override
    public String toString() {
        return NAME + "(ell=" + p.ell() + ", rho=" + p.rho() + ", eps=" + p.eps() + ", c=" + p.c() + ", delta="
                + p.delta() + ")";
    }
}
