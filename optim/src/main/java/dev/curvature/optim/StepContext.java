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
 * values they want logged (learning rate, clip factor, ...) with {@link #metric}, record rare events
 * (a perturbation, a saddle escape) with {@link #event}, and may end the run with
 * {@link #requestStop} (PGD's termination test returns an earlier point).
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
    // Events of the current step, in growable parallel arrays: nothing is allocated once they have
    // reached the largest number of events and fields one step records.
    private final EventWriter writer = new EventWriter();
    private String[] eventKinds = new String[0];
    private int[] eventFieldStart = new int[1];
    private String[] fieldNames = new String[0];
    private double[] fieldValues = new double[0];
    private int eventCount;
    private int fieldCount;

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
        this.eventCount = 0;
        this.fieldCount = 0;
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
     * @throws UnmetRequirementException when f* is unknown, naming the requester (a spec error in the lab)
     * @throws IllegalStateException when the loss was not evaluated
     */
    public double lossGap(String requester) {
        if (!hasOptimum()) {
            throw new UnmetRequirementException(requester + " needs the optimum value f*, which "
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
     * Starts an event of the current step, e.g. {@code ctx.event("escape").field("loss_before", f0)
     * .field("steps_to_escape", k)}: a kind and numeric fields, kept until the next step begins. The
     * run loop stores the events of each step with the trajectory (the lab writes them to its
     * {@code events} table). Names should be constants: nothing is allocated once the buffers have
     * grown to the largest step's events.
     */
    public EventWriter event(String kind) {
        if (parent != null) {
            return parent.event(kind);
        }
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("event kind must be non-empty");
        }
        if (eventCount == eventKinds.length) {
            eventKinds = java.util.Arrays.copyOf(eventKinds, Math.max(4, 2 * eventKinds.length));
            eventFieldStart = java.util.Arrays.copyOf(eventFieldStart, eventKinds.length + 1);
        }
        eventKinds[eventCount] = kind;
        eventFieldStart[eventCount] = fieldCount;
        eventCount++;
        eventFieldStart[eventCount] = fieldCount;
        return writer;
    }

    /** Adds the fields of the event last started with {@link #event}. */
    public final class EventWriter {
        private EventWriter() {}

        /** Adds a numeric field to the current event and returns this writer. */
        public EventWriter field(String name, double value) {
            if (eventCount == 0) {
                throw new IllegalStateException("field(" + name + ") before event()");
            }
            if (fieldCount == fieldNames.length) {
                fieldNames = java.util.Arrays.copyOf(fieldNames, Math.max(16, 2 * fieldNames.length));
                fieldValues = java.util.Arrays.copyOf(fieldValues, fieldNames.length);
            }
            fieldNames[fieldCount] = name;
            fieldValues[fieldCount] = value;
            fieldCount++;
            eventFieldStart[eventCount] = fieldCount;
            return this;
        }
    }

    /** Number of events recorded in the current step. */
    public int eventCount() {
        return parent != null ? parent.eventCount() : eventCount;
    }

    /** Kind of event i of the current step. */
    public String eventKind(int i) {
        if (parent != null) {
            return parent.eventKind(i);
        }
        java.util.Objects.checkIndex(i, eventCount);
        return eventKinds[i];
    }

    /** Number of fields of event i. */
    public int eventFieldCount(int i) {
        if (parent != null) {
            return parent.eventFieldCount(i);
        }
        java.util.Objects.checkIndex(i, eventCount);
        return eventFieldStart[i + 1] - eventFieldStart[i];
    }

    /** Name of field j of event i. */
    public String eventFieldName(int i, int j) {
        if (parent != null) {
            return parent.eventFieldName(i, j);
        }
        java.util.Objects.checkIndex(j, eventFieldCount(i));
        return fieldNames[eventFieldStart[i] + j];
    }

    /** Value of field j of event i. */
    public double eventFieldValue(int i, int j) {
        if (parent != null) {
            return parent.eventFieldValue(i, j);
        }
        java.util.Objects.checkIndex(j, eventFieldCount(i));
        return fieldValues[eventFieldStart[i] + j];
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
