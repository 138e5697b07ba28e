package dev.curvature.optim;

import dev.curvature.core.random.RandomStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Transform} may know about the step it is computing: the step index t, the loss
 * f(x_t), the known optimum f* (for rules that need f(x_t) − f*), the current point x_t, the
 * problem as an oracle for f and ∇f at other points, and the run's random stream. Transforms report
 * values they want logged (learning rate, clip factor, ...) with {@link #metric} and may end the run
 * with {@link #requestStop} (PGD's termination test returns an earlier point).
 *
 * <p>The run loop owns one context and refreshes it every step; nothing here allocates after the
 * first step.
 */
public final class StepContext {
    private final StepContext parent;
    private final Problem problem;
    private final RandomStream rng;
    private final double optimum;
    private final Map<String, double[]> metrics = new LinkedHashMap<>();
    private final Map<String, double[]> metricsView = Collections.unmodifiableMap(metrics);
    private final List<String> metricNames = new ArrayList<>();
    private final List<double[]> metricSlots = new ArrayList<>();
    private long step;
    private double loss = Double.NaN;
    private Blocks params;
    private String stopReason;
    private Blocks stopPoint;

    /**
     * A context for runs on {@code problem} (may be null when transforms are driven by hand) with
     * the run's random stream.
     */
    public StepContext(Problem problem, RandomStream rng) {
        this.parent = null;
        this.problem = problem;
        this.rng = rng;
        this.optimum = problem == null ? Double.NaN : problem.optimum().orElse(Double.NaN);
    }

    private StepContext(StepContext parent, Blocks groupParams) {
        this.parent = parent;
        this.problem = parent.problem;
        this.rng = parent.rng;
        this.optimum = parent.optimum;
        this.params = groupParams;
    }

    /**
     * A view of this context whose {@link #params()} is a group of the blocks (for transformations
     * applied to part of the parameters by {@link Transforms#route}); everything else, including
     * metrics and stop requests, is this context's.
     */
    public StepContext forGroup(Blocks groupParams) {
        return new StepContext(parent == null ? this : parent, groupParams);
    }

    /** Points a group view at new group parameters. */
    public void setGroupParams(Blocks groupParams) {
        if (parent == null) {
            throw new IllegalStateException("setGroupParams on a root context");
        }
        this.params = groupParams;
    }

    /** Starts step t at the point {@code params} with loss f(x_t) (NaN when not evaluated). */
    public void begin(long t, double lossValue, Blocks point) {
        if (parent != null) {
            throw new IllegalStateException("begin() on a group view; call it on the run's context");
        }
        this.step = t;
        this.loss = lossValue;
        this.params = point;
    }

    /** The step index t (0 for the first update). */
    public long step() {
        return parent != null ? parent.step : step;
    }

    /** f(x_t), or NaN when the loop did not evaluate it. */
    public double loss() {
        return parent != null ? parent.loss : loss;
    }

    /** True when the problem knows its minimum value f*. */
    public boolean hasOptimum() {
        return !Double.isNaN(optimum);
    }

    /** f*, or NaN when unknown. */
    public double optimum() {
        return optimum;
    }

    /**
     * f(x_t) − f*.
     *
     * @throws IllegalStateException when f* or the loss is unknown, naming the requester
     */
    public double lossGap(String requester) {
        if (!hasOptimum()) {
            throw new IllegalStateException(requester + " needs the optimum value f*, which "
                    + (problem == null ? "this context" : "problem '" + problem.name() + "'") + " does not know");
        }
        double f = loss();
        if (Double.isNaN(f)) {
            throw new IllegalStateException(requester + " needs the loss f(x_t), which was not evaluated");
        }
        return f - optimum;
    }

    /** The current point x_t (read only by convention). */
    public Blocks params() {
        return params;
    }

    /** The problem, as an oracle for f and ∇f at other points. */
    public Problem problem() {
        if (problem == null) {
            throw new IllegalStateException("this step context has no problem to evaluate");
        }
        return problem;
    }

    /** The run's random stream (part of the run's checkpointed state). */
    public RandomStream rng() {
        if (rng == null) {
            throw new IllegalStateException("this step context has no random stream");
        }
        return rng;
    }

    /** Records a value for this step's trajectory row (e.g. {@code lr}). */
    public void metric(String name, double value) {
        if (parent != null) {
            parent.metric(name, value);
            return;
        }
        double[] slot = metrics.get(name);
        if (slot == null) {
            slot = new double[] {value};
            metrics.put(name, slot);
            metricNames.add(name);
            metricSlots.add(slot);
        } else {
            slot[0] = value;
        }
    }

    /** The metrics recorded so far (latest values). */
    public Map<String, double[]> metrics() {
        if (parent != null) {
            return parent.metrics();
        }
        return metricsView;
    }

    /** Number of metrics recorded so far; with {@link #metricName} and {@link #metricValue}, an allocation-free view. */
    public int metricCount() {
        return parent != null ? parent.metricCount() : metricNames.size();
    }

    /** Name of the i-th metric, in order of first report. */
    public String metricName(int i) {
        return parent != null ? parent.metricName(i) : metricNames.get(i);
    }

    /** Latest value of the i-th metric. */
    public double metricValue(int i) {
        return parent != null ? parent.metricValue(i) : metricSlots.get(i)[0];
    }

    /**
     * Asks the run loop to stop after this step; {@code result} (may be null) replaces the final
     * point, e.g. PGD's x̃ from before the last perturbation.
     */
    public void requestStop(String reason, Blocks result) {
        if (parent != null) {
            parent.requestStop(reason, result);
            return;
        }
        this.stopReason = reason;
        this.stopPoint = result;
    }

    /** The reason given to {@link #requestStop}, or null. */
    public String stopReason() {
        return parent != null ? parent.stopReason : stopReason;
    }

    /** The point given to {@link #requestStop}, or null. */
    public Blocks stopPoint() {
        return parent != null ? parent.stopPoint : stopPoint;
    }
}
