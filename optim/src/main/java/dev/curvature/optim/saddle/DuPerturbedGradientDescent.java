package dev.curvature.optim.saddle;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/**
 * The perturbed gradient descent of the experiments of Du, Jin, Lee, Jordan, Singh &amp; Póczos,
 * "Gradient descent can take exponential time to escape saddle points" (NeurIPS 2017, arXiv
 * 1705.10412, Algorithm 1), the baseline of Bodard &amp; Patrinos' Fig. 3: Jin et al.'s perturbation
 * rule with its parameters given directly and without the termination test,
 * <pre>
 *   t_noise ← −t_thres − 1
 *   for t = 0, 1, …:
 *     if ‖∇f(x_t)‖ ≤ g_thres and t − t_noise &gt; t_thres:
 *       x_t ← x_t + ξ_t,  ξ_t ~ Uniform(B₀(r));  t_noise ← t
 *     x_{t+1} ← x_t − η∇f(x_t)
 * </pre>
 * Perturbations and escape windows of t_thres steps (with decrease threshold {@code f_thres},
 * only for the record) are recorded as events; see {@link Perturbation}. Must be the whole optimizer
 * (it evaluates the gradient at the perturbed point through the problem).
 */
public final class DuPerturbedGradientDescent implements Transform {
    static final String NAME = "perturbed_gd_du";

    private final double lr;
    private final double radius;
    private final double gThres;
    private final long tThres;
    private final double fThres;

    /** Step η, radius r, gradient threshold g_thres, interval t_thres and the escape-record threshold f_thres. */
    public DuPerturbedGradientDescent(double lr, double radius, double gThres, long tThres, double fThres) {
        this.lr = Check.positive(NAME, "lr", lr);
        this.radius = Check.positive(NAME, "radius", radius);
        this.gThres = Check.nonNegative(NAME, "g_thres", gThres);
        this.tThres = Check.atLeast(NAME, "t_thres", tThres, 1);
        this.fThres = Check.nonNegative(NAME, "f_thres", fThres);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        State s = new State(NAME);
        Perturbation.init(s, params, -tThres - 1);
        return s;
    }

    @Override
    public void update(Blocks updates, State s, StepContext ctx) {
        Perturbation.observe(s, ctx, fThres, tThres);
        double gnorm = updates.norm();
        if (gnorm <= gThres && Perturbation.sinceLast(s, ctx.step()) > tThres) {
            Blocks gp = Perturbation.perturb(s, ctx, updates, radius, 1, gnorm);
            updates.addScaled(-lr, gp);
        } else {
            updates.scale(-lr);
        }
        ctx.metric("perturbations", s.scalar(Perturbation.COUNT));
    }

    @Override
    public String toString() {
        return NAME + "(lr=" + lr + ", radius=" + radius + ", g_thres=" + gThres + ", t_thres=" + tThres + ")";
    }
}
