package dev.curvature.diagnostics;

import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.State;
import dev.curvature.optim.run.Monitor;
import java.util.Map;

/**
 * The secant estimate of local smoothness (Alimisis, Islamov &amp; Lucchi, arXiv 2510.03164, §3.2;
 * the deterministic form of their stochastic estimate):
 * <pre>  L̂_k = ‖∇f(w_{k+1}) − ∇f(w_k)‖ / ‖w_{k+1} − w_k‖,</pre>
 * as a monitor (column {@code smoothness_secant}). By the mean-value theorem L̂_k = ‖H̄·s‖/‖s‖ for
 * the averaged Hessian H̄ = ∫₀¹∇²f(w_k + τs)dτ along the step s: the curvature along the step,
 * a lower bound on the local Lipschitz constant of ∇f. For a quadratic it is ‖A·s‖/‖s‖ exactly.
 *
 * <p><b>State.</b> This monitor keeps the previous measured point and its gradient (two copies
 * of x), so the estimate spans the interval between two measurements: with {@code every: 1} it is
 * L̂_k per step, with {@code every: k} the secant over k steps. The first measurement of a run and
 * a repeated point give NaN. The state is part of run checkpoints ({@link Monitor.Stateful}), so a
 * resumed run measures what an uninterrupted one does. Specs build one instance per run; a step
 * index smaller than the last one is taken as a new run and resets the state. Each measurement
 * costs one gradient evaluation.
 */
public final class SecantSmoothness implements Monitor.Stateful {
    /** The column name. */
    public static final String COLUMN = "smoothness_secant";
    private static final String HAS_PREVIOUS = "has_previous";
    private static final String PREVIOUS_STEP = "previous_step";

    /** previous x, its gradient, whether they are set, and their step (exact as a double below 2⁵³). */
    private State state;
    private Blocks previousX;
    private Blocks previousGradient;
    private Blocks gradient;
    private Blocks difference;

    /**
     * ‖g1 − g0‖/‖x1 − x0‖ (NaN when x1 = x0), using {@code scratch} (same structure) as workspace.
     */
    public static double estimate(Blocks x0, Blocks g0, Blocks x1, Blocks g1, Blocks scratch) {
        double dg = scratch.assign(g1).addScaled(-1.0, g0).norm();
        double dx = scratch.assign(x1).addScaled(-1.0, x0).norm();
        return dx > 0 ? dg / dx : Double.NaN;
    }

    @Override
    public Map<String, Double> measure(Problem problem, Blocks x, long step) {
        return Map.of(COLUMN, update(problem, x, step));
    }

    /** Evaluates ∇f(x), returns the secant estimate against the previous measurement, and stores x. */
    public double update(Problem problem, Blocks x, long step) {
        state(problem, x);
        boolean hasPrevious = state.scalar(HAS_PREVIOUS) != 0 && step >= state.scalar(PREVIOUS_STEP);
        problem.valueAndGradient(x, gradient);
        double l = hasPrevious ? estimate(previousX, previousGradient, x, gradient, difference) : Double.NaN;
        previousX.assign(x);
        previousGradient.assign(gradient);
        state.setScalar(PREVIOUS_STEP, step);
        state.setScalar(HAS_PREVIOUS, 1);
        return l;
    }

    @Override
    public State state(Problem problem, Blocks x) {
        if (!Workspaces.sameStructure(gradient, x)) {
            previousX = x.zerosLike();
            previousGradient = x.zerosLike();
            gradient = x.zerosLike();
            difference = x.zerosLike();
            state = new State("secant_smoothness");
            state.addBuffer("previous_x", previousX);
            state.addBuffer("previous_gradient", previousGradient);
            state.addScalar(HAS_PREVIOUS, 0);
            state.addScalar(PREVIOUS_STEP, 0);
        }
        return state;
    }
}
