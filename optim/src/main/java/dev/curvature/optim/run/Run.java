package dev.curvature.optim.run;

import dev.curvature.core.DType;
import dev.curvature.core.random.RandomStream;
import dev.curvature.optim.Blocks;
import dev.curvature.optim.Problem;
import dev.curvature.optim.State;
import dev.curvature.optim.StepContext;
import dev.curvature.optim.Transform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The guarded run loop: minimizes a {@link Problem} with an optimizer (a {@link Transform}),
 * stopping rules, monitors and a trajectory record. Step t does:
 * <ol>
 *   <li>f(x_t) and ∇f(x_t) into a reused buffer;</li>
 *   <li>the non-finite guard ({@link NonFinitePolicy}): raise naming block and step, or skip;</li>
 *   <li>the stopping rules on (t, f, ‖∇f‖, elapsed), and the monitors every k steps at x_t;</li>
 *   <li>the optimizer's update in place, x_{t+1} = x_t + u_t, and the trajectory row of step t
 *       (loss, gradient norm, the metrics the transforms report, monitor values) with the events
 *       the transforms recorded at this step.</li>
 * </ol>
 * The random stream is the run's own ({@code seed}), used for the initial point (stream
 * {@code fork(0)}) and by stochastic transforms (stream {@code fork(1)}).
 *
 * <pre>{@code
 * RunResult r = Run.on(problem, Optimizers.adamw(1e-3, 0.01))
 *         .stop(StoppingRule.maxSteps(1000), StoppingRule.gradNorm(1e-6))
 *         .seed(7).run();
 * }</pre>
 */
public final class Run {
    private final Problem problem;
    private final Transform optimizer;
    private final List<StoppingRule> rules;
    private final List<Monitor> monitors;
    private final List<Integer> monitorEvery;
    private final int recordEvery;
    private final NonFinitePolicy policy;
    private final LongSupplier clock;
    private final Blocks x;
    private final Blocks grad;
    private final State state;
    private final StepContext ctx;
    private final Trajectory trajectory = new Trajectory();
    private final StoppingRule.Status status = new StoppingRule.Status();
    private boolean started;
    private long elapsedBefore;
    private long startNanos;
    private long stopNanos;
    private long t;
    private long updates;
    private long skipped;
    private int consecutiveSkips;
    private double loss = Double.NaN;
    private double gradNorm = Double.NaN;
    private String stopReason;
    private Blocks result;

