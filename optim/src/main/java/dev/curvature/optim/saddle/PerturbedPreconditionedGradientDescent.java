package dev.curvature.optim.saddle;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;

/**
 * Algorithm 1 of Bodard &amp; Patrinos, "Escaping saddle points without Lipschitz smoothness: the power
 * of nonlinear preconditioning" (arXiv 2509.15817, NeurIPS 2025): perturbed P-GD,
 * <pre>
 *   k_perturb ← 0
 *   for k = 0, 1, …:
 *     if λ⁻¹·φ(∇φ*(λ∇f(x^k))) ≤ 𝒢²/2 and k − k_perturb &gt; 𝒯:
 *       x^k ← x^k + γ·ξ^k,  ξ^k ~ Uniform(B₀(r));  k_perturb ← k
 *     x^{k+1} = x^k − γ·∇φ*(λ∇f(x^k))
 * </pre>
 * with the parameter rules of eq. (12) ({@link Algorithm1Constants}; each may be overridden). Taken
 * literally, k_perturb = 0 forbids perturbing during the first 𝒯 iterations; {@code wait_first}
 * = false starts with k_perturb = −𝒯 − 1 instead (as Jin et al.'s t_noise), so that an iterate that
 * starts at a saddle is perturbed at once. Logs {@code stationarity} (the measure at x^k, before a
 * perturbation) and {@code perturbations}; records perturbation and escape events with ℱ of
 * eq. (13) as the escape decrease (see {@link Perturbation}). Must be the whole optimizer.
 */
public final class PerturbedPreconditionedGradientDescent implements Transform {
    static final String NAME = "perturbed_p_gd";

    private final Kernel kernel;
    private final boolean separable;
    private final boolean waitFirst;
    private final double l;
    private final double lbar;
    private final double rho;
    private final double eps;
    private final double c;
    private final double delta;
    private final double deltaF;
    private final double n;
    private final double gamma;
    private final double lambda;
    private final double radius;
    private final double interval;
    private final double tolerance;
    private final double fThres;
    private final Preconditioner preconditioner;

    /**
     * Algorithm 1 with kernel, φ separable or isotropic, the literal first wait or not, the inputs
     * of eq. (12) (L, L̄, ρ, ε, c, δ, Δf, n; Δf NaN = f(x₀) − f*, n NaN = number of parameters) and
     * the overrides of γ, λ, r, 𝒯, 𝒢, ℱ (NaN: derived).
     */
    public PerturbedPreconditionedGradientDescent(Kernel kernel, boolean separable, boolean waitFirst, double l,
                                                  double lbar, double rho, double eps, double c, double delta,
                                                  double deltaF, double n, double gamma, double lambda,
                                                  double radius, double interval, double tolerance, double fThres) {
        this.kernel = kernel;
        this.separable = separable;
        this.waitFirst = waitFirst;
        this.l = Check.positive(NAME, "L", l);
        this.lbar = Check.positive(NAME, "lbar", lbar);
        this.rho = Check.positive(NAME, "rho", rho);
        this.eps = Check.positive(NAME, "eps", eps);
        this.c = Check.positive(NAME, "c", c);
        this.delta = Check.range(NAME, "delta", delta, 0, false, 1, false);
        this.deltaF = Double.isNaN(deltaF) ? deltaF : Check.positive(NAME, "delta_f", deltaF);
        this.n = Double.isNaN(n) ? n : Check.range(NAME, "n", n, 1, true, Double.POSITIVE_INFINITY, false);
        this.gamma = Double.isNaN(gamma) ? gamma : Check.positive(NAME, "lr", gamma);
        this.lambda = Double.isNaN(lambda) ? lambda : Check.positive(NAME, "lambda", lambda);
        this.radius = Double.isNaN(radius) ? radius : Check.positive(NAME, "radius", radius);
        this.interval = Double.isNaN(interval) ? interval : Check.range(NAME, "interval", interval, 1, true,
                Double.POSITIVE_INFINITY, false);
        this.tolerance = Double.isNaN(tolerance) ? tolerance : Check.nonNegative(NAME, "tolerance", tolerance);
        this.fThres = Double.isNaN(fThres) ? fThres : Check.finite(NAME, "f_thres", fThres);
        // λ depends only on L̄ and its override, never on the run: the preconditioner is fixed here.
        this.preconditioner = new Preconditioner(NAME, kernel, separable, Double.isNaN(lambda) ? 1 / lbar : lambda);
    }

