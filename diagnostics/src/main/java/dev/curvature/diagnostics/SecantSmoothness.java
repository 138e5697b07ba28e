package dev.curvature.diagnostics;

import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
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
 * <p><b>State.</b> A monitor may keep state across calls within one run; this one keeps the
 * previous measured point and its gradient (two copies of x), so the estimate spans the interval
 * between two measurements: with {@code every: 1} it is L̂_k per step, with {@code every: k} the
 * secant over k steps. The first measurement of a run, a repeated point, and the first measurement
 * after a resumed run (whose monitors start empty) give NaN. Specs build one instance per run; a
 * step index smaller than the last one is taken as a new run and resets the state. Each
 * measurement costs one gradient evaluation.
 */
public final class SecantSmoothness implements Monitor {
    /** The column name. */
    public static final String COLUMN = "smoothness_secant";

    private Blocks previousX;
    private Blocks previousGradient;
    private Blocks gradient;
    private Blocks difference;
    private long previousStep = Long.MIN_VALUE;
    private boolean hasPrevious;

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
        if (!Workspaces.sameStructure(gradient, x)) {
            previousX = x.zerosLike();
            previousGradient = x.zerosLike();
            gradient = x.zerosLike();
            difference = x.zerosLike();
            hasPrevious = false;
        }
        if (step < previousStep) {
            hasPrevious = false;
        }
        problem.valueAndGradient(x, gradient);
        double l = hasPrevious ? estimate(previousX, previousGradient, x, gradient, difference) : Double.NaN;
        previousX.assign(x);
        previousGradient.assign(gradient);
        previousStep = step;
        hasPrevious = true;
        return l;
    }
}