    private Run(Builder b) {
        this.problem = b.problem;
        this.optimizer = b.optimizer;
        this.rules = List.copyOf(b.rules);
        this.monitors = List.copyOf(b.monitors);
        this.monitorEvery = List.copyOf(b.monitorEvery);
        this.recordEvery = b.recordEvery;
        this.policy = b.policy;
        this.clock = b.clock;
        RandomStream root = RandomStream.of(b.seed);
        this.x = b.initialPoint != null ? b.initialPoint.copy() : problem.initialPoint(root.fork(0));
        this.grad = x.zerosLike();
        this.state = optimizer.init(x, b.stateDType);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("run: at least one stopping rule is required (e.g. maxSteps)");
        }
        if (b.checkpoint == null) {
            this.ctx = new StepContext(problem, root.fork(1));
        } else {
            this.ctx = restore(b.checkpoint);
        }
    }

    // ------------------------------------------------------------------ checkpoints

    /** Version 2 added the monitors' states; version 1 checkpoints are still read, their monitors starting empty. */
    private static final int CHECKPOINT_VERSION = 2;
    private static final int CHECKPOINT_VERSION_WITHOUT_MONITORS = 1;

    /**
     * The complete state of this run between two steps (counters, iterate, optimizer state, random
     * stream, latest metrics, elapsed time, the problem's own state when it is
     * {@link Problem.Stateful}, and each monitor's when it is {@link Monitor.Stateful}). A run built
     * with the same configuration and {@link Builder#resume} of these bytes continues with bitwise
     * the same steps and measurements.
     */
    public byte[] checkpoint() {
        if (stopReason != null) {
            throw new IllegalStateException("checkpoint of a finished run");
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(CHECKPOINT_VERSION);
            out.writeLong(t);
            out.writeLong(updates);
            out.writeLong(skipped);
            out.writeInt(consecutiveSkips);
            out.writeLong(elapsed().toNanos());
            ctx.rng().snapshot().writeTo(out);
            out.writeInt(ctx.metricCount());
            for (int i = 0; i < ctx.metricCount(); i++) {
                out.writeUTF(ctx.metricName(i));
                out.writeDouble(ctx.metricValue(i));
            }
            paramsState().writeTo(out);
            state.writeTo(out);
            byte[] problemState = problem instanceof Problem.Stateful ps ? ps.snapshot() : new byte[0];
            out.writeInt(problemState.length);
            out.write(problemState);
            writeMonitors(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private StepContext restore(byte[] checkpoint) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(checkpoint))) {
            int version = in.readInt();
            if (version != CHECKPOINT_VERSION && version != CHECKPOINT_VERSION_WITHOUT_MONITORS) {
                throw new IllegalArgumentException("run checkpoint: version " + version + ", expected "
                        + CHECKPOINT_VERSION_WITHOUT_MONITORS + " or " + CHECKPOINT_VERSION);
            }
            t = in.readLong();
            updates = in.readLong();
            skipped = in.readLong();
            consecutiveSkips = in.readInt();
            elapsedBefore = in.readLong();
            RandomStream rng = RandomStream.restore(RandomStream.State.readFrom(in));
            StepContext c = new StepContext(problem, rng);
            int metrics = in.readInt();
            for (int i = 0; i < metrics; i++) {
                c.metric(in.readUTF(), in.readDouble());
            }
            paramsState().readFrom(in, "params");
            state.readFrom(in, optimizer.name());
            int problemBytes = in.readInt();
            if (problemBytes < 0 || problemBytes > in.available()) {
                throw new IllegalArgumentException("run checkpoint: its problem state claims " + problemBytes
                        + " bytes, " + in.available() + " remain");
            }
            byte[] problemState = in.readNBytes(problemBytes);
            if (problem instanceof Problem.Stateful ps) {
                ps.restore(problemState);
            } else if (problemState.length > 0) {
                throw new IllegalArgumentException("run checkpoint holds problem state, but problem '" + problem.name()
                        + "' keeps none");
            }
            if (version == CHECKPOINT_VERSION) {
                readMonitors(in);
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("run checkpoint: " + in.available() + " trailing bytes");
            }
            return c;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("run checkpoint is truncated or corrupt: " + e.getMessage(), e);
        }
    }

    /** Each monitor in order: whether it keeps state, and that state. */
    private void writeMonitors(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(monitors.size());
        for (Monitor m : monitors) {
            out.writeBoolean(m instanceof Monitor.Stateful);
            if (m instanceof Monitor.Stateful sm) {
                sm.state(problem, x).writeTo(out);
            }
        }
    }

    /** Reads {@link #writeMonitors} into this run's monitors, which must be the same kinds in the same order. */
    private void readMonitors(java.io.DataInputStream in) throws java.io.IOException {
        int count = in.readInt();
        if (count != monitors.size()) {
            throw new IllegalArgumentException("run checkpoint holds " + count + " monitors, the run has "
                    + monitors.size());
        }
        for (int i = 0; i < count; i++) {
            boolean stateful = in.readBoolean();
            Monitor m = monitors.get(i);
            if (stateful != m instanceof Monitor.Stateful) {
                throw new IllegalArgumentException("run checkpoint: monitor " + i + (stateful
                        ? " keeps state in the checkpoint, but the run's monitor keeps none"
                        : " keeps no state in the checkpoint, but the run's monitor does"));
            }
            if (m instanceof Monitor.Stateful sm) {
                sm.state(problem, x).readFrom(in, "monitor " + i);
            }
        }
    }

    /** The iterate wrapped as a state, to reuse its exact serialization. */
    private State paramsState() {
        State p = new State("params");
        p.addBuffer("x", x);
        return p;
    }

    /** Starts configuring a run of {@code optimizer} on {@code problem}. */
    public static Builder on(Problem problem, Transform optimizer) {
        return new Builder(problem, optimizer);
    }

    /** Configuration of a {@link Run}. */
    public static final class Builder {
        private final Problem problem;
        private final Transform optimizer;
        private final List<StoppingRule> rules = new ArrayList<>();
        private final List<Monitor> monitors = new ArrayList<>();
        private final List<Integer> monitorEvery = new ArrayList<>();
        private long seed;
        private DType stateDType;
        private int recordEvery = 1;
        private NonFinitePolicy policy = NonFinitePolicy.RAISE;
        private Blocks initialPoint;
        private byte[] checkpoint;
        private LongSupplier clock = System::nanoTime;

        private Builder(Problem problem, Transform optimizer) {
            if (problem == null || optimizer == null) {
                throw new IllegalArgumentException("run: problem and optimizer must not be null");
            }
            this.problem = problem;
            this.optimizer = optimizer;
        }

        /** Adds stopping rules (the first that fires ends the run). */
        public Builder stop(StoppingRule... r) {
            rules.addAll(List.of(r));
            return this;
        }

        /** Adds a monitor measured every {@code every} steps (and at the final point). */
        public Builder monitor(Monitor m, int every) {
            if (every < 1) {
                throw new IllegalArgumentException("monitor: every = " + every + " is outside [1, ∞)");
            }
            monitors.add(m);
            monitorEvery.add(every);
            return this;
        }

        /** The run's seed (initial point and the optimizer's random stream). Default 0. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** dtype of the optimizer's buffers (default: that of each parameter block). */
        public Builder stateDType(DType d) {
            this.stateDType = d;
            return this;
        }

        /**
         * Log a trajectory row every k steps; the final step, skipped steps and steps where a
         * monitor is due are always logged. Default 1.
         */
        public Builder recordEvery(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("recordEvery: k = " + k + " is outside [1, ∞)");
            }
            this.recordEvery = k;
            return this;
        }

        /** The non-finite policy (default {@link NonFinitePolicy#RAISE}). */
        public Builder nonFinite(NonFinitePolicy p) {
            this.policy = p;
            return this;
        }

        /**
         * The monotonic clock, in nanoseconds, of the time budget and the elapsed time (default
         * {@link System#nanoTime}). The run reads it when its first step starts, once per step (the
         * stopping rules), when it stops, and in {@link Run#result()} or {@link Run#checkpoint()}
         * before it stops; a test clock that advances a fixed amount per read therefore ends a time
         * budget at a step computed by hand.
         */
        public Builder clock(LongSupplier nanoTime) {
            if (nanoTime == null) {
                throw new IllegalArgumentException("run: clock must not be null");
            }
            this.clock = nanoTime;
            return this;
        }

        /** Starts from this point (copied) instead of the problem's seeded initial point. */
        public Builder initialPoint(Blocks x0) {
            this.initialPoint = x0;
            return this;
        }

        /**
         * Continues from a {@link Run#checkpoint()} of a run with this same configuration (problem,
         * optimizer, seed, settings) instead of starting at x₀.
         */
        public Builder resume(byte[] runCheckpoint) {
            this.checkpoint = runCheckpoint.clone();
            return this;
        }

        /** The configured run, ready to {@link Run#step()}. */
        public Run build() {
            return new Run(this);
        }

        /** Builds and runs to the end. */
        public RunResult run() {
            return build().runToEnd();
        }
    }

    /** Runs steps until a stopping rule fires. */
    public RunResult runToEnd() {
        while (step()) {
            // each call advances one step
        }
        return result();
    }

    /**
     * Performs up to {@code max} steps, as {@code max} calls of {@link #step()}; returns how many of
     * them advanced the run, fewer than {@code max} once it has stopped. Callers that check
     * something between batches (progress, checkpoints) keep their own loop cold, so the JIT does
     * not compile it again with the whole step inlined.
     */
    public int advance(int max) {
        for (int i = 0; i < max; i++) {
            if (!step()) {
                return i;
            }
        }
        return max;
    }

    /**
     * Performs step t: evaluate, guard, check stopping rules and monitors, update. Returns false
     * once the run has stopped (the final point was evaluated and logged).
     */
    public boolean step() {
        if (stopReason != null) {
            return false;
        }
        if (!started) {
            // The wall clock of the run (time budget, elapsed) starts with its first step, not when it is built.
            started = true;
            startNanos = clock.getAsLong();
        }
        loss = problem.valueAndGradient(x, grad);
        if (!Double.isFinite(loss) || grad.firstNonFinite() >= 0) {
            if (!policy.skip()) {
                throw nonFinite(null);
            }
            skipped++;
            gradNorm = Double.NaN;
            if (++consecutiveSkips > policy.maxConsecutive()) {
                throw nonFinite(consecutiveSkips + " consecutive steps skipped");
            }
            trajectory.beginRow(t, loss, Double.NaN);
            trajectory.put("skipped", 1);
            t++;
            return checkStop(Double.NaN);
        }
        consecutiveSkips = 0;
        gradNorm = grad.norm();
        boolean log = t % recordEvery == 0 || monitorDue();
        if (!checkStop(gradNorm)) {
            return false;
        }
        if (log) {
            trajectory.beginRow(t, loss, gradNorm);
            measureMonitors(false);
        }
        ctx.begin(t, loss, x);
        optimizer.update(grad, state, ctx);
        x.add(grad);
        updates++;
        if (log) {
            for (int i = 0, n = ctx.metricCount(); i < n; i++) {
                trajectory.put(ctx.metricName(i), ctx.metricValue(i));
            }
        }
        if (ctx.eventCount() > 0) {
            recordEvents();
        }
        t++;
        if (ctx.stopReason() != null) {
            stopReason = ctx.stopReason();
            stopNanos = clock.getAsLong();
            result = ctx.stopPoint();
            evaluateFinal();
            return false;
        }
        return true;
    }

    /** Copies the events of step t from the context into the trajectory (allocates only when there are some). */
    private void recordEvents() {
        for (int i = 0, n = ctx.eventCount(); i < n; i++) {
            Map<String, Double> fields = new java.util.LinkedHashMap<>();
            for (int j = 0, m = ctx.eventFieldCount(i); j < m; j++) {
                fields.put(ctx.eventFieldName(i, j), ctx.eventFieldValue(i, j));
            }
            trajectory.addEvent(new Trajectory.Event(t, ctx.eventKind(i), fields));
        }
    }

    /** Checks the rules at the current step; on a stop, logs the final row and returns false. */
    private boolean checkStop(double gn) {
        status.set(t, loss, gn, ctx.optimum(), elapsedBefore + clock.getAsLong() - startNanos);
        for (int i = 0, n = rules.size(); i < n; i++) {
            String why = rules.get(i).check(status);
            if (why != null) {
                stopReason = why;
                stopNanos = clock.getAsLong();
                if (!Double.isNaN(gn)) {
                    trajectory.beginRow(t, loss, gn);
                    measureMonitors(true);
                }
                return false;
            }
        }
        return true;
    }

    private void evaluateFinal() {
        Blocks point = result != null ? result : x;
        loss = problem.valueAndGradient(point, grad);
        gradNorm = grad.norm();
        trajectory.beginRow(t, loss, gradNorm);
        measureMonitors(true);
    }

    /** True when some monitor is due at step t. */
    private boolean monitorDue() {
        for (int i = 0, n = monitorEvery.size(); i < n; i++) {
            if (t % monitorEvery.get(i) == 0) {
                return true;
            }
        }
        return false;
    }

    private void measureMonitors(boolean always) {
        Blocks point = result != null ? result : x;
        for (int i = 0; i < monitors.size(); i++) {
            if (always || t % monitorEvery.get(i) == 0) {
                for (Map.Entry<String, Double> e : monitors.get(i).measure(problem, point, t).entrySet()) {
                    trajectory.put(e.getKey(), e.getValue());
                }
            }
        }
    }

    private NonFiniteException nonFinite(String detail) {
        if (!Double.isFinite(loss)) {
            return new NonFiniteException("loss (" + loss + ")", null, t, detail);
        }
        int k = grad.firstNonFinite();
        return new NonFiniteException("gradient", grad.block(k).name(), t, detail);
    }

    /** Wall-clock time from the first step to the stop (or to now while running; zero before the first step). */
    private Duration elapsed() {
        if (!started) {
            return Duration.ofNanos(elapsedBefore);
        }
        return Duration.ofNanos(elapsedBefore + (stopReason != null ? stopNanos : clock.getAsLong()) - startNanos);
    }

    /** The result so far (final once {@link #step()} has returned false). */
    public RunResult result() {
        return new RunResult(result != null ? result : x, loss, gradNorm, updates, stopReason, skipped, elapsed(),
                trajectory);
    }

    /** The current iterate x_t (live, not a copy). */
    public Blocks params() {
        return x;
    }

    /** The optimizer's state (live). */
    public State optimizerState() {
        return state;
    }

    /** The step index t of the next step. */
    public long stepIndex() {
        return t;
    }

    /** The trajectory so far. */
    public Trajectory trajectory() {
        return trajectory;
    }
}
