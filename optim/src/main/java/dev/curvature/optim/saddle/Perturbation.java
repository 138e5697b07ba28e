package dev.curvature.optim.saddle;

import dev.curvature.core.Tensor;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Check;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import java.util.OptionalDouble;

/**
 * What the perturbed methods share: uniform sampling in a ball over all blocks (public: the
 * power-iteration start of the SOSP certificate draws from it too), the scratch point
 * and gradient where the perturbed gradient is evaluated, and the record of every perturbation and
 * of what followed it (the escape events).
 *
 * <p>Escape record: a perturbation at step t₀ from x̃ with f(x̃) = f̃ opens a window of T steps
 * (PGD's t_thres, Algorithm 1's 𝒯). The first step t &gt; t₀ with f(x_t) − f̃ ≤ −f_thres gives
 * {@code steps_to_escape} = t − t₀; at t₀ + T an {@code escape} event is recorded with
 * {@code perturbed_at} = t₀, {@code loss_before} = f̃, {@code loss_after} = f(x_{t₀+T}),
 * {@code steps_to_escape} (NaN when f never dropped by f_thres) and {@code escaped} (1 when
 * f(x_{t₀+T}) − f̃ ≤ −f_thres, Jin et al.'s test, else 0). A {@code perturbation} event is recorded at
 * t₀ with {@code loss_before}, {@code grad_norm} (or the stationarity measure) and {@code radius}.
 */
public final class Perturbation {
    static final String T_NOISE = "t_noise";
    static final String F_TILDE = "f_tilde";
    static final String ESCAPE_STEPS = "escape_steps";
    static final String PENDING = "pending";
    static final String COUNT = "perturbations";
    static final String X_TILDE = "x_tilde";

    /** The perturbed point and the gradient there (transient; rebuilt with the state). */
    record Scratch(Blocks point, Blocks grad) {}

    private static final State.Key<Scratch> SCRATCH = new State.Key<>("perturbation.scratch");

    private Perturbation() {}

    /** Adds the escape-record scalars and the x̃ buffer to {@code s}, with t_noise = {@code tNoise}. */
    static void init(State s, Blocks params, double tNoise) {
        s.addScalar(T_NOISE, tNoise).addScalar(F_TILDE, Double.NaN).addScalar(ESCAPE_STEPS, -1)
                .addScalar(PENDING, 0).addScalar(COUNT, 0);
        s.addBuffer(X_TILDE, params.zerosLike());
        // The perturbed point must have the parameters' dtypes: the problem evaluates it.
        s.attach(SCRATCH, new Scratch(params.zerosLike(), params.zerosLike()));
    }

    /**
     * Fills {@code out} with a point uniform in the ball B₀(r) of R^d, d = out.size():
     * ξ = r·U^{1/d}·v/‖v‖ with v ~ N(0, I_d) drawn element by element in block order, then
     * U ~ Uniform(0, 1), the construction of {@link RandomStream#uniformInBall}.
     */
    public static void uniformInBall(Blocks out, double radius, RandomStream rng) {
        double norm;
        do {
            for (int k = 0, nb = out.count(); k < nb; k++) {
                Tensor t = out.tensor(k);
                for (int i = 0, n = t.size(); i < n; i++) {
                    t.setFlat(i, rng.nextGaussian());
                }
            }
            norm = out.norm();
        } while (norm == 0);
        double u = rng.nextDouble();
        out.scale(radius * Math.pow(u, 1.0 / out.size()) / norm);
    }

    /**
     * Perturbs: x̃ ← x_t; the scratch point x_t + scale·ξ with ξ uniform in B₀(r); {@code updates} ←
     * scale·ξ; the gradient at the perturbed point into the scratch gradient, which is returned;
     * records the perturbation. {@code measure} is ‖∇f(x_t)‖ or the stationarity measure.
     */
    static Blocks perturb(State s, StepContext ctx, Blocks updates, double radius, double scale, double measure) {
        long t = ctx.step();
        double f = ctx.loss();
        Blocks x = ctx.params();
        s.buffer(X_TILDE).assign(x);
        Scratch sc = s.attachment(SCRATCH);
        Blocks xp = sc.point();
        uniformInBall(xp, radius, ctx.rng());
        if (scale != 1) {
            xp.scale(scale);
        }
        updates.assign(xp);
        xp.add(x);
        ctx.problem().valueAndGradient(xp, sc.grad());
        s.setScalar(T_NOISE, t);
        s.setScalar(F_TILDE, f);
        s.setScalar(ESCAPE_STEPS, -1);
        s.setScalar(PENDING, 1);
        s.setScalar(COUNT, s.scalar(COUNT) + 1);
        ctx.event("perturbation").field("loss_before", f).field("measure", measure).field("radius", radius * scale);
        return sc.grad();
    }

    /**
     * Follows an open escape window at step t with f = f(x_t): notes the first drop by f_thres and
     * records the escape event at t₀ + window. Returns true when the window closes at this step.
     */
    static boolean observe(State s, StepContext ctx, double fThres, long window) {
        if (s.scalar(PENDING) == 0) {
            return false;
        }
        long t = ctx.step();
        long t0 = (long) s.scalar(T_NOISE);
        double drop = ctx.loss() - s.scalar(F_TILDE);
        if (t > t0 && s.scalar(ESCAPE_STEPS) < 0 && drop <= -fThres) {
            s.setScalar(ESCAPE_STEPS, t - t0);
        }
        if (t - t0 < window) {
            return false;
        }
        double steps = s.scalar(ESCAPE_STEPS);
        ctx.event("escape").field("perturbed_at", t0).field("loss_before", s.scalar(F_TILDE))
                .field("loss_after", ctx.loss()).field("steps_to_escape", steps < 0 ? Double.NaN : steps)
                .field("escaped", drop <= -fThres ? 1 : 0);
        s.setScalar(PENDING, 0);
        return true;
    }

    /**
     * Validates the inputs both parameter rules share (Jin et al.'s and Algorithm 1's): the Hessian
     * Lipschitz constant ρ, the target ε, the constant c, the failure probability δ and the gap Δf.
     */
    static void checkTargets(String owner, double rho, double eps, double c, double delta, OptionalDouble deltaF) {
        Check.positive(owner, "rho", rho);
        Check.positive(owner, "eps", eps);
        Check.positive(owner, "c", c);
        Check.range(owner, "delta", delta, 0, false, 1, false);
        deltaF.ifPresent(v -> Check.positive(owner, "delta_f", v));
    }

    /** The gap Δf = f(x₀) − f* for {@code delta_f = auto} (NaN when Δf is given): the problem must know f*. */
    static double autoGap(StepContext ctx, OptionalDouble deltaF, String owner) {
        return deltaF.isPresent() ? Double.NaN
                : Math.max(ctx.lossGap(owner + " (delta_f = auto)"), Double.MIN_NORMAL);
    }

    /** Steps since the last perturbation (a huge number before the first). */
    static double sinceLast(State s, long t) {
        return t - s.scalar(T_NOISE);
    }
}