    /** The constants for dimension {@code dim} and gap {@code gap} (used when delta_f is auto). */
    public Algorithm1Constants constants(long dim, double gap) {
        long nn = Double.isNaN(n) ? dim : (long) n;
        double df = Double.isNaN(deltaF) ? gap : deltaF;
        return Algorithm1Constants.derive(l, lbar, rho, eps, c, delta, df, nn)
                .override(gamma, lambda, radius, interval, tolerance, fThres);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public State init(Blocks params, DType stateDType) {
        State s = new State(NAME).addScalar("ready", 0).addScalar("gamma", Double.NaN)
                .addScalar("lambda", Double.NaN).addScalar("radius", Double.NaN).addScalar("interval", Double.NaN)
                .addScalar("tolerance", Double.NaN).addScalar("f_thres", Double.NaN);
        // k_perturb = 0 (literal) is set here; the other start needs 𝒯 and is set when it is known.
        Perturbation.init(s, params, 0);
        return s;
    }

    @Override
    public void update(Blocks updates, State s, StepContext ctx) {
        if (s.scalar("ready") == 0) {
            prepare(s, ctx, updates.size());
        }
        double gam = s.scalar("gamma");
        double tol = s.scalar("tolerance");
        long window = (long) s.scalar("interval");
        Preconditioner p = preconditioner;
        Perturbation.observe(s, ctx, s.scalar("f_thres"), window);
        double measure = p.stationarity(updates);
        if (measure <= 0.5 * tol * tol && Perturbation.sinceLast(s, ctx.step()) > window) {
            // x^k + γξ; the update is γξ − γ∇φ*(λ∇f(x^k + γξ)).
            Blocks gp = Perturbation.perturb(s, ctx, updates, s.scalar("radius"), gam, measure);
            p.apply(gp);
            updates.addScaled(-gam, gp);
        } else {
            p.apply(updates);
            updates.scale(-gam);
        }
        ctx.metric("stationarity", measure);
        ctx.metric("perturbations", s.scalar(Perturbation.COUNT));
    }

    private void prepare(State s, StepContext ctx, long dim) {
        double gap = Double.NaN;
        if (Double.isNaN(deltaF)) {
            gap = Math.max(ctx.lossGap("perturbed_p_gd (delta_f = auto)"), Double.MIN_NORMAL);
        }
        Algorithm1Constants k = constants(dim, gap);
        s.setScalar("gamma", k.gamma());
        s.setScalar("lambda", k.lambda());
        s.setScalar("radius", k.radius());
        s.setScalar("interval", k.intervalSteps());
        s.setScalar("tolerance", k.tolerance());
        s.setScalar("f_thres", k.fThres());
        if (!waitFirst) {
            s.setScalar(Perturbation.T_NOISE, -k.intervalSteps() - 1);
        }
        s.setScalar("ready", 1);
        ctx.event("alg1_constants").field("chi", k.chi()).field("gamma", k.gamma()).field("lambda", k.lambda())
                .field("radius", k.radius()).field("interval", k.intervalSteps()).field("tolerance", k.tolerance())
                .field("f_thres", k.fThres());
    }

    @Override
    public String toString() {
        return NAME + "(" + kernel.id() + (separable ? " separable" : "") + ", L=" + l + ", lbar=" + lbar + ")";
    }
}
