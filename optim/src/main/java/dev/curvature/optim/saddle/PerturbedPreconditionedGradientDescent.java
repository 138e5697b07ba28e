package dev.curvature.optim.saddle;

import dev.curvature.core.DType;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import java.util.OptionalDouble;

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

    private final Params p;
    private final Preconditioner preconditioner;

    /**
     * The parameters of Algorithm 1: the kernel, φ separable or isotropic, the literal first wait
     * or not, the inputs of eq. (12) (L, L̄, ρ, ε, c, δ, Δf, n; Δf auto: f(x₀) − f*, n auto: the
     * number of parameters) and the overrides of γ ({@code lr}), λ, r, 𝒯 ({@code interval}), 𝒢
     * ({@code tolerance}) and ℱ ({@code fThres}) (auto: derived).
     */
    public record Params(Kernel kernel, boolean separable, boolean waitFirst, double l, double lbar, double rho,
                         double eps, double c, double delta, OptionalDouble deltaF, OptionalDouble n,
                         OptionalDouble lr, OptionalDouble lambda, OptionalDouble radius, OptionalDouble interval,
                         OptionalDouble tolerance, OptionalDouble fThres) {
        public Params {
            Check.positive(NAME, "L", l);
            Check.positive(NAME, "lbar", lbar);
            Perturbation.checkTargets(NAME, rho, eps, c, delta, deltaF);
            n.ifPresent(v -> Check.range(NAME, "n", v, 1, true, Double.POSITIVE_INFINITY, false));
            lr.ifPresent(v -> Check.positive(NAME, "lr", v));
            lambda.ifPresent(v -> Check.positive(NAME, "lambda", v));
            radius.ifPresent(v -> Check.positive(NAME, "radius", v));
            interval.ifPresent(v -> Check.range(NAME, "interval", v, 1, true, Double.POSITIVE_INFINITY, false));
            tolerance.ifPresent(v -> Check.nonNegative(NAME, "tolerance", v));
            fThres.ifPresent(v -> Check.finite(NAME, "f_thres", v));
        }

        /** The constants for dimension {@code dim} and gap {@code gap} (used when delta_f is auto). */
        public Algorithm1Constants constants(long dim, double gap) {
            long nn = n.isPresent() ? (long) n.getAsDouble() : dim;
            return Algorithm1Constants.derive(l, lbar, rho, eps, c, delta, deltaF.orElse(gap), nn)
                    .override(lr, lambda, radius, interval, tolerance, fThres);
        }
    }

    /** Algorithm 1 with these parameters. */
    public PerturbedPreconditionedGradientDescent(Params params) {
        this.p = params;
        // λ depends only on L̄ and its override, never on the run: the preconditioner is fixed here.
        this.preconditioner = new Preconditioner(NAME, params.kernel(), params.separable(),
                params.lambda().orElse(1 / params.lbar()));
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
        Preconditioner pre = preconditioner;
        Perturbation.observe(s, ctx, s.scalar("f_thres"), window);
        double measure = pre.stationarity(updates);
        if (measure <= 0.5 * tol * tol && Perturbation.sinceLast(s, ctx.step()) > window) {
            // x^k + γξ; the update is γξ − γ∇φ*(λ∇f(x^k + γξ)).
            Blocks gp = Perturbation.perturb(s, ctx, updates, s.scalar("radius"), gam, measure);
            pre.apply(gp);
            updates.addScaled(-gam, gp);
        } else {
            pre.apply(updates);
            updates.scale(-gam);
        }
        ctx.metric("stationarity", measure);
        ctx.metric("perturbations", s.scalar(Perturbation.COUNT));
    }

    private void prepare(State s, StepContext ctx, long dim) {
        Algorithm1Constants k = p.constants(dim, Perturbation.autoGap(ctx, p.deltaF(), NAME));
        s.setScalar("gamma", k.gamma());
        s.setScalar("lambda", k.lambda());
        s.setScalar("radius", k.radius());
        s.setScalar("interval", k.intervalSteps());
        s.setScalar("tolerance", k.tolerance());
        s.setScalar("f_thres", k.fThres());
        if (!p.waitFirst()) {
            s.setScalar(Perturbation.T_NOISE, -k.intervalSteps() - 1);
        }
        s.setScalar("ready", 1);
        ctx.event("alg1_constants").field("chi", k.chi()).field("gamma", k.gamma()).field("lambda", k.lambda())
                .field("radius", k.radius()).field("interval", k.intervalSteps()).field("tolerance", k.tolerance())
                .field("f_thres", k.fThres());
    }

    @Override
    public String toString() {
        return NAME + "(" + p.kernel().id() + (p.separable() ? " separable" : "") + ", L=" + p.l() + ", lbar="
                + p.lbar() + ")";
    }
}
